// SPDX-License-Identifier: GPL-2.0-only
/**
 * A UDP sender at a constant rate (iperf3 -u): datagrams of `size` payload
 * bytes, datagram k sent at start + floor(k · size · 8 / rate) (so the
 * payload rate is exact over any whole run), for `duration`.  Each payload
 * begins with a 16-byte header the udp-sink reads: the sequence number k
 * (u64, little endian) and the simulated send time in ns (u64).  The rest
 * is byte j = j mod 256.
 *
 * Sends never wait: MSG_DONTWAIT, and a datagram the kernel refuses
 * (ENOBUFS, EAGAIN, an ICMP error reported on the connected socket) is
 * counted in send_errors and not retried, as a constant-rate source would.
 * With `sport` it sends from that source port, so that a flow's 5-tuple
 * (and so its ECMP path) is known in advance.
 */
import type { Logger } from '../sim/core/logger';
import { NS_PER_S } from '../sim/core/time';
import { KernelError } from '../sim/kernel/errors';
import { MSG, SOCK } from '../sim/kernel/linux-abi';
import { SYS } from '../sim/kernel/syscall-numbers';
import type { Node } from '../sim/node/node';
import { sockaddr } from '../sim/node/sockaddr';
import { AppBase } from './app-base';
import { AppConfigError } from './app-config-error';
import { CBR_HEADER_LEN } from './udp-cbr-params';
import type { UdpCbrAppSpec } from './udp-cbr-params';
import { withSocket } from './with-socket';
import { IntervalCounter, seconds } from './time-series';
import type { IntervalSample } from './time-series';

/** What a udp-cbr needs: its spec without type and node. */
export type UdpCbrOptions = Omit<UdpCbrAppSpec, 'type' | 'node'>;

/** The outcome of a udp-cbr sender. */
export interface UdpCbrResult {
  type: 'udp-cbr';
  node: string;
  to: string;
  port: number;
  /** Payload rate asked for, bits/s, and payload bytes per datagram. */
  rate_bps: number;
  size: number;
  start_s: number;
  /** Datagrams the app tried to send, and those the kernel refused. */
  sent: number;
  send_errors: number;
  /** Payload bytes the kernel accepted. */
  bytes_sent: number;
  /** Payload bytes accepted per report interval. */
  intervals: IntervalSample[];
  error: string | null;
}

/** A constant-rate UDP source on a node's kernel (see the file comment). */
export class UdpCbrApp extends AppBase<UdpCbrResult> {
  private readonly dest: Buffer;
  private readonly counter: IntervalCounter;
  private sent = 0;
  private sendErrors = 0;

  /**
   * @param node the sending node
   * @param spec destination, port, start, duration, rate, size, interval
   * @param logger parent logger; logs as {component: 'app.udp-cbr', node}
   * @throws AppConfigError for settings it cannot run with
   */
  constructor(
    node: Node,
    private readonly spec: UdpCbrOptions,
    logger?: Logger,
  ) {
    super(node, 'udp-cbr', 'client', spec.start, logger);
    const where = `udp-cbr from ${node.name} to ${spec.to}`;
    if (spec.size < CBR_HEADER_LEN) {
      throw new AppConfigError(`${where}: size ${spec.size} is below the ${CBR_HEADER_LEN}-byte header`);
    }
    if (spec.rate <= 0n) throw new AppConfigError(`${where}: rate ${spec.rate}`);
    if (spec.interval <= 0n) throw new AppConfigError(`${where}: interval ${spec.interval} ns`);
    this.dest = sockaddr(spec.to, spec.port);
    this.counter = new IntervalCounter(spec.start, spec.interval);
  }

  /** The result so far. */
  result(): UdpCbrResult {
    return {
      type: 'udp-cbr',
      node: this.node.name,
      to: this.spec.to,
      port: this.spec.port,
      rate_bps: Number(this.spec.rate),
      size: this.spec.size,
      start_s: seconds(this.spec.start),
      sent: this.sent,
      send_errors: this.sendErrors,
      bytes_sent: this.counter.bytes,
      intervals: this.counter.samples(),
      error: this.error,
    };
  }

  protected async run(): Promise<void> {
    this.stop(
      await withSocket(this.node, this.spec.family, SOCK.DGRAM, async (task, fd) => {
        if (this.spec.sport !== null) {
          const local = sockaddr(this.spec.family === 4 ? '0.0.0.0' : '::', this.spec.sport);
          await this.node.syscall(task, SYS.bind, [fd, local, local.length]);
        }
        await this.node.syscall(task, SYS.connect, [fd, this.dest, this.dest.length]);
        await this.sendAll(task, fd);
      }),
    );
  }

  private async sendAll(task: number, fd: number): Promise<void> {
    const payload = Buffer.alloc(this.spec.size);
    for (let j = CBR_HEADER_LEN; j < payload.length; j++) payload[j] = j & 0xff;
    const bitsPerDatagram = BigInt(this.spec.size) * 8n * NS_PER_S;
    const end = this.spec.start + this.spec.duration;
    for (let k = 0n; ; k++) {
      const at = this.spec.start + (k * bitsPerDatagram) / this.spec.rate;
      if (at >= end) return;
      if (at > this.node.now()) await this.node.sleepUntil(at);
      payload.writeBigUInt64LE(k, 0);
      payload.writeBigUInt64LE(this.node.now(), 8);
      this.sent++;
      try {
        await this.node.syscall(task, SYS.sendto, [fd, payload, payload.length, MSG.DONTWAIT, null, 0]);
        this.counter.add(this.node.now(), payload.length);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        this.sendErrors++;
        this.log?.debug({ seq: Number(k), err: e.message }, 'datagram not sent');
      }
    }
  }
}
