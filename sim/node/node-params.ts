// SPDX-License-Identifier: GPL-2.0-only
/**
 * What a node is given (node-config.ts applies it): its keys in a topology
 * file, declared once in tables from which the loader's checks and the JSON
 * Schema follow, and the types the node is built from.  An interface and a
 * route have tables of their own; the node's own keys are structures the
 * loader reads itself (nested), declared here so that they are listed and
 * documented in one place.
 */
import { integer, nested, text } from '../core/param';
import type { Given, ParamsOf } from '../core/param';
import { withDefaults } from '../core/param-defaults';
import { ParamError, parseParam } from '../core/param-error';
import { quote } from '../core/quote';
import { parseIpAddress, parseIpPrefix } from './ip-prefix';
import type { IpPrefix } from './ip-prefix';
import type { CommandSpec } from './command-params';
import type { SourceRef } from '../core/source-ref';

/** A node's keys. */
export const NODE_PARAMS = {
  interfaces: nested({ doc: 'its virtual Ethernet interfaces, by name' }),
  routes: nested({ doc: 'routes added at start (ip route add), in the order written' }),
  sysctls: nested({ doc: 'sysctls by dotted name, set in the order written before any interface is up' }),
  run: nested({
    doc:
      "Commands run by the real ip, tc, sysctl, bridge or ss against the node's kernel: a string runs at 0 " +
      '(after configuration, in order); a map at its time, with stdin: as its standard input if given.',
  }),
  kernel: nested({
    doc:
      "The liblinux this node runs: a library file (relative to this file's directory) or the id of a kept build " +
      'as `libsim kernels` lists it. Default: --kernel, else kernel/build/liblinux.so.',
  }),
} as const;

/** An interface's keys. */
export const INTERFACE_PARAMS = {
  addresses: nested({ doc: 'its addresses, address/length each' }),
  mtu: integer({ doc: 'MTU in bytes', min: 68, max: 65535, default: null, unset: "its link's, else 1500" }),
} as const;

/** A route's keys. */
export const ROUTE_PARAMS = {
  to: text({ doc: 'a prefix, or default', required: 'missing to: (a prefix such as 10.1.0.0/16, or default)' }),
  via: text({ doc: 'the gateway, an address of the same family', default: null, unset: 'none, then dev: is required' }),
  dev: text({ doc: 'an interface of this node', default: null, unset: "the gateway's" }),
  metric: integer({ doc: 'priority, lowest first', min: 0, max: 0xffffffff, default: null, unset: "the kernel's" }),
  table: integer({ doc: 'routing table, for policy routing', min: 1, max: 0xfffffffe, default: null, unset: 'main' }),
} as const;

/** One simulated host or router. */
export interface NodeSpec {
  readonly name: string;
  /** Interfaces in name order. */
  readonly interfaces: readonly InterfaceSpec[];
  readonly routes: readonly RouteSpec[];
  /** Sysctls by dotted name, values as text, in the order written (with where each is, when read from a file). */
  readonly sysctls: ReadonlyArray<readonly [name: string, value: string, source?: SourceRef]>;
  /**
   * Commands run by real programs against the node's kernel (`run:`):
   * those at 0 in the order written, after configuration; the others at
   * their time, in time order (ties in the order written).  Absent means none.
   */
  readonly run?: readonly CommandSpec[];
  /**
   * The liblinux this node runs (`kernel:`), as an absolute path; null:
   * the run's default (`--kernel`, else kernel/build/liblinux.so).
   */
  readonly kernel?: string | null;
  /** Where `kernel:` is, when read from a file. */
  readonly kernelSource?: SourceRef;
}

/** A virtual Ethernet interface of a node: its name, addresses and MTU (null: its link's, else 1500). */
export interface InterfaceSpec extends ParamsOf<typeof INTERFACE_PARAMS> {
  readonly name: string;
  readonly addresses: readonly AddressSpec[];
  /** Where the interface is, when read from a file (so that what the kernel refuses names it). */
  readonly source?: SourceRef;
}

/** An address of an interface, with where it is when read from a file. */
export interface AddressSpec extends IpPrefix {
  readonly source?: SourceRef;
}

/** A route added at start (`ip route add`): `to` is null for the default route of `family`. */
export interface RouteSpec extends Omit<ParamsOf<typeof ROUTE_PARAMS>, 'to'> {
  readonly to: IpPrefix | null;
  readonly family: 4 | 6;
  /** Where the route is, when read from a file. */
  readonly source?: SourceRef;
}

/** An interface's parameters from what a file gave, the node's defaults applied. */
export function interfaceParams(given: Given<typeof INTERFACE_PARAMS>): ParamsOf<typeof INTERFACE_PARAMS> {
  return withDefaults(INTERFACE_PARAMS, given);
}

/**
 * A route from what a file gave on a node with interfaces `ifnames`.
 * @throws ParamError at the key that cannot be used: a prefix or gateway that is
 *   not one, a device the node lacks, families that differ; or at the route
 *   when it has neither gateway nor device
 */
export function routeParams(given: Given<typeof ROUTE_PARAMS>, ifnames: readonly string[]): Omit<RouteSpec, 'source'> {
  const p = withDefaults(ROUTE_PARAMS, given);
  const to = p.to === 'default' ? null : parseParam('to', p.to, parseIpPrefix);
  const via = p.via === null ? null : parseParam('via', p.via, parseIpAddress);
  if (p.dev !== null && !ifnames.includes(p.dev)) {
    throw new ParamError('dev', `no interface ${quote(p.dev)} on this node`);
  }
  if (via === null && p.dev === null) throw new ParamError(null, 'a route needs via:, dev: or both');
  if (via !== null && to !== null && via.family !== to.family) {
    throw new ParamError('via', `${via.address} is not of the same family as ${p.to}`);
  }
  return { ...p, to, family: to?.family ?? via?.family ?? 4, via: via?.address ?? null };
}
