// SPDX-License-Identifier: GPL-2.0-only
import type { Logger } from '../sim/core/logger';
import type { Node } from '../sim/node/node';
import type { AppSpec } from '../sim/topology/topology';
import type { App } from './app';
import { PingApp } from './ping';
import { TcpBulkApp } from './tcp-bulk';
import { TcpSinkApp } from './tcp-sink';
import { UdpCbrApp } from './udp-cbr';
import { UdpEchoApp } from './udp-echo';
import { UdpEchoServerApp } from './udp-echo-server';
import { UdpSinkApp } from './udp-sink';

/** App types that serve others: started before the clients that start at the same time. */
const SERVER_TYPES: ReadonlySet<AppSpec['type']> = new Set(['tcp-sink', 'udp-sink', 'udp-echo-server']);

/** Whether an app of this spec is a server (listens or binds and waits). */
export function isServer(spec: AppSpec): boolean {
  return SERVER_TYPES.has(spec.type);
}

/**
 * The app a spec describes, on its node (not started).
 * @throws AppConfigError for settings the app cannot run with
 */
export function createApp(node: Node, spec: AppSpec, logger?: Logger): App {
  switch (spec.type) {
    case 'ping':
      return new PingApp(node, spec, logger);
    case 'tcp-bulk':
      return new TcpBulkApp(node, spec, logger);
    case 'tcp-sink':
      return new TcpSinkApp(node, spec, logger);
    case 'udp-cbr':
      return new UdpCbrApp(node, spec, logger);
    case 'udp-sink':
      return new UdpSinkApp(node, spec, logger);
    case 'udp-echo':
      return new UdpEchoApp(node, spec, logger);
    case 'udp-echo-server':
      return new UdpEchoServerApp(node, spec, logger);
  }
}
