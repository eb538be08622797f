// SPDX-License-Identifier: GPL-2.0-only
/** The parameters of the UDP sink (udp-sink.ts): those of both sinks (app-params.ts). */
import { reportsUntilEnd, serverKind, SINK_PARAMS } from './app-params';
import type { SpecOf } from './app-params';

/** udp-sink, as the loader reads it. */
export const UDP_SINK_KIND = serverKind(
  'udp-sink',
  'UDP receiver measuring loss, jitter and reordering of udp-cbr streams.',
  SINK_PARAMS,
  { reportIntervals: reportsUntilEnd },
);

/** A UDP receiver that measures loss, jitter and reordering of udp-cbr streams. */
export type UdpSinkAppSpec = SpecOf<typeof UDP_SINK_KIND>;
