// SPDX-License-Identifier: GPL-2.0-only
/** The parameters of the TCP sink (tcp-sink.ts): those of both sinks (app-params.ts). */
import { reportsUntilEnd, serverKind, SINK_PARAMS } from './app-params';
import type { SpecOf } from './app-params';

/** tcp-sink, as the loader reads it. */
export const TCP_SINK_KIND = serverKind('tcp-sink', 'TCP server that reads every connection to its end.', SINK_PARAMS, {
  reportIntervals: reportsUntilEnd,
});

/** A TCP server that accepts connections and reads them to the end, counting bytes per interval. */
export type TcpSinkAppSpec = SpecOf<typeof TCP_SINK_KIND>;
