// SPDX-License-Identifier: GPL-2.0-only
/**
 * IP address and prefix literals to bytes and back, for building kernel
 * messages (rtnetlink, sockaddr).  Hand-written rather than node:net
 * because node:net validates but never hands back the bytes.
 */
import { quote } from '../core/quote';
import { InternalError } from '../core/errors';

/** Address family as the user writes it: 4 or 6. */
export type IpFamily = 4 | 6;

/** An address in network byte order. */
export interface IpAddress {
  family: IpFamily;
  /** 4 or 16 bytes. */
  bytes: Uint8Array;
}

/** An address with a prefix length, e.g. 10.0.0.1/24. */
export interface IpPrefix extends IpAddress {
  prefixLength: number;
}

/** A literal that is not an IPv4/IPv6 address or prefix; the message quotes it. */
export class IpAddressError extends InternalError {
  override readonly name = 'IpAddressError';
}

function parseV4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] as string;
    // Decimal only, no leading zeros: "010" is octal to inet_aton, ambiguous here.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    out[i] = v;
  }
  return out;
}

function parseV6(text: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as string;
      if (i === parts.length - 1 && p.includes('.')) {
        // An embedded IPv4 tail, e.g. ::ffff:10.0.0.1.
        const v4 = parseV4(p);
        if (!v4) return null;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null;
      out.push(parseInt(p, 16));
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/**
 * Parses "10.0.0.1" or "2001:db8::1".
 * @throws IpAddressError
 */
export function parseIp(text: string): IpAddress {
  const v4 = parseV4(text);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = text.includes(':') ? parseV6(text) : null;
  if (v6) return { family: 6, bytes: v6 };
  throw new IpAddressError(`not an IPv4 or IPv6 address: ${quote(text)}`);
}

/**
 * Parses "10.0.0.1/24" or "2001:db8::1/64"; without "/len" the prefix is
 * the whole address (/32 or /128).
 * @throws IpAddressError
 */
export function parseCidr(text: string): IpPrefix {
  const slash = text.indexOf('/');
  const addr = parseIp(slash < 0 ? text : text.slice(0, slash));
  const max = addr.family === 4 ? 32 : 128;
  if (slash < 0) return { ...addr, prefixLength: max };
  const len = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(len) || Number(len) > max) {
    throw new IpAddressError(`bad prefix length in ${quote(text)} (0..${max})`);
  }
  return { ...addr, prefixLength: Number(len) };
}

/**
 * Formats 4 or 16 bytes: dotted quad, or RFC 5952 text for IPv6 (lower
 * case, the longest run of two or more zero groups as "::", first run on a tie).
 * @throws IpAddressError for another length
 */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) throw new IpAddressError(`an address has 4 or 16 bytes, not ${bytes.length}`);
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(((bytes[2 * i] as number) << 8) | (bytes[2 * i + 1] as number));
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]): string => a.map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return hex(g);
  return `${hex(g.slice(0, bestAt))}::${hex(g.slice(bestAt + bestLen))}`;
}
