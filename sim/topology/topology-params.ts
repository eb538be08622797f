// SPDX-License-Identifier: GPL-2.0-only
/**
 * The top-level keys of a topology file and of its `traces:`, declared once
 * (the loader's checks and the JSON Schema follow from them).  The nested
 * ones are read by the loader with the tables of the models they describe.
 */
import { duration, flag, integer, nested } from '../core/param';
import type { Given } from '../core/param';
import { withDefaults } from '../core/param-defaults';

/** A topology file's keys. */
export const TOPOLOGY_PARAMS = {
  duration: duration({ doc: 'how long to simulate', default: 10_000_000_000n }),
  seed: integer({ doc: 'seed of every random choice', min: 0, max: Number.MAX_SAFE_INTEGER, default: 1 }),
  nodes: nested({ doc: 'the nodes, by name', required: 'missing nodes:' }),
  links: nested({ doc: 'point-to-point links between two interfaces' }),
  apps: nested({
    doc: 'applications; servers (tcp-sink, udp-sink, udp-echo-server) start before clients that start at the same time',
  }),
  traces: nested({ doc: 'which traces to write' }),
  checks: nested({
    doc:
      'Checks: a command on a node at a time matched against json (subset) and expect (key paths into the parsed ' +
      "stdout), match/stderr (regular expressions, JavaScript syntax, m flag) and exit (default 0); or an app's " +
      "result / a link's counters at the end of the run against expect. libsim run records them in summary.json " +
      '(exit 1 if one fails); libsim test prints TAP.',
  }),
} as const;

/** The keys of `traces:`. */
export const TRACE_PARAMS = {
  pcap: flag({ doc: 'write a pcap per device', default: true }),
} as const;

/** The run's own settings: how long, which seed, which traces. */
export interface RunParams {
  /** How long to simulate, ns. */
  readonly duration: bigint;
  /** Seed of every random choice of the run. */
  readonly seed: bigint;
}

/** The run's settings from what a file gave, their defaults applied. */
export function runParams(given: Given<typeof TOPOLOGY_PARAMS>): RunParams {
  const p = withDefaults(TOPOLOGY_PARAMS, given);
  return { duration: p.duration, seed: BigInt(p.seed) };
}

/** Which traces to write, from what a file gave (all of them by default). */
export function traceParams(given: Given<typeof TRACE_PARAMS>): { readonly pcap: boolean } {
  return withDefaults(TRACE_PARAMS, given);
}
