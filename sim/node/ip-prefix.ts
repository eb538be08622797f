// SPDX-License-Identifier: GPL-2.0-only
/**
 * Addresses as a topology writes them: `address/length` for an interface, a
 * plain address for a gateway or an app's destination.  The loader and the
 * parameter tables (node-params.ts, apps/app-params.ts) parse them here,
 * with the node's own parser (ip-address.ts).
 */
import { quote } from '../core/quote';
import { IpAddressError, parseCidr, parseIp } from './ip-address';

/**
 * An interface address with its prefix length, as in `10.0.0.1/24`, as
 * the topology model keeps it: the text the user wrote, checked by the
 * same parser the node uses to configure it (so `validate` accepts
 * exactly what a run can apply).
 */
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
  const slash = text.lastIndexOf('/');
  try {
    if (slash < 0) throw new IpAddressError('no /length');
    const p = parseCidr(text);
    return { family: p.family, address: text.slice(0, slash), prefixLength: p.prefixLength };
  } catch (err) {
    if (!(err instanceof IpAddressError)) throw err;
    throw new Error(`${quote(text)} is not an IP prefix (expected address/length, e.g. 10.0.0.1/24 or fd00::1/64)`);
  }
}

/** Parses a plain IPv4 or IPv6 address; returns it with its family. */
export function parseIpAddress(text: string): { family: 4 | 6; address: string } {
  try {
    return { family: parseIp(text).family, address: text };
  } catch (err) {
    if (!(err instanceof IpAddressError)) throw err;
    throw new Error(`${quote(text)} is not an IP address`);
  }
}
