// SPDX-License-Identifier: GPL-2.0-only
/**
 * What the apps' parameter tables share (each app declares its own table in
 * its `<app>-params.ts`): the keys several apps have, and the helpers that
 * turn a table into the kind the loader reads (sim/topology/app-kind.ts),
 * with the spec type that follows from it.
 */
import { duration, integer, text } from '../sim/core/param';
import type { Given, ParamsOf, ParamTable, TextParam } from '../sim/core/param';
import { withDefaults } from '../sim/core/param-defaults';
import { parseParam } from '../sim/core/param-error';
import type { AppKind, AppSpecBase } from '../sim/topology/app-kind';
import { parseIpAddress } from '../sim/node/ip-prefix';
import { intervalsBetween } from '../sim/topology/report-intervals';

/** Largest UDP payload (or ICMP echo payload) in an IPv4 datagram: 65535 - 20 (IP) - 8 (UDP or ICMP). */
export const MAX_UDP_PAYLOAD = 65507;

/** When an app starts. */
export const START = duration({ doc: 'when it starts, from the start of the run', default: 0n });

/** The report interval of the flow apps and sinks. */
export const REPORT_INTERVAL = duration({
  doc: 'report interval (throughput per interval)',
  positive: true,
  default: 100_000_000n,
});

/** The time between a client's requests. */
export const REQUEST_INTERVAL = duration({ doc: 'time between requests', positive: true, default: 1_000_000_000n });

/** iperf3's port, the default of the flow apps and sinks. */
export const FLOW_PORT = integer({ doc: 'port', min: 1, max: 65535, default: 5201 });

/** The echo service's port (RFC 862). */
export const ECHO_PORT = integer({ doc: 'port', min: 1, max: 65535, default: 7 });

/** A client's destination; `type` names the app in the message when it is missing. */
export function destination(type: string): TextParam & { readonly required: string } {
  return text({ doc: 'the address to send to', required: `a ${type} app needs to: (the address to send to)` });
}

/** The keys of both sinks (tcp-sink, udp-sink). */
export const SINK_PARAMS = { port: FLOW_PORT, start: START, interval: REPORT_INTERVAL } as const;

/** What an app of type K with table T is given: its values with their defaults. */
export type ServerSpec<K extends string, T extends ParamTable> = {
  readonly type: K;
  readonly node: string;
} & ParamsOf<T>;

/** A client's spec: a server's, and the family of its destination `to`. */
export type ClientSpec<K extends string, T extends ParamTable> = ServerSpec<K, T> & { readonly family: 4 | 6 };

/** The spec type of a kind. */
export type SpecOf<A> = A extends AppKind<infer S> ? S : never;

/** What a kind has besides its type, doc and table. */
interface KindExtras<S extends AppSpecBase> {
  readonly exclusive?: ReadonlyArray<readonly [string, string]>;
  reportIntervals?(spec: S, duration: bigint): bigint;
}

/** The kind of an app that takes the values of `params` as they are, its defaults applied. */
export function serverKind<K extends string, T extends ParamTable>(
  type: K,
  doc: string,
  params: T,
  extras: KindExtras<ServerSpec<K, T>> = {},
): AppKind<ServerSpec<K, T>> {
  return kind(type, doc, params, (node, given) => ({ type, node, ...withDefaults(params, given) }), extras);
}

/**
 * The kind of an app that sends to the address `to` (a required key of
 * `params`): a server's, and the family of `to`.
 */
export function clientKind<K extends string, T extends ParamTable>(
  type: K,
  doc: string,
  params: T,
  extras: KindExtras<ClientSpec<K, T>> = {},
): AppKind<ClientSpec<K, T>> {
  // `to` is required: the loader has refused an entry without it.
  return kind(
    type,
    doc,
    params,
    (node, given) => ({
      type,
      node,
      ...withDefaults(params, given),
      ...addressOf((given as Given<T> & { readonly to: string }).to),
    }),
    extras,
  );
}

/** A kind from its parts; `spec` is called with what the loader read by `params`. */
export function kind<K extends string, T extends ParamTable, S extends AppSpecBase & { readonly type: K }>(
  type: K,
  doc: string,
  params: T,
  spec: (node: string, given: Given<T>) => S,
  extras: KindExtras<NoInfer<S>> = {},
): AppKind<S> {
  // The loader reads `given` by `params`, so it has the shape Given<T> says.
  return { type, doc, params, ...extras, spec: (node, given) => spec(node, given as Given<T>) };
}

/** Report intervals from the app's start to the end of the run (the flow apps and sinks). */
export function reportsUntilEnd(spec: { readonly start: bigint; readonly interval: bigint }, duration: bigint): bigint {
  return intervalsBetween(spec.start, duration, spec.interval);
}

/**
 * The destination's address and family.
 * @throws ParamError at `to` when it is not an IP address
 */
function addressOf(to: string): { readonly to: string; readonly family: 4 | 6 } {
  const { address, family } = parseParam('to', to, parseIpAddress);
  return { to: address, family };
}
