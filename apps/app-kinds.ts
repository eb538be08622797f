// SPDX-License-Identifier: GPL-2.0-only
/**
 * Every kind of app a topology may use: the catalog the topology loader and
 * the schema are given (they cannot import apps/), and the union of the
 * apps' specs.  A new app adds its kind here and its class to app-factory.ts's table.
 */
import type { AppCatalog } from '../sim/topology/app-kind';
import { PING_KIND } from './ping-params';
import type { PingAppSpec } from './ping-params';
import { PROCESS_KIND } from './process-params';
import type { ProcessAppSpec } from './process-params';
import { TCP_BULK_KIND } from './tcp-bulk-params';
import type { TcpBulkAppSpec } from './tcp-bulk-params';
import { TCP_SINK_KIND } from './tcp-sink-params';
import type { TcpSinkAppSpec } from './tcp-sink-params';
import { UDP_CBR_KIND } from './udp-cbr-params';
import type { UdpCbrAppSpec } from './udp-cbr-params';
import { UDP_ECHO_KIND } from './udp-echo-params';
import type { UdpEchoAppSpec } from './udp-echo-params';
import { UDP_ECHO_SERVER_KIND } from './udp-echo-server-params';
import type { UdpEchoServerAppSpec } from './udp-echo-server-params';
import { UDP_SINK_KIND } from './udp-sink-params';
import type { UdpSinkAppSpec } from './udp-sink-params';

/** An application: a client or a server, by its `type`. */
export type AppSpec =
  | PingAppSpec
  | ProcessAppSpec
  | TcpBulkAppSpec
  | TcpSinkAppSpec
  | UdpCbrAppSpec
  | UdpSinkAppSpec
  | UdpEchoAppSpec
  | UdpEchoServerAppSpec;

/** The kinds, in the order messages and the schema list them. */
export const APP_KINDS: AppCatalog<AppSpec> = [
  PING_KIND,
  TCP_BULK_KIND,
  TCP_SINK_KIND,
  UDP_CBR_KIND,
  UDP_SINK_KIND,
  UDP_ECHO_KIND,
  UDP_ECHO_SERVER_KIND,
  PROCESS_KIND,
];
