// SPDX-License-Identifier: GPL-2.0-only
/**
 * A UDP echo server (RFC 862): one dual-stack socket on its port; every
 * datagram goes back, unchanged, to the address and port it came from.
 */
import type { Logger } from '../sim/core/logger';
import { KernelError } from '../sim/kernel/errors';
import type { Node } from '../sim/node/node';
import { AppBase } from './app-base';
import { DatagramReceiver } from './datagram-receiver';
import type { UdpEchoServerAppSpec } from './udp-echo-server-params';

/** The outcome of a udp-echo-server. */
export interface UdpEchoServerResult {
  type: 'udp-echo-server';
  node: string;
  port: number;
  /** Datagrams received, and those sent back. */
  received: number;
  echoed: number;
  error: string | null;
}

/** A UDP echo server on a node's kernel. */
export class UdpEchoServerApp extends AppBase<UdpEchoServerResult> {
  private received = 0;
  private echoed = 0;

  /**
   * @param node the serving node
   * @param spec port and start
   * @param logger parent logger; logs as {component: 'app.udp-echo-server', node}
   */
  constructor(
    node: Node,
    private readonly spec: Omit<UdpEchoServerAppSpec, 'type' | 'node'>,
    logger?: Logger,
  ) {
    super(node, 'udp-echo-server', 'server', spec.start, logger);
  }

  /** Counts so far. */
  result(): UdpEchoServerResult {
    return {
      type: 'udp-echo-server',
      node: this.node.name,
      port: this.spec.port,
      received: this.received,
      echoed: this.echoed,
      error: this.error,
    };
  }

  protected async run(): Promise<void> {
    const rx = await DatagramReceiver.open(this.node, this.spec.port);
    for (;;) {
      const n = Number(await rx.next());
      this.received++;
      try {
        await rx.sendBack(n);
        this.echoed++;
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        this.log?.debug({ err: e.message }, 'echo not sent');
      }
    }
  }
}
