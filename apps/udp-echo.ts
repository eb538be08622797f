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
import { childLogger } from '../sim/core/logger';
import type { Logger } from '../sim/core/logger';
import { NS_PER_S } from '../sim/core/time';
import { ERRNO } from '../sim/kernel/errno';
import { KernelError } from '../sim/kernel/errors';
import { MSG, POLL, SOCK } from '../sim/kernel/linux-abi';
import { SYS } from '../sim/kernel/syscall-numbers';
import type { Node } from '../sim/node/node';
import { sockaddr } from '../sim/node/sockaddr';
import type { App } from './app';
import { AppConfigError } from './app-config-error';
import { ECHO_SEQ_LEN } from './udp-echo-params';
import type { UdpEchoAppSpec } from './udp-echo-params';
import { startAt } from './start-at';
import { withSocket } from './with-socket';
import { millis, seconds } from './time-series';
import type { RttSample } from './time-series';

const SEQ_LEN = ECHO_SEQ_LEN;

/** What a udp-echo client needs: its spec without type and node. */
export type UdpEchoOptions = Omit<UdpEchoAppSpec, 'type' | 'node'>;

/** The outcome of a udp-echo client. */
export interface UdpEchoResult {
  type: 'udp-echo';
  node: string;
  to: string;
  port: number;
  transmitted: number;
  received: number;
  /** Echoes of a request already answered. */
  duplicates: number;
  sendErrors: number;
  lossPercent: number;
  /** RTT of request i in ms, null if unanswered. */
  rtts_ms: Array<number | null>;
  /** The answered requests' RTTs at their send times. */
  rtt: RttSample[];
  min_ms: number | null;
  avg_ms: number | null;
  max_ms: number | null;
  error: string | null;
}

/** A UDP echo client on a node's kernel (see the file comment). */
export class UdpEchoApp implements App {
  private readonly log: Logger | undefined;
  private readonly dest: Buffer;
  private readonly sentAt: bigint[] = [];
  private readonly rtts: Array<bigint | null> = [];
  private received = 0;
  private duplicates = 0;
  private sendErrors = 0;
  private error: string | null = null;
  private started = false;
  private finished = false;

  /**
   * @param node the client node
   * @param spec destination, port, count, interval, start, size
   * @param logger parent logger; logs as {component: 'app.udp-echo', node}
   * @throws AppConfigError for settings it cannot run with
   */
  constructor(private readonly node: Node, private readonly spec: UdpEchoOptions, logger?: Logger) {
    this.log = logger === undefined ? undefined : childLogger(logger, { component: 'app.udp-echo', node: node.name });
    const where = `udp-echo from ${node.name} to ${spec.to}`;
    if (spec.size < SEQ_LEN) throw new AppConfigError(`${where}: size ${spec.size} (at least ${SEQ_LEN})`);
    if (spec.interval <= 0n) throw new AppConfigError(`${where}: interval ${spec.interval} ns`);
    this.dest = sockaddr(spec.to, spec.port);
  }

  /** Starts at the spec's start. */
  start(): void {
    if (this.started) return;
    this.started = true;
    startAt(this.node, this.spec.start, () => this.run(), (e) => this.finish(e));
  }

  /** Whether the client has finished. */
  get isFinished(): boolean {
    return this.finished;
  }

  /** The result so far. */
  result(): UdpEchoResult {
    const answered = this.rtts.filter((r): r is bigint => r !== null);
    const ms = answered.map(millis);
    const total = answered.reduce((s, r) => s + r, 0n);
    const transmitted = this.sentAt.length;
    const rtt: RttSample[] = [];
    this.rtts.forEach((r, i) => {
      if (r !== null) rtt.push({ t_s: seconds(this.sentAt[i]!), rtt_ms: millis(r) });
    });
    return {
      type: 'udp-echo',
      node: this.node.name,
      to: this.spec.to,
      port: this.spec.port,
      transmitted,
      received: this.received,
      duplicates: this.duplicates,
      sendErrors: this.sendErrors,
      lossPercent: transmitted === 0 ? 0 : (100 * (transmitted - this.received)) / transmitted,
      rtts_ms: this.rtts.map((r) => (r === null ? null : millis(r))),
      rtt,
      min_ms: ms.length === 0 ? null : ms.reduce((a, b) => (b < a ? b : a)),
      avg_ms: ms.length === 0 ? null : Number(total) / ms.length / 1e6,
      max_ms: ms.length === 0 ? null : ms.reduce((a, b) => (b > a ? b : a)),
      error: this.error,
    };
  }

  private finish(e: Error | null): void {
    if (this.finished) return;
    if (e !== null) {
      this.error = e.message;
      this.log?.warn({ err: e.message }, 'udp-echo stopped');
    }
    this.finished = true;
  }

  private async run(): Promise<void> {
    this.finish(await withSocket(this.node, this.spec.family, SOCK.DGRAM, async (task, fd) => {
      await this.node.syscall(task, SYS.connect, [fd, this.dest, this.dest.length]);
      const rx = this.node.createTask(task);
      await Promise.all([this.sendAll(task, fd), this.receiveAll(rx, fd)]);
    }));
  }

  private payload(i: number): Buffer {
    const p = Buffer.alloc(this.spec.size);
    p.writeUInt32LE(i, 0);
    for (let j = SEQ_LEN; j < p.length; j++) p[j] = j & 0xff;
    return p;
  }

  private async sendAll(task: number, fd: number): Promise<void> {
    for (let i = 0; i < this.spec.count; i++) {
      const at = this.spec.start + BigInt(i) * this.spec.interval;
      if (at > this.node.now()) await this.node.sleepUntil(at);
      const p = this.payload(i);
      this.sentAt.push(this.node.now());
      this.rtts.push(null);
      try {
        await this.node.syscall(task, SYS.sendto, [fd, p, p.length, MSG.DONTWAIT, null, 0]);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        this.sendErrors++;
      }
    }
  }

  private async receiveAll(task: number, fd: number): Promise<void> {
    const count = this.spec.count;
    const wait = 2n * this.spec.interval > NS_PER_S ? 2n * this.spec.interval : NS_PER_S;
    const end = this.spec.start + BigInt(count - 1) * this.spec.interval + wait;
    const pollfd = Buffer.alloc(8);
    const timeout = Buffer.alloc(16);
    const buf = Buffer.alloc(this.spec.size + 64);
    for (;;) {
      const now = this.node.now();
      if (now >= end || (this.received === count && this.sentAt.length === count)) return;
      pollfd.writeInt32LE(fd, 0);
      pollfd.writeInt16LE(POLL.IN, 4);
      pollfd.writeInt16LE(0, 6);
      const left = end - now;
      timeout.writeBigInt64LE(left / NS_PER_S, 0);
      timeout.writeBigInt64LE(left % NS_PER_S, 8);
      if ((await this.node.syscall(task, SYS.ppoll, [pollfd, 1, timeout, null, 0])) === 0n) continue;
      // One datagram per wake-up: if more are queued, ppoll returns at
      // once (same simulated time), so nothing waits longer, and no call
      // is spent on the EAGAIN that would end a read-until-empty loop.
      let n: bigint;
      try {
        n = await this.node.syscall(task, SYS.recvfrom, [fd, buf, buf.length, MSG.DONTWAIT, null, null]);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        // A queued ICMP error is cleared by reading it; EAGAIN cannot happen after POLLIN but costs nothing.
        if (e.errno !== ERRNO.EAGAIN) this.log?.debug({ err: e.message }, 'socket error');
        continue;
      }
      this.echo(buf.subarray(0, Number(n)), end);
    }
  }

  private echo(msg: Buffer, end: bigint): void {
    const now = this.node.now();
    if (now > end || msg.length !== this.spec.size) return;
    const i = msg.readUInt32LE(0);
    if (i >= this.sentAt.length || !msg.equals(this.payload(i))) return;
    if (this.rtts[i] !== null) {
      this.duplicates++;
      return;
    }
    this.rtts[i] = now - this.sentAt[i]!;
    this.received++;
  }
}
