// SPDX-License-Identifier: GPL-2.0-only
import type { LinkSpec } from '../net/point-to-point-link-params';
import type { NodeSpec } from '../node/node-params';

/* The models' own types, for those that take a topology's parts; each is declared by its model. */
export type { CommandSpec } from './command-params';
export type { LinkSpec } from '../net/point-to-point-link-params';
export type { NodeSpec } from '../node/node-params';

/**
 * A topology as the simulator uses it: every value checked and in its
 * unit (times in ns, rates in bit/s, sizes in bytes), every default
 * applied, nodes in name order.  Models are built from this, never from
 * YAML.
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
  readonly apps: readonly AppSpec[];
  readonly traces: TraceSpec;
  /** `checks:` in the order written. */
  readonly checks: readonly CheckSpec[];
}

/** An application: a client or a server, by its `type`. */
export type AppSpec =
  | PingAppSpec
  | TcpBulkAppSpec
  | TcpSinkAppSpec
  | UdpCbrAppSpec
  | UdpSinkAppSpec
  | UdpEchoAppSpec
  | UdpEchoServerAppSpec;

/** The `type` of an app. */
export type AppType = AppSpec['type'];

/** ICMP echo from a node, like ping(8). */
export interface PingAppSpec {
  readonly type: 'ping';
  readonly node: string;
  readonly to: string;
  readonly family: 4 | 6;
  readonly count: number;
  /** ns between requests. */
  readonly interval: bigint;
  /** ns from the start of the run. */
  readonly start: bigint;
  /** ICMP payload bytes. */
  readonly size: number;
  /** IP TTL (IPv6 hop limit) of the requests, or null for the kernel's default (64). */
  readonly ttl: number | null;
}

/** An iperf3-style TCP sender: connects to a tcp-sink and writes as fast as TCP allows. */
export interface TcpBulkAppSpec {
  readonly type: 'tcp-bulk';
  readonly node: string;
  readonly to: string;
  readonly family: 4 | 6;
  readonly port: number;
  /** ns from the start of the run (connect). */
  readonly start: bigint;
  /** Stop writing after this long (ns), or null when `bytes` is given. */
  readonly duration: bigint | null;
  /** Write exactly this many bytes, or null when `duration` is given. */
  readonly bytes: bigint | null;
  /** Congestion control (TCP_CONGESTION), or null for the kernel's default. */
  readonly congestion: string | null;
  /** ns between TCP_INFO snapshots (the report interval). */
  readonly interval: bigint;
  /** Bytes per write(). */
  readonly writeSize: number;
}

/** A TCP server that accepts connections and reads them to the end, counting bytes. */
export interface TcpSinkAppSpec {
  readonly type: 'tcp-sink';
  readonly node: string;
  readonly port: number;
  /** ns from the start of the run (listen). */
  readonly start: bigint;
  /** ns per throughput interval. */
  readonly interval: bigint;
}

/** A UDP sender at a constant rate. */
export interface UdpCbrAppSpec {
  readonly type: 'udp-cbr';
  readonly node: string;
  readonly to: string;
  readonly family: 4 | 6;
  readonly port: number;
  readonly start: bigint;
  /** How long to send, ns. */
  readonly duration: bigint;
  /** UDP payload bits per second. */
  readonly rate: bigint;
  /** UDP payload bytes per datagram. */
  readonly size: number;
  /** ns per throughput interval. */
  readonly interval: bigint;
  /** Source port to bind, or null for one the kernel picks (iperf3 --cport). */
  readonly sport: number | null;
}

/** A UDP receiver that measures loss, jitter and reordering of udp-cbr streams. */
export interface UdpSinkAppSpec {
  readonly type: 'udp-sink';
  readonly node: string;
  readonly port: number;
  readonly start: bigint;
  /** ns per throughput interval. */
  readonly interval: bigint;
}

/** A UDP echo client: `count` requests, `interval` apart, RTT per request. */
export interface UdpEchoAppSpec {
  readonly type: 'udp-echo';
  readonly node: string;
  readonly to: string;
  readonly family: 4 | 6;
  readonly port: number;
  readonly count: number;
  /** ns between requests. */
  readonly interval: bigint;
  readonly start: bigint;
  /** UDP payload bytes. */
  readonly size: number;
}

/** A UDP echo server: sends every datagram back to where it came from. */
export interface UdpEchoServerAppSpec {
  readonly type: 'udp-echo-server';
  readonly node: string;
  readonly port: number;
  readonly start: bigint;
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
