// SPDX-License-Identifier: GPL-2.0-only
/**
 * What the loader makes of a topology file and the simulation is built from:
 * the types of a checked topology.  The checks' specs are declared here;
 * those of nodes, links and commands by their models, re-exported; an app's
 * by its kind.
 */
import type { LinkSpec } from '../net/point-to-point-link-params';
import type { NodeSpec } from '../node/node-params';
import type { AppSpecBase } from './app-kind';

/* The models' own types, for those that take a topology's parts; each is declared by its model. */
export type { CommandSpec } from '../node/command-params';
export type { LinkSpec } from '../net/point-to-point-link-params';
export type { NodeSpec } from '../node/node-params';

/**
 * A topology as the simulator uses it: every value checked and in its
 * unit (times in ns, rates in bit/s, sizes in bytes), every default
 * applied (by the model each part describes), nodes in name order.
 * Models are built from this, never from YAML.
 */
export interface Topology {
  /** The file it was read from (for messages). */
  readonly file: string;
  /** How long to simulate, ns. */
  readonly duration: bigint;
  /** Seed of every random choice of the run. */
  readonly seed: bigint;
  readonly nodes: readonly NodeSpec[];
  readonly links: readonly LinkSpec[];
  /** In file order, each built by its kind (apps/app-kinds.ts), which declares its full type. */
  readonly apps: readonly AppSpecBase[];
  readonly traces: TraceSpec;
  /** `checks:` in the order written. */
  readonly checks: readonly CheckSpec[];
}

/** Which traces to write. */
export interface TraceSpec {
  readonly pcap: boolean;
}

/**
 * One entry of `checks:`: a command run on a node at a time and matched,
 * or a predicate on an app's result or a link's counters at the end.
 */
export type CheckSpec = CommandCheckSpec | AppCheckSpec | LinkCheckSpec;

/** What every check has. */
export interface CheckBase {
  /** Its description in TAP and summary.json (`name:`), or null to derive one. */
  readonly name: string | null;
  /** Where the entry is ("checks[3]") and its line, for messages. */
  readonly path: string;
  readonly line: number;
}

/** `{ at, node, cmd, stdin?, json?, expect?, match?, stderr?, exit? }`: a real program's output at a simulated time. */
export interface CommandCheckSpec extends CheckBase {
  readonly kind: 'command';
  /** Simulated time, ns. */
  readonly at: bigint;
  readonly node: string;
  /** The command line as written, and its words. */
  readonly cmd: string;
  readonly argv: readonly string[];
  /** Text fed to the program's standard input (`stdin:`), or null for /dev/null. */
  readonly stdin: string | null;
  /** Expected JSON, matched as a subset of the parsed stdout; undefined: not checked. */
  readonly json: unknown;
  /** Key paths into the parsed stdout and what they must be (`expect:`); empty: not checked. */
  readonly expect: ReadonlyArray<readonly [string, Expectation]>;
  /** Regular expression stdout must match (JavaScript syntax, `m` flag), or null. */
  readonly match: string | null;
  /** Regular expression stderr must match, or null. */
  readonly stderr: string | null;
  /** Expected exit status (default 0). */
  readonly exit: number;
}

/**
 * One expected value: equal (a subset match for objects and arrays),
 * within bounds, or (`{ same: true }`, for a path with `*`) every value
 * the path names equal to the others.
 */
export type Expectation =
  | { readonly kind: 'equal'; readonly value: unknown }
  | { readonly kind: 'range'; readonly min: number | null; readonly max: number | null }
  | { readonly kind: 'same' };

/** `{ app, expect }`: the app's result at the end of the run. */
export interface AppCheckSpec extends CheckBase {
  readonly kind: 'app';
  /** Index of the app in `apps:`. */
  readonly app: number;
  /** Dotted key path into the result (`received`, `streams.0.lost`, `streams.*.lost`) and what it must be. */
  readonly expect: ReadonlyArray<readonly [string, Expectation]>;
}

/** `{ link, expect }`: a link's counters at the end of the run. */
export interface LinkCheckSpec extends CheckBase {
  readonly kind: 'link';
  /** The link's name, `node:iface-node:iface` in the order of its endpoints. */
  readonly link: string;
  /** Dotted key path into its directions (`ab.dropsQueue`) and what it must be. */
  readonly expect: ReadonlyArray<readonly [string, Expectation]>;
}
