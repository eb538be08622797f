// SPDX-License-Identifier: GPL-2.0-only
/**
 * A UDP echo client: `count` requests of `size` payload bytes to a
 * udp-echo-server, `interval` apart from `start`; an RTT per request, as
 * ping measures it (the simulated time between the send and the wake-up
 * that read the echo).  A request's payload is its sequence number
 * (u32, little endian, from 0) followed by byte j = j mod 256.
 *
 * As in ping: the sender task sleeps to each request's time and sends; a
 * receiver thread sharing the socket waits in ppoll() until the window
 * closes, max(2 × interval, 1 s) after the last request, or until every
 * request is answered.
 */
import type { Logger } from '../sim/core/logger';
import { MSG, SOCK } from '../sim/kernel/linux-abi';
import { SYS } from '../sim/kernel/syscall-numbers';
import type { Node } from '../sim/node/node';
import { sockaddr } from '../sim/node/sockaddr';
import { AppBase } from './app-base';
import { AppConfigError } from './app-config-error';
import { EchoRequests } from './echo-requests';
import type { EchoStats } from './echo-requests';
import { ECHO_SEQ_LEN } from './udp-echo-params';
import type { UdpEchoAppSpec } from './udp-echo-params';
import { withSocket } from './with-socket';

const SEQ_LEN = ECHO_SEQ_LEN;

/** What a udp-echo client needs: its spec without type and node. */
export type UdpEchoOptions = Omit<UdpEchoAppSpec, 'type' | 'node'>;

/** The outcome of a udp-echo client: the statistics of its requests (not the send errors' errnos). */
export interface UdpEchoResult extends Omit<EchoStats, 'sendErrorCodes'> {
  type: 'udp-echo';
  node: string;
  to: string;
  port: number;
  error: string | null;
}

/** A UDP echo client on a node's kernel (see the file comment). */
export class UdpEchoApp extends AppBase<UdpEchoResult> {
  private readonly dest: Buffer;
  private readonly requests: EchoRequests;

  /**
   * @param node the client node
   * @param spec destination, port, count, interval, start, size
   * @param logger parent logger; logs as {component: 'app.udp-echo', node}
   * @throws AppConfigError for settings it cannot run with
   */
  constructor(
    node: Node,
    private readonly spec: UdpEchoOptions,
    logger?: Logger,
  ) {
    super(node, 'udp-echo', 'client', spec.start, logger);
    const where = `udp-echo from ${node.name} to ${spec.to}`;
    if (spec.size < SEQ_LEN) throw new AppConfigError(`${where}: size ${spec.size} (at least ${SEQ_LEN})`);
    if (spec.interval <= 0n) throw new AppConfigError(`${where}: interval ${spec.interval} ns`);
    this.dest = sockaddr(spec.to, spec.port);
    this.requests = new EchoRequests(spec.start, spec.count, spec.interval);
  }

  /** The result so far: the statistics in the order EchoStats has them, without the errnos. */
  result(): UdpEchoResult {
    const { sendErrorCodes: _codes, ...stats } = this.requests.stats();
    return {
      type: 'udp-echo',
      node: this.node.name,
      to: this.spec.to,
      port: this.spec.port,
      ...stats,
      error: this.error,
    };
  }

  protected async run(): Promise<void> {
    this.stop(
      await withSocket(this.node, this.spec.family, SOCK.DGRAM, async (task, fd) => {
        await this.node.syscall(task, SYS.connect, [fd, this.dest, this.dest.length]);
        const rx = this.node.createTask(task);
        await Promise.all([
          this.requests.sendAll(this.node, (i) => this.sendRequest(task, fd, i)),
          this.requests.receiveAll(this.node, rx, fd, {
            buffer: Buffer.alloc(this.spec.size + 64),
            drain: false,
            reply: (data) => this.echo(data),
            log: this.log,
          }),
        ]);
      }),
    );
  }

  private payload(i: number): Buffer {
    const p = Buffer.alloc(this.spec.size);
    p.writeUInt32LE(i, 0);
    for (let j = SEQ_LEN; j < p.length; j++) p[j] = j & 0xff;
    return p;
  }

  private sendRequest(task: number, fd: number, i: number): Promise<bigint> {
    const p = this.payload(i);
    return this.node.syscall(task, SYS.sendto, [fd, p, p.length, MSG.DONTWAIT, null, 0]);
  }

  /** One echo: counts if it is a request's payload, back within the window. */
  private echo(msg: Buffer): void {
    const now = this.node.now();
    if (now > this.requests.end || msg.length !== this.spec.size) return;
    const i = msg.readUInt32LE(0);
    if (i >= this.requests.sent || !msg.equals(this.payload(i))) return;
    this.requests.answer(i, now);
  }
}
