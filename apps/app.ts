// SPDX-License-Identifier: GPL-2.0-only
/**
 * What the simulation needs of every app, and the union of their results
 * (the entries of summary.json's `apps`; docs/summary-schema.md).
 */
import type { PingResult } from './ping';
import type { TcpBulkResult } from './tcp-bulk';
import type { TcpSinkResult } from './tcp-sink';
import type { UdpCbrResult } from './udp-cbr';
import type { UdpEchoResult } from './udp-echo';
import type { UdpEchoServerResult } from './udp-echo-server';
import type { UdpSinkResult } from './udp-sink';

/** One app's entry in summary.json, told apart by `type`. */
export type AppResult =
  | PingResult
  | TcpBulkResult
  | TcpSinkResult
  | UdpCbrResult
  | UdpSinkResult
  | UdpEchoResult
  | UdpEchoServerResult;

/** An app on a node: started once, asked for its result at the end of the run. */
export interface App {
  /** Schedules the app at its start time. */
  start(): void;
  /** The result so far (final once the app has finished; servers never finish). */
  result(): AppResult;
  /** Whether a client has finished (servers: false). */
  readonly isFinished: boolean;
}
