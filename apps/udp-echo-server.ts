// SPDX-License-Identifier: GPL-2.0-only
/**
 * A UDP echo server (RFC 862): one dual-stack socket on its port; every
 * datagram goes back, unchanged, to the address and port it came from.
 */
import { childLogger } from '../sim/core/logger';
import type { Logger } from '../sim/core/logger';
import { KernelError } from '../sim/kernel/errors';
import { AF, MSG, SOCK } from '../sim/kernel/linux-abi';
import { SYS } from '../sim/kernel/syscall-numbers';
import type { Node } from '../sim/node/node';
import { sockaddr, SOCKADDR_IN6_LEN } from '../sim/node/sockaddr';
import type { App } from './app';
import { startAt } from './start-at';
import type { UdpEchoServerAppSpec } from './udp-echo-server-params';

const MAX_DATAGRAM = 65536;

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
export class UdpEchoServerApp implements App {
  private readonly log: Logger | undefined;
  private received = 0;
  private echoed = 0;
  private error: string | null = null;
  private started = false;

  /**
   * @param node the serving node
   * @param spec port and start
   * @param logger parent logger; logs as {component: 'app.udp-echo-server', node}
   */
  constructor(private readonly node: Node, private readonly spec: Omit<UdpEchoServerAppSpec, 'type' | 'node'>, logger?: Logger) {
    this.log = logger === undefined ? undefined : childLogger(logger, { component: 'app.udp-echo-server', node: node.name });
  }

  /** Binds at the spec's start. */
  start(): void {
    if (this.started) return;
    this.started = true;
    startAt(this.node, this.spec.start, () => this.run(), (e) => {
      this.error = e.message;
      this.log?.warn({ err: e.message }, 'udp-echo-server stopped');
    });
  }

  /** A server never finishes. */
  get isFinished(): boolean {
    return false;
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

  private async run(): Promise<void> {
    const task = this.node.createTask();
    const fd = Number(await this.node.syscall(task, SYS.socket, [AF.INET6, SOCK.DGRAM, 0]));
    const addr = sockaddr('::', this.spec.port);
    await this.node.syscall(task, SYS.bind, [fd, addr, addr.length]);
    const buf = Buffer.alloc(MAX_DATAGRAM);
    const peer = Buffer.alloc(SOCKADDR_IN6_LEN);
    const len = Buffer.alloc(4);
    for (;;) {
      len.writeUInt32LE(peer.length, 0);
      const n = Number(await this.node.syscall(task, SYS.recvfrom, [fd, buf, buf.length, 0, peer, len]));
      this.received++;
      try {
        await this.node.syscall(task, SYS.sendto, [fd, buf, n, MSG.DONTWAIT, peer, len.readUInt32LE(0)]);
        this.echoed++;
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        this.log?.debug({ err: e.message }, 'echo not sent');
      }
    }
  }
}
