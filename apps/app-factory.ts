// SPDX-License-Identifier: GPL-2.0-only
/** Builds the app a loaded spec describes, and tells servers from clients. */
import type { Logger } from '../sim/core/logger';
import type { Node } from '../sim/node/node';
import type { AppSpecBase } from '../sim/topology/app-kind';
import type { App } from './app';
import type { AppResult } from './app-result';
import { AppConfigError } from './app-config-error';
import type { AppSpec } from './app-kinds';
import { PingApp } from './ping';
import { ProcessApp } from './process';
import type { ProgramLauncher } from './program-launcher';
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

/** How each type's app is made: the class whose constructor takes its spec. */
const APP_CLASSES: {
  readonly [T in Exclude<AppSpec['type'], 'process'>]: new (
    node: Node,
    spec: Extract<AppSpec, { type: T }>,
    logger?: Logger,
  ) => App<AppResult>;
} = {
  ping: PingApp,
  'tcp-bulk': TcpBulkApp,
  'tcp-sink': TcpSinkApp,
  'udp-cbr': UdpCbrApp,
  'udp-sink': UdpSinkApp,
  'udp-echo': UdpEchoApp,
  'udp-echo-server': UdpEchoServerApp,
};

/**
 * The app a spec describes, on its node (not started).  The spec is one the
 * loader built with the kinds of app-kinds.ts, so its `type` says which.
 * @throws AppConfigError for settings the app cannot run with, or a type no kind has
 */
export function createApp(node: Node, entry: AppSpecBase, launcher: ProgramLauncher, logger?: Logger): App<AppResult> {
  const spec = entry as AppSpec;
  // The one app that runs programs: it needs who runs them.
  if (spec.type === 'process') return new ProcessApp(node, spec, launcher, logger);
  if (!Object.hasOwn(APP_CLASSES, spec.type)) throw new AppConfigError(`no app of type ${spec.type}`);
  // The table pairs each type with its class: the spec of `type` fits it.
  const AppClass = APP_CLASSES[spec.type] as new (node: Node, spec: AppSpec, logger?: Logger) => App<AppResult>;
  return new AppClass(node, spec, logger);
}
