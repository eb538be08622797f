// SPDX-License-Identifier: GPL-2.0-only
/**
 * The union of every app's result: the entries of summary.json's `apps`
 * (docs/summary-schema.md), told apart by `type`.
 */
import type { PingResult } from './ping';
import type { ProcessResult } from './process';
import type { TcpBulkResult } from './tcp-bulk';
import type { TcpSinkResult } from './tcp-sink';
import type { UdpCbrResult } from './udp-cbr';
import type { UdpEchoResult } from './udp-echo';
import type { UdpEchoServerResult } from './udp-echo-server';
import type { UdpSinkResult } from './udp-sink';

/** One app's entry in summary.json, told apart by `type`. */
export type AppResult =
  | PingResult
  | ProcessResult
  | TcpBulkResult
  | TcpSinkResult
  | UdpCbrResult
  | UdpSinkResult
  | UdpEchoResult
  | UdpEchoServerResult;
