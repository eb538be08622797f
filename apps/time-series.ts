// SPDX-License-Identifier: GPL-2.0-only
/**
 * The time series apps record, as they appear in summary.json (times in
 * seconds of simulated time, as JSON numbers computed from exact
 * nanoseconds), and IntervalCounter, which bins bytes into report
 * intervals.
 */
import { NS_PER_MS, NS_PER_S } from '../sim/core/time';
import type { SimTime } from '../sim/core/time';

/** Bytes carried in the interval (start_s, end_s]. */
export interface IntervalSample {
  start_s: number;
  end_s: number;
  bytes: number;
  /** bytes × 8 / (end_s − start_s). */
  bits_per_second: number;
}

/** One round-trip time measured at t_s. */
export interface RttSample {
  t_s: number;
  rtt_ms: number;
}

/** A TCP_INFO snapshot of a sending socket (see apps/tcp-info.ts). */
export interface TcpInfoSample {
  t_s: number;
  /** Congestion window, segments. */
  cwnd: number;
  /** Slow-start threshold, segments; null while infinite. */
  ssthresh: number | null;
  /** Smoothed RTT, its variation, the minimum RTT and the RTO, ms. */
  srtt_ms: number;
  rttvar_ms: number;
  min_rtt_ms: number;
  rto_ms: number;
  /** Segments in flight (unacked), lost, and retransmitted-unacked now. */
  unacked: number;
  lost: number;
  retrans: number;
  /** Retransmitted segments over the connection's life. */
  total_retrans: number;
  /** Data bytes acknowledged, sent (retransmissions included) and retransmitted so far. */
  bytes_acked: number;
  bytes_sent: number;
  bytes_retrans: number;
  /** The kernel's latest delivery rate sample, bits/s. */
  delivery_rate_bps: number;
  /** Pacing rate, bits/s; null when unlimited. */
  pacing_rate_bps: number | null;
  /** Congestion avoidance state: 0 Open, 1 Disorder, 2 CWR, 3 Recovery, 4 Loss. */
  ca_state: number;
  /** The peer's advertised receive window, bytes. */
  snd_wnd: number;
}

/** Simulated ns as seconds (exact below 2^53 ns, i.e. 104 days). */
export function seconds(t: SimTime): number {
  return Number(t) / 1e9;
}

/** A duration in ns as milliseconds, whole ms exact. */
export function millis(ns: SimTime): number {
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

/** One IntervalSample from exact times. */
export function intervalSample(start: SimTime, end: SimTime, bytes: number): IntervalSample {
  const span = end - start;
  return {
    start_s: seconds(start),
    end_s: seconds(end),
    bytes,
    bits_per_second: span > 0n ? (bytes * 8 * Number(NS_PER_S)) / Number(span) : 0,
  };
}

/**
 * Counts bytes into consecutive intervals of `interval` ns from `origin`:
 * interval k is (origin + k·interval, origin + (k+1)·interval], so bytes
 * arriving exactly at a boundary belong to the interval it ends (the
 * origin itself belongs to interval 0).
 */
export class IntervalCounter {
  private readonly bins: number[] = [];
  private total = 0;

  /**
   * @param origin start of interval 0, ns
   * @param interval length of an interval, ns (> 0)
   */
  constructor(
    private readonly origin: SimTime,
    private readonly interval: SimTime,
  ) {}

  /** Adds `bytes` seen at time `t` (not before the origin). */
  add(t: SimTime, bytes: number): void {
    const rel = t - this.origin;
    const k = rel <= 0n ? 0 : Number((rel + this.interval - 1n) / this.interval) - 1;
    while (this.bins.length <= k) this.bins.push(0);
    this.bins[k] += bytes;
    this.total += bytes;
  }

  /** Bytes counted so far. */
  get bytes(): number {
    return this.total;
  }

  /** One sample per interval from the first to the last with bytes (empty ones between included). */
  samples(): IntervalSample[] {
    return this.bins.map((b, k) => {
      const start = this.origin + BigInt(k) * this.interval;
      return intervalSample(start, start + this.interval, b);
    });
  }
}
