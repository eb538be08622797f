// SPDX-License-Identifier: GPL-2.0-only
import { isIP } from 'node:net';

/** An interface address with its prefix length, as in `10.0.0.1/24`. */
export interface IpPrefix {
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** The address as written (canonical forms are the kernel's business). */
  readonly address: string;
  /** Prefix length: 0..32 (IPv4) or 0..128 (IPv6). */
  readonly prefixLength: number;
}

/** Parses `address/length`; throws an Error saying what was expected. */
export function parseIpPrefix(text: string): IpPrefix {
  const bad = new Error(`"${text}" is not an IP prefix (expected address/length, e.g. 10.0.0.1/24 or fd00::1/64)`);
  const slash = text.lastIndexOf('/');
  if (slash < 0)
    throw bad;
  const address = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  const family = isIP(address);
  if ((family !== 4 && family !== 6) || !/^\d{1,3}$/.test(lengthText))
    throw bad;
  const prefixLength = Number(lengthText);
  if (prefixLength > (family === 4 ? 32 : 128))
    throw bad;
  return { family, address, prefixLength };
}

/** Parses a plain IPv4 or IPv6 address; returns it with its family. */
export function parseIpAddress(text: string): { family: 4 | 6; address: string } {
  const family = isIP(text);
  if (family !== 4 && family !== 6)
    throw new Error(`"${text}" is not an IP address`);
  return { family, address: text };
}
