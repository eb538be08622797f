// SPDX-License-Identifier: GPL-2.0-only
/**
 * A TCP bulk sender, the client half of iperf3: connects to a tcp-sink,
 * sets its congestion control (TCP_CONGESTION) first if asked, and writes
 * as fast as the socket takes data -- for a duration or a byte count.
 * Then it shuts its side down and waits for the sink to close, which
 * happens once the sink has read everything: that instant ends the flow.
 *
 * A second task of the same process (a thread sharing the socket) takes a
 * TCP_INFO snapshot every report interval from the moment the connection
 * is established, while the first task blocks in write().  Throughput per
 * interval is the growth of tcpi_bytes_acked between snapshots (what the
 * receiver has acknowledged: goodput); the RTT series is tcpi_rtt (the
 * kernel's smoothed RTT).
 */
import type { Logger } from '../sim/core/logger';
import { KernelError } from '../sim/kernel/errors';
import { SHUT, SOCK, SOL, TCP_OPT } from '../sim/kernel/linux-abi';
import { socklen } from '../sim/kernel/linux-structs';
import { SYS } from '../sim/kernel/syscall-numbers';
import type { Node } from '../sim/node/node';
import { sockaddr } from '../sim/node/sockaddr';
import { AppBase } from './app-base';
import { AppConfigError } from './app-config-error';
import type { TcpBulkAppSpec } from './tcp-bulk-params';
import { withSocket } from './with-socket';
import { parseTcpInfo, TCP_INFO_SIZE } from './tcp-info';
import type { TcpInfo } from './tcp-info';
import { intervalSample, millis, seconds } from './time-series';
import type { IntervalSample, RttSample, TcpInfoSample } from './time-series';

/** ssthresh while it is "infinite" (TCP_INFINITE_SSTHRESH). */
const INFINITE_SSTHRESH = 0x7fffffff;
/** A pacing rate of ~0 means "not paced". */
const UNPACED = 0xffffffffffffffffn;

/** What a tcp-bulk needs: its spec without type and node. */
export type TcpBulkOptions = Omit<TcpBulkAppSpec, 'type' | 'node'>;

/** The outcome of a tcp-bulk flow. */
export interface TcpBulkResult {
  type: 'tcp-bulk';
  node: string;
  to: string;
  port: number;
  /** The congestion control the socket used. */
  congestion: string | null;
  /** When connect() was called, and when it completed (null if it did not). */
  start_s: number;
  connected_s: number | null;
  /** When the last write() returned. */
  writes_done_s: number | null;
  /** When the sink closed after reading everything (flow completion); null if the run ended first. */
  completed_s: number | null;
  bytes_written: number;
  /** Data bytes the receiver acknowledged (last snapshot). */
  bytes_acked: number;
  /** Segments retransmitted over the connection's life (last snapshot). */
  retransmits: number;
  /** bytes_acked × 8 over the time from connected to the last snapshot; null if no time passed (loopback). */
  goodput_bps: number | null;
  /** Goodput per report interval (growth of bytes_acked). */
  intervals: IntervalSample[];
  /** Smoothed RTT at each snapshot. */
  rtt: RttSample[];
  tcp_info: TcpInfoSample[];
  error: string | null;
}

/** The client half of iperf3 on a node's kernel (see the file comment). */
export class TcpBulkApp extends AppBase<TcpBulkResult> {
  private readonly dest: Buffer;
  private congestion: string | null;
  private connected: bigint | null = null;
  private writesDone: bigint | null = null;
  private completed: bigint | null = null;
  private written = 0n;
  /** bytes_acked of the snapshot at connection time: the SYN's 1. */
  private ackedBase = 0n;
  private last: { t: bigint; info: TcpInfo } | null = null;
  private readonly intervals: IntervalSample[] = [];
  private readonly rtt: RttSample[] = [];
  private readonly infos: TcpInfoSample[] = [];
  private closing = false;

  /**
   * @param node the sending node (booted and configured)
   * @param spec destination, port, start, duration or bytes, congestion, interval, write size
   * @param logger parent logger; the app logs as {component: 'app.tcp-bulk', node}
   * @throws AppConfigError for settings it cannot run with
   */
  constructor(
    node: Node,
    private readonly spec: TcpBulkOptions,
    logger?: Logger,
  ) {
    super(node, 'tcp-bulk', 'client', spec.start, logger);
    const where = `tcp-bulk from ${node.name} to ${spec.to}`;
    if ((spec.duration === null) === (spec.bytes === null)) {
      throw new AppConfigError(`${where}: give a duration or a byte count`);
    }
    if (spec.interval <= 0n) throw new AppConfigError(`${where}: interval ${spec.interval} ns`);
    if (!Number.isSafeInteger(spec.writeSize) || spec.writeSize <= 0) {
      throw new AppConfigError(`${where}: write size ${spec.writeSize}`);
    }
    this.dest = sockaddr(spec.to, spec.port);
    this.congestion = spec.congestion;
  }

  /** The result so far. */
  result(): TcpBulkResult {
    const acked = this.ackedBytes();
    const span = this.last !== null && this.connected !== null ? this.last.t - this.connected : 0n;
    return {
      type: 'tcp-bulk',
      node: this.node.name,
      to: this.spec.to,
      port: this.spec.port,
      congestion: this.congestion,
      start_s: seconds(this.spec.start),
      connected_s: this.connected === null ? null : seconds(this.connected),
      writes_done_s: this.writesDone === null ? null : seconds(this.writesDone),
      completed_s: this.completed === null ? null : seconds(this.completed),
      bytes_written: Number(this.written),
      bytes_acked: Number(acked),
      retransmits: this.last?.info.totalRetrans ?? 0,
      goodput_bps: span > 0n ? (Number(acked) * 8 * 1e9) / Number(span) : null,
      intervals: [...this.intervals],
      rtt: [...this.rtt],
      tcp_info: [...this.infos],
      error: this.error,
    };
  }

  /** Data bytes acknowledged at the last snapshot (the SYN and FIN not counted). */
  private ackedBytes(): bigint {
    if (this.last === null) return 0n;
    const a = this.last.info.bytesAcked - this.ackedBase;
    return a < 0n ? 0n : a > this.written ? this.written : a;
  }

  /** The TCP_INFO thread stops once the flow has finished. */
  protected override stop(e: Error | null): void {
    super.stop(e);
    this.closing = true;
  }

  protected async run(): Promise<void> {
    this.stop(
      await withSocket(this.node, this.spec.family, SOCK.STREAM, async (task, fd) => {
        try {
          await this.setCongestion(task, fd);
          await this.node.syscall(task, SYS.connect, [fd, this.dest, this.dest.length]);
          this.connected = this.node.now();
          const infoTask = this.node.createTask(task);
          const base = await this.snapshot(task, fd, false);
          this.ackedBase = base.bytesAcked;
          this.tick(infoTask, fd, 1n);
          await this.writeAll(task, fd);
          this.writesDone = this.node.now();
          await this.node.syscall(task, SYS.shutdown, [fd, SHUT.WR]);
          // The sink closes once it has read everything: read() then returns 0.
          const b = Buffer.alloc(64);
          while ((await this.node.syscall(task, SYS.read, [fd, b, b.length])) > 0n);
          this.completed = this.node.now();
          await this.snapshot(task, fd, true);
        } finally {
          // The TCP_INFO thread stops before the socket is closed.
          this.closing = true;
        }
      }),
    );
  }

  /** Sets TCP_CONGESTION when asked, else reads the kernel's default back. */
  private async setCongestion(task: number, fd: number): Promise<void> {
    if (this.congestion !== null) {
      const name = Buffer.from(this.congestion, 'latin1');
      try {
        await this.node.syscall(task, SYS.setsockopt, [fd, SOL.TCP, TCP_OPT.CONGESTION, name, name.length]);
      } catch (e) {
        if (e instanceof KernelError) throw new AppConfigError(`congestion control "${this.congestion}": ${e.message}`);
        throw e;
      }
      return;
    }
    const buf = Buffer.alloc(16);
    await this.node.syscall(task, SYS.getsockopt, [fd, SOL.TCP, TCP_OPT.CONGESTION, buf, socklen(buf.length)]);
    const n = buf.indexOf(0);
    this.congestion = buf.toString('latin1', 0, n < 0 ? buf.length : n);
  }

  private async writeAll(task: number, fd: number): Promise<void> {
    const chunk = Buffer.alloc(this.spec.writeSize);
    for (let j = 0; j < chunk.length; j++) chunk[j] = j & 0xff;
    const end = this.spec.duration !== null ? this.connected! + this.spec.duration : null;
    for (;;) {
      let want = BigInt(chunk.length);
      if (end !== null) {
        if (this.node.now() >= end) return;
      } else {
        const left = this.spec.bytes! - this.written;
        if (left <= 0n) return;
        if (left < want) want = left;
      }
      this.written += await this.node.syscall(task, SYS.write, [fd, chunk, want]);
    }
  }

  /** The thread's snapshots at connected + k × interval, until the flow closes. */
  private tick(task: number, fd: number, k: bigint): void {
    const at = this.connected! + k * this.spec.interval;
    void this.node
      .sleepUntil(at)
      .then(async () => {
        if (this.closing) return;
        await this.snapshot(task, fd, true);
        this.tick(task, fd, k + 1n);
      })
      .catch((e: Error) => this.log?.debug({ err: e.message }, 'snapshots stopped'));
  }

  /** getsockopt(TCP_INFO) on `task`; records it as a sample unless it is the baseline. */
  private async snapshot(task: number, fd: number, record: boolean): Promise<TcpInfo> {
    const buf = Buffer.alloc(TCP_INFO_SIZE);
    const len = socklen(buf.length);
    await this.node.syscall(task, SYS.getsockopt, [fd, SOL.TCP, TCP_OPT.INFO, buf, len]);
    const info = parseTcpInfo(buf, len.readUInt32LE(0));
    const now = this.node.now();
    const prev = this.last;
    this.last = { t: now, info };
    if (!record || prev === null || now === prev.t) return info;
    const ackedNow = this.ackedBytes();
    const ackedPrev = clamp(prev.info.bytesAcked - this.ackedBase, this.written);
    this.intervals.push(intervalSample(prev.t, now, Number(ackedNow - ackedPrev)));
    this.rtt.push({ t_s: seconds(now), rtt_ms: info.rttUs / 1000 });
    this.infos.push(toSample(now, info, ackedNow));
    return info;
  }
}

function clamp(v: bigint, max: bigint): bigint {
  return v < 0n ? 0n : v > max ? max : v;
}

/** A snapshot as summary.json has it; `acked` is the data bytes acknowledged (SYN and FIN not counted). */
function toSample(t: bigint, i: TcpInfo, acked: bigint): TcpInfoSample {
  return {
    t_s: seconds(t),
    cwnd: i.cwnd,
    ssthresh: i.ssthresh >= INFINITE_SSTHRESH ? null : i.ssthresh,
    srtt_ms: i.rttUs / 1000,
    rttvar_ms: i.rttvarUs / 1000,
    min_rtt_ms: i.minRttUs / 1000,
    rto_ms: millis(BigInt(i.rtoUs) * 1000n),
    unacked: i.unacked,
    lost: i.lost,
    retrans: i.retrans,
    total_retrans: i.totalRetrans,
    bytes_acked: Number(acked),
    bytes_sent: Number(i.bytesSent),
    bytes_retrans: Number(i.bytesRetrans),
    delivery_rate_bps: Number(i.deliveryRate) * 8,
    pacing_rate_bps: i.pacingRate === UNPACED ? null : Number(i.pacingRate) * 8,
    ca_state: i.caState,
    snd_wnd: i.sndWnd,
  };
}
