// SPDX-License-Identifier: GPL-2.0-only
/**
 * TcpBulkApp and TcpSinkApp between two real kernels on the 5 ms test link
 * (no serialization time, so the only delay is propagation: every RTT the
 * kernel measures is at least 2 × 5 ms).
 */
import { expect } from 'chai';
import { NS_PER_MS, NS_PER_S } from '../../sim/core/time';
import { TcpBulkApp } from '../../apps/tcp-bulk';
import type { TcpBulkOptions, TcpBulkResult } from '../../apps/tcp-bulk';
import { TcpSinkApp } from '../../apps/tcp-sink';
import type { TcpSinkResult } from '../../apps/tcp-sink';
import { twoNodes } from '../helpers/two-nodes';

const MIB = 1n << 20n;

function bulk(to: string, extra: Partial<TcpBulkOptions> = {}): TcpBulkOptions {
  return {
    to,
    family: to.includes(':') ? 6 : 4,
    port: 5201,
    start: 100n * NS_PER_MS,
    duration: null,
    bytes: MIB,
    congestion: null,
    interval: 50n * NS_PER_MS,
    writeSize: 65536,
    ...extra,
  };
}

/** Runs a sink on b and a sender on a for `until` ns. */
async function transfer(
  spec: TcpBulkOptions,
  until = 5n * NS_PER_S,
): Promise<{ tx: TcpBulkResult; rx: TcpSinkResult }> {
  const t = twoNodes();
  try {
    const sink = new TcpSinkApp(t.b, { port: 5201, start: 0n, interval: 100n * NS_PER_MS });
    const sender = new TcpBulkApp(t.a, spec);
    sink.start();
    sender.start();
    await t.sim.runAsync(until);
    return { tx: sender.result(), rx: sink.result() };
  } finally {
    t.close();
  }
}

describe('TcpBulkApp and TcpSinkApp (real liblinux)', () => {
  let reno: { tx: TcpBulkResult; rx: TcpSinkResult };
  before(async () => {
    reno = await transfer(bulk('10.0.0.2', { congestion: 'reno' }));
  });

  it('carries exactly the bytes asked for, then both sides see the end', () => {
    const { tx, rx } = reno;
    expect(tx.error).to.equal(null);
    expect(tx.congestion).to.equal('reno');
    expect(tx.bytes_written).to.equal(Number(MIB));
    expect(tx.bytes_acked).to.equal(Number(MIB));
    expect(rx.bytes).to.equal(Number(MIB));
    expect(rx.connections).to.have.length(1);
    const c = rx.connections[0]!;
    expect(c.peer).to.match(/^10\.0\.0\.1:\d+$/);
    expect(c.bytes).to.equal(Number(MIB));
    expect(c.eof_s).to.be.a('number');
    // The sender completes when the sink's close reaches it: one way after the sink read the end.
    expect(tx.completed_s! - c.eof_s!).to.be.closeTo(0.005, 1e-9);
    // Connecting takes ARP (2 × 5 ms) and the handshake (2 × 5 ms): 20 ms after the start.
    expect(tx.connected_s).to.be.closeTo(0.12, 1e-9);
  });

  it('records a goodput series that adds up to what was acknowledged', () => {
    const { tx, rx } = reno;
    expect(tx.intervals.reduce((s, i) => s + i.bytes, 0)).to.equal(Number(MIB));
    expect(rx.connections[0]!.intervals.reduce((s, i) => s + i.bytes, 0)).to.equal(Number(MIB));
    // Snapshots every 50 ms from the connection, the last one at completion.
    expect(tx.intervals[0]!.start_s).to.be.closeTo(tx.connected_s!, 1e-9);
    expect(tx.intervals[0]!.end_s).to.be.closeTo(tx.connected_s! + 0.05, 1e-9);
    expect(tx.intervals[tx.intervals.length - 1]!.end_s).to.be.closeTo(tx.completed_s!, 1e-9);
    expect(tx.tcp_info).to.have.length(tx.intervals.length);
    expect(tx.rtt).to.have.length(tx.intervals.length);
  });

  it('never sees an RTT below the 10 ms of propagation', () => {
    const { tx } = reno;
    for (const r of tx.rtt) expect(r.rtt_ms).to.be.at.least(10);
    for (const i of tx.tcp_info) {
      expect(i.min_rtt_ms).to.be.at.least(10);
      expect(i.cwnd).to.be.at.least(1);
    }
    // Nothing is lost on this link.
    expect(tx.retransmits).to.equal(0);
  });

  it('uses the kernel default (cubic) unless told, and IPv6 works the same', async () => {
    const { tx, rx } = await transfer(bulk('fd00::2', { bytes: 100_000n }));
    expect(tx.error).to.equal(null);
    expect(tx.congestion).to.equal('cubic');
    expect(rx.bytes).to.equal(100_000);
    expect(rx.connections[0]!.peer).to.match(/^\[fd00::1\]:\d+$/);
  });

  it('writes for a duration from the connection on', async () => {
    const { tx, rx } = await transfer(bulk('10.0.0.2', { bytes: null, duration: 500n * NS_PER_MS }));
    expect(tx.error).to.equal(null);
    expect(tx.writes_done_s! - tx.connected_s!).to.be.at.least(0.5);
    expect(rx.bytes).to.equal(tx.bytes_written);
    expect(tx.bytes_acked).to.equal(tx.bytes_written);
  });

  it('reports a congestion control the kernel does not have', async () => {
    const { tx, rx } = await transfer(bulk('10.0.0.2', { congestion: 'nosuch' }), NS_PER_S);
    expect(tx.error).to.match(/congestion control "nosuch".*ENOENT/);
    expect(tx.connected_s).to.equal(null);
    expect(rx.connections).to.have.length(0);
  });
});
