// SPDX-License-Identifier: GPL-2.0-only
/** The parameters of the UDP echo server (udp-echo-server.ts), declared once. */
import { ECHO_PORT, serverKind, START } from './app-params';
import type { SpecOf } from './app-params';

/** A udp-echo-server's keys besides type and node. */
export const UDP_ECHO_SERVER_PARAMS = { port: ECHO_PORT, start: START } as const;

/** udp-echo-server, as the loader reads it. */
export const UDP_ECHO_SERVER_KIND = serverKind('udp-echo-server', 'UDP echo server (RFC 862).', UDP_ECHO_SERVER_PARAMS);

/** A UDP echo server: sends every datagram back to where it came from. */
export type UdpEchoServerAppSpec = SpecOf<typeof UDP_ECHO_SERVER_KIND>;
