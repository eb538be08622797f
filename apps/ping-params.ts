// SPDX-License-Identifier: GPL-2.0-only
/** The parameters of ping (ping.ts), declared once: kinds, defaults and bounds as ping(8) has them. */
import { integer } from '../sim/core/param';
import { clientKind, destination, MAX_UDP_PAYLOAD, REQUEST_INTERVAL, START } from './app-params';
import type { SpecOf } from './app-params';

/** A ping's keys besides type and node. */
export const PING_PARAMS = {
  to: destination('ping'),
  count: integer({ doc: 'echo requests to send', min: 1, max: 1_000_000, default: 5 }),
  interval: REQUEST_INTERVAL,
  start: START,
  size: integer({ doc: 'ICMP payload bytes', min: 0, max: MAX_UDP_PAYLOAD, default: 56 }),
  ttl: integer({
    doc: 'IP TTL / IPv6 hop limit of the requests',
    min: 1,
    max: 255,
    default: null,
    unset: "the kernel's, 64",
  }),
} as const;

/** ping, as the loader reads it. */
export const PING_KIND = clientKind(
  'ping',
  'ICMP echo over a ping socket, like ping(8): RTT per request.',
  PING_PARAMS,
);

/** ICMP echo from a node, like ping(8): times in ns, `family` that of `to`. */
export type PingAppSpec = SpecOf<typeof PING_KIND>;
