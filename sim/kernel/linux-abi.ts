// SPDX-License-Identifier: GPL-2.0-only
/**
 * Socket-level constants of the Linux ABI (x86-64 and asm-generic agree on
 * these), shared by everything that makes system calls on a node: one
 * place, so apps and configuration code cannot disagree.  Netlink's own
 * message constants live in sim/node/netlink-message.ts.
 */

/** Address families. */
export const AF = { UNSPEC: 0, INET: 2, INET6: 10, NETLINK: 16 } as const;

/** Socket types and socket() flags. */
export const SOCK = { STREAM: 1, DGRAM: 2, RAW: 3, NONBLOCK: 0o4000, CLOEXEC: 0o2000000 } as const;

/** Protocols. */
export const IPPROTO = { ICMP: 1, TCP: 6, UDP: 17, ICMPV6: 58 } as const;

/** send/recv flags. */
export const MSG = { TRUNC: 0x20, DONTWAIT: 0x40, ERRQUEUE: 0x2000, NOSIGNAL: 0x4000 } as const;

/** poll events. */
export const POLL = { IN: 0x1, OUT: 0x4, ERR: 0x8, HUP: 0x10 } as const;

/** Socket option levels (setsockopt/getsockopt). */
export const SOL = { IP: 0, SOCKET: 1, TCP: 6, IPV6: 41 } as const;

/** SOL_IP options (uapi/linux/in.h). */
export const IP_OPT = { TTL: 2, RECVERR: 11 } as const;

/** SOL_IPV6 options (uapi/linux/in6.h). */
export const IPV6_OPT = { UNICAST_HOPS: 16, RECVERR: 25 } as const;

/** SOL_SOCKET options (asm-generic/socket.h). */
export const SO = { REUSEADDR: 2, SNDBUF: 7, RCVBUF: 8, RCVLOWAT: 18 } as const;

/** SOL_TCP options (uapi/linux/tcp.h). */
export const TCP_OPT = { NODELAY: 1, INFO: 11, CONGESTION: 13 } as const;

/** Longest congestion control name the kernel accepts, without its NUL (TCP_CA_NAME_MAX - 1). */
export const TCP_CA_NAME_MAX = 15;

/** shutdown() directions. */
export const SHUT = { RD: 0, WR: 1, RDWR: 2 } as const;
