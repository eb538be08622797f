// SPDX-License-Identifier: GPL-2.0-only
import type { Logger } from '../sim/core/logger';
import type { Node } from '../sim/node/node';
import type { AppSpecBase } from '../sim/topology/app-kind';
import type { App } from './app';
import { AppConfigError } from './app-config-error';
import type { AppSpec } from './app-kinds';
import { PingApp } from './ping';
import { TcpBulkApp } from './tcp-bulk';
import { TcpSinkApp } from './tcp-sink';
import { UdpCbrApp } from './udp-cbr';
import { UdpEchoApp } from './udp-echo';
import { UdpEchoServerApp } from './udp-echo-server';
import { UdpSinkApp } from './udp-sink';

/** App types that serve others: started before the clients that start at the same time. */
const SERVER_TYPES: ReadonlySet<string> = new Set<AppSpec['type']>(['tcp-sink', 'udp-sink', 'udp-echo-server']);

/** Whether an app of this spec is a server (listens or binds and waits). */
export function isServer(spec: AppSpecBase): boolean {
  return SERVER_TYPES.has(spec.type);
}

/**
 * The app a spec describes, on its node (not started).  The spec is one the
 * loader built with the kinds of app-kinds.ts, so its `type` says which.
 * @throws AppConfigError for settings the app cannot run with, or a type no kind has
 */
export function createApp(node: Node, entry: AppSpecBase, logger?: Logger): App {
  const spec = entry as AppSpec;
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
    default:
      throw new AppConfigError(`no app of type ${(spec as AppSpecBase).type}`);
  }
}
