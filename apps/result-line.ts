// SPDX-License-Identifier: GPL-2.0-only
/**
 * The one-line summary of an app's result, shared by the terminal
 * (Simulation.report(), printed after `libsim run`) and report.html, so that
 * both say the same.
 */
import type { AppResult } from './app-result';

const mbps = (bps: number): string => `${(bps / 1e6).toFixed(2)} Mbit/s`;
const ms = (v: number | null): string => (v === null ? '-' : v.toFixed(3));
const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
const failed = (e: string | null): string => (e === null ? '' : ` (stopped: ${e})`);

/** One line for the terminal with an app's headline numbers. */
export function resultLine(r: AppResult): string {
  switch (r.type) {
    case 'ping':
    case 'udp-echo': {
      const rtt = r.received > 0 ? `, rtt min/avg/max ${ms(r.min_ms)}/${ms(r.avg_ms)}/${ms(r.max_ms)} ms` : '';
      return `${r.type} ${r.node} -> ${r.to}: ${r.received}/${r.transmitted} replies${rtt}${failed(r.error)}`;
    }
    case 'tcp-bulk': {
      const done = r.completed_s === null ? 'not completed' : `completed at ${r.completed_s.toFixed(3)} s`;
      return (
        `tcp-bulk ${r.node} -> ${r.to}:${r.port} (${r.congestion ?? '?'}): ${r.bytes_acked} bytes acked, ` +
        `goodput ${r.goodput_bps === null ? '-' : mbps(r.goodput_bps)}, ${r.retransmits} retransmits, ${done}${failed(r.error)}`
      );
    }
    case 'tcp-sink':
      return `tcp-sink ${r.node}:${r.port}: ${plural(r.connections.length, 'connection')}, ${r.bytes} bytes read${failed(r.error)}`;
    case 'udp-cbr':
      return (
        `udp-cbr ${r.node} -> ${r.to}:${r.port}: ${r.sent} datagrams at ${mbps(r.rate_bps)}, ` +
        `${r.send_errors} refused${failed(r.error)}`
      );
    case 'udp-sink': {
      const streams = r.streams.map(
        (s) =>
          `${s.peer} ${s.received} received, ${s.lost} lost (${s.loss_percent.toFixed(2)}%), ` +
          `${s.out_of_order} out of order, jitter ${ms(s.jitter_ms)} ms`,
      );
      return `udp-sink ${r.node}:${r.port}: ${streams.length === 0 ? 'nothing received' : streams.join('; ')}${failed(r.error)}`;
    }
    case 'udp-echo-server':
      return `udp-echo-server ${r.node}:${r.port}: ${r.echoed}/${r.received} echoed${failed(r.error)}`;
    case 'process': {
      const how = r.end_s === null ? 'did not run' : r.exit !== null ? `exit ${r.exit}` : `killed by ${r.signal}`;
      const when = r.end_s === null ? '' : ` at ${r.end_s.toFixed(6)} s`;
      return `process ${r.node}: ${r.cmd}: ${how}${when}, ${r.syscalls} system calls${failed(r.error)}`;
    }
  }
}
