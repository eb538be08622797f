// SPDX-License-Identifier: GPL-2.0-only
/**
 * struct sockaddr_in / sockaddr_in6 for system call arguments, as the
 * kernel lays them out on x86-64 (ports and addresses in network order).
 * Shared by the apps.
 */
import { AF } from '../kernel/linux-abi';
import { formatIp, parseIp } from './ip-address';
import type { IpFamily } from './ip-address';

/** sizeof(struct sockaddr_in), sizeof(struct sockaddr_in6). */
export const SOCKADDR_IN_LEN = 16;
export const SOCKADDR_IN6_LEN = 28;

/**
 * The sockaddr for `address` ("10.0.0.2", "fd00::2") and `port`: 16 bytes
 * for IPv4, 28 for IPv6 (flow info and scope id 0).
 * @throws IpAddressError for a bad literal
 */
export function sockaddr(address: string, port: number): Buffer {
  const ip = parseIp(address);
  if (ip.family === 4) {
    const sa = Buffer.alloc(SOCKADDR_IN_LEN);
    sa.writeUInt16LE(AF.INET, 0);
    sa.writeUInt16BE(port, 2);
    sa.set(ip.bytes, 4);
    return sa;
  }
  const sa = Buffer.alloc(SOCKADDR_IN6_LEN);
  sa.writeUInt16LE(AF.INET6, 0);
  sa.writeUInt16BE(port, 2);
  sa.set(ip.bytes, 8);
  return sa;
}

/** An empty sockaddr buffer large enough for `family` (for recvfrom, getsockname). */
export function sockaddrBuffer(family: IpFamily): Buffer {
  return Buffer.alloc(family === 4 ? SOCKADDR_IN_LEN : SOCKADDR_IN6_LEN);
}

/** Reads a sockaddr_in / sockaddr_in6; null for another family. */
export function parseSockaddr(sa: Buffer): { family: IpFamily; address: string; port: number } | null {
  const family = sa.readUInt16LE(0);
  if (family === AF.INET && sa.length >= SOCKADDR_IN_LEN) {
    return { family: 4, address: formatIp(sa.subarray(4, 8)), port: sa.readUInt16BE(2) };
  }
  if (family === AF.INET6 && sa.length >= SOCKADDR_IN6_LEN) {
    return { family: 6, address: formatIp(sa.subarray(8, 24)), port: sa.readUInt16BE(2) };
  }
  return null;
}

/**
 * A peer's "address:port" as a server on a dual-stack (AF_INET6) socket
 * sees it, with IPv4-mapped addresses (::ffff:a.b.c.d) written as IPv4:
 * "10.0.0.1:40000", "[fd00::1]:40000"; "?" for another family.
 */
export function formatPeer(sa: Buffer): string {
  const p = parseSockaddr(sa);
  if (p === null) return '?';
  if (p.family === 6) {
    const b = sa.subarray(8, 24);
    const mapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
    if (mapped) return `${formatIp(b.subarray(12, 16))}:${p.port}`;
    return `[${p.address}]:${p.port}`;
  }
  return `${p.address}:${p.port}`;
}
