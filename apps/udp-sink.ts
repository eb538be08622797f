// SPDX-License-Identifier: GPL-2.0-only
/**
 * A UDP sink for udp-cbr streams (the server half of iperf3 -u): one
 * dual-stack socket on its port; datagrams are grouped into streams by
 * sender address and port.  Per stream it measures, from the 16-byte
 * header (sequence number, send time):
 * - loss: highest sequence number + 1 − distinct numbers received (like
 *   iperf3, datagrams lost after the last one received are not seen);
 * - duplicates, and out-of-order datagrams (a sequence number below the
 *   highest seen before it);
 * - jitter as RFC 3550 defines it: J += (|D| − J) / 16 over the
 *   differences D of consecutive transit times (arrival − send time; the
 *   clocks are the same simulated clock, so transit is the one-way delay);
 * - one-way delay min/avg/max and bytes per report interval.
 */
import type { Logger } from '../sim/core/logger';
import type { Node } from '../sim/node/node';
import { formatPeer } from '../sim/node/sockaddr';
import { AppBase } from './app-base';
import { DatagramReceiver } from './datagram-receiver';
import { IntervalCounter, millis, seconds } from './time-series';
import type { IntervalSample } from './time-series';
import { CBR_HEADER_LEN } from './udp-cbr-params';
import type { UdpSinkAppSpec } from './udp-sink-params';

/** One sender's stream, as summary.json reports it. */
export interface UdpSinkStream {
  /** The sender, "address:port". */
  peer: string;
  received: number;
  bytes: number;
  lost: number;
  /** 100 × lost / (received + lost − duplicates). */
  loss_percent: number;
  duplicates: number;
  out_of_order: number;
  jitter_ms: number;
  delay_min_ms: number;
  delay_avg_ms: number;
  delay_max_ms: number;
  first_s: number;
  last_s: number;
  intervals: IntervalSample[];
}

/** The outcome of a udp-sink. */
export interface UdpSinkResult {
  type: 'udp-sink';
  node: string;
  port: number;
  /** Datagrams too short to carry the header. */
  malformed: number;
  streams: UdpSinkStream[];
  error: string | null;
}

interface Stream {
  peer: string;
  seen: Set<bigint>;
  highest: bigint;
  received: number;
  duplicates: number;
  outOfOrder: number;
  /** RFC 3550 jitter, ns (a float). */
  jitter: number;
  lastTransit: bigint | null;
  delayMin: bigint;
  delayMax: bigint;
  delaySum: bigint;
  first: bigint;
  last: bigint;
  counter: IntervalCounter;
}

/** A udp-cbr receiver on a node's kernel (see the file comment). */
export class UdpSinkApp extends AppBase<UdpSinkResult> {
  private readonly streams = new Map<string, Stream>();
  private malformed = 0;

  /**
   * @param node the receiving node
   * @param spec port, start, report interval
   * @param logger parent logger; logs as {component: 'app.udp-sink', node}
   */
  constructor(
    node: Node,
    private readonly spec: Omit<UdpSinkAppSpec, 'type' | 'node'>,
    logger?: Logger,
  ) {
    super(node, 'udp-sink', 'server', spec.start, logger);
  }

  /** What the sink has measured so far; streams in order of their sender. */
  result(): UdpSinkResult {
    const keys = [...this.streams.keys()].sort();
    return {
      type: 'udp-sink',
      node: this.node.name,
      port: this.spec.port,
      malformed: this.malformed,
      streams: keys.map((k) => streamResult(this.streams.get(k)!)),
      error: this.error,
    };
  }

  protected async run(): Promise<void> {
    const rx = await DatagramReceiver.open(this.node, this.spec.port);
    for (;;) {
      const n = Number(await rx.next());
      this.datagram(formatPeer(rx.peer), rx.data.subarray(0, n));
    }
  }

  private datagram(from: string, d: Buffer): void {
    if (d.length < CBR_HEADER_LEN) {
      this.malformed++;
      return;
    }
    const now = this.node.now();
    const seq = d.readBigUInt64LE(0);
    const transit = now - d.readBigUInt64LE(8);
    let s = this.streams.get(from);
    if (s === undefined) {
      s = {
        peer: from,
        seen: new Set(),
        highest: -1n,
        received: 0,
        duplicates: 0,
        outOfOrder: 0,
        jitter: 0,
        lastTransit: null,
        delayMin: transit,
        delayMax: transit,
        delaySum: 0n,
        first: now,
        last: now,
        counter: new IntervalCounter(this.spec.start, this.spec.interval),
      };
      this.streams.set(from, s);
    }
    s.received++;
    s.last = now;
    s.counter.add(now, d.length);
    if (s.seen.has(seq)) s.duplicates++;
    else s.seen.add(seq);
    if (seq < s.highest) s.outOfOrder++;
    else s.highest = seq;
    if (s.lastTransit !== null) {
      const diff = transit - s.lastTransit;
      const abs = Number(diff < 0n ? -diff : diff);
      s.jitter += (abs - s.jitter) / 16;
    }
    s.lastTransit = transit;
    if (transit < s.delayMin) s.delayMin = transit;
    if (transit > s.delayMax) s.delayMax = transit;
    s.delaySum += transit;
  }
}

function streamResult(s: Stream): UdpSinkStream {
  const distinct = s.seen.size;
  const lost = Number(s.highest + 1n) - distinct;
  const expected = distinct + lost;
  return {
    peer: s.peer,
    received: s.received,
    bytes: s.counter.bytes,
    lost,
    loss_percent: expected === 0 ? 0 : (100 * lost) / expected,
    duplicates: s.duplicates,
    out_of_order: s.outOfOrder,
    jitter_ms: s.jitter / 1e6,
    delay_min_ms: millis(s.delayMin),
    delay_avg_ms: Number(s.delaySum) / s.received / 1e6,
    delay_max_ms: millis(s.delayMax),
    first_s: seconds(s.first),
    last_s: seconds(s.last),
    intervals: s.counter.samples(),
  };
}
