// SPDX-License-Identifier: GPL-2.0-only
/** The parameters of the UDP echo client (udp-echo.ts), declared once. */
import { byteCount, integer } from '../sim/core/param';
import { clientKind, destination, ECHO_PORT, MAX_UDP_PAYLOAD, REQUEST_INTERVAL, START } from './app-params';
import type { SpecOf } from './app-params';

/** Bytes of the sequence number every request starts with. */
export const ECHO_SEQ_LEN = 4;

/** A udp-echo's keys besides type and node. */
export const UDP_ECHO_PARAMS = {
  to: destination('udp-echo'),
  port: ECHO_PORT,
  count: integer({ doc: 'requests to send', min: 1, max: 1_000_000, default: 5 }),
  interval: REQUEST_INTERVAL,
  start: START,
  size: byteCount({ doc: 'UDP payload', min: ECHO_SEQ_LEN, max: MAX_UDP_PAYLOAD, default: 64 }),
} as const;

/** udp-echo, as the loader reads it. */
export const UDP_ECHO_KIND = clientKind(
  'udp-echo',
  'UDP echo client: count requests, interval apart, RTT each.',
  UDP_ECHO_PARAMS,
);

/** A UDP echo client: `count` requests, `interval` ns apart, RTT per request. */
export type UdpEchoAppSpec = SpecOf<typeof UDP_ECHO_KIND>;
