// SPDX-License-Identifier: GPL-2.0-only
/**
 * struct tcp_info of Linux 6.1 (include/uapi/linux/tcp.h), as
 * getsockopt(SOL_TCP, TCP_INFO) fills it: the fields the apps record, at
 * their offsets.  test/apps/tcp-info.test.ts derives the offsets from the
 * kernel's own header and fails if they drift.
 */

/** sizeof(struct tcp_info) in Linux 6.1. */
export const TCP_INFO_SIZE = 232;

/** Byte offsets of the fields read here (natural alignment, x86-64). */
export const TCP_INFO_OFFSETS = {
  tcpi_state: 0,
  tcpi_ca_state: 1,
  tcpi_rto: 8,
  tcpi_snd_mss: 16,
  tcpi_unacked: 24,
  tcpi_lost: 32,
  tcpi_retrans: 36,
  tcpi_rtt: 68,
  tcpi_rttvar: 72,
  tcpi_snd_ssthresh: 76,
  tcpi_snd_cwnd: 80,
  tcpi_total_retrans: 100,
  tcpi_pacing_rate: 104,
  tcpi_bytes_acked: 120,
  tcpi_bytes_received: 128,
  tcpi_min_rtt: 148,
  tcpi_delivery_rate: 160,
  tcpi_delivered: 192,
  tcpi_bytes_sent: 200,
  tcpi_bytes_retrans: 208,
  tcpi_snd_wnd: 228,
} as const;

/** The decoded fields; times in µs, rates in bytes/s, as the kernel reports them. */
export interface TcpInfo {
  /** TCP state (1 = ESTABLISHED ...). */
  state: number;
  /** Congestion avoidance state (0 Open, 1 Disorder, 2 CWR, 3 Recovery, 4 Loss). */
  caState: number;
  rtoUs: number;
  sndMss: number;
  /** Segments sent and not yet acknowledged. */
  unacked: number;
  /** Segments considered lost now. */
  lost: number;
  /** Segments retransmitted and not yet acknowledged. */
  retrans: number;
  /** Smoothed RTT and its variation, µs. */
  rttUs: number;
  rttvarUs: number;
  /** Slow-start threshold in segments (0x7fffffff while infinite). */
  ssthresh: number;
  /** Congestion window in segments. */
  cwnd: number;
  /** Retransmissions over the connection's life. */
  totalRetrans: number;
  /** Pacing rate, bytes/s (~0 when unlimited). */
  pacingRate: bigint;
  /** Bytes acknowledged by the peer (counts the SYN: one more than the data). */
  bytesAcked: bigint;
  bytesReceived: bigint;
  /** Smallest RTT seen, µs. */
  minRttUs: number;
  /** The kernel's latest delivery-rate sample, bytes/s. */
  deliveryRate: bigint;
  /** Segments delivered (acknowledged) over the connection's life. */
  delivered: number;
  /** Bytes sent, retransmissions included. */
  bytesSent: bigint;
  bytesRetrans: bigint;
  /** The peer's advertised window, bytes. */
  sndWnd: number;
}

/**
 * Decodes a struct tcp_info that getsockopt() filled.  Fields beyond the
 * length the kernel wrote (an older kernel) read as 0.
 * @param buf the getsockopt buffer
 * @param length the optlen the kernel returned
 */
export function parseTcpInfo(buf: Buffer, length: number = buf.length): TcpInfo {
  const o = TCP_INFO_OFFSETS;
  const b = Buffer.alloc(TCP_INFO_SIZE);
  buf.copy(b, 0, 0, Math.min(length, TCP_INFO_SIZE, buf.length));
  return {
    state: b.readUInt8(o.tcpi_state),
    caState: b.readUInt8(o.tcpi_ca_state),
    rtoUs: b.readUInt32LE(o.tcpi_rto),
    sndMss: b.readUInt32LE(o.tcpi_snd_mss),
    unacked: b.readUInt32LE(o.tcpi_unacked),
    lost: b.readUInt32LE(o.tcpi_lost),
    retrans: b.readUInt32LE(o.tcpi_retrans),
    rttUs: b.readUInt32LE(o.tcpi_rtt),
    rttvarUs: b.readUInt32LE(o.tcpi_rttvar),
    ssthresh: b.readUInt32LE(o.tcpi_snd_ssthresh),
    cwnd: b.readUInt32LE(o.tcpi_snd_cwnd),
    totalRetrans: b.readUInt32LE(o.tcpi_total_retrans),
    pacingRate: b.readBigUInt64LE(o.tcpi_pacing_rate),
    bytesAcked: b.readBigUInt64LE(o.tcpi_bytes_acked),
    bytesReceived: b.readBigUInt64LE(o.tcpi_bytes_received),
    minRttUs: b.readUInt32LE(o.tcpi_min_rtt),
    deliveryRate: b.readBigUInt64LE(o.tcpi_delivery_rate),
    delivered: b.readUInt32LE(o.tcpi_delivered),
    bytesSent: b.readBigUInt64LE(o.tcpi_bytes_sent),
    bytesRetrans: b.readBigUInt64LE(o.tcpi_bytes_retrans),
    sndWnd: b.readUInt32LE(o.tcpi_snd_wnd),
  };
}
