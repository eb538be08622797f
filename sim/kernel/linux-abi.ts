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
export const MSG = { TRUNC: 0x20, DONTWAIT: 0x40, NOSIGNAL: 0x4000 } as const;

/** poll events. */
export const POLL = { IN: 0x1, OUT: 0x4, ERR: 0x8, HUP: 0x10 } as const;
