// SPDX-License-Identifier: GPL-2.0-only
/**
 * The UDP apps between two real kernels on the 5 ms test link (no
 * serialization time, no loss).  Expectations from first principles:
 * - udp-cbr at 1 Mbit/s with 1000-byte payloads sends one datagram every
 *   8 ms: 125 in one second, at 0, 8, ..., 992 ms after the start.
 * - The first datagram waits for ARP (10 ms there and back) and then
 *   takes 5 ms: transit 15 ms; the second, sent at 8 ms, leaves with it
 *   at 10 ms: transit 7 ms; every later one takes exactly 5 ms.  RFC 3550
 *   jitter over transits 15, 7, 5, 5, ... is J1 = 8/16 ms, J2 = J1 +
 *   (2 − J1)/16, then J shrinks by 15/16 per datagram (122 more).
 * - udp-echo: like ping, the first request waits for ARP (RTT 20 ms),
 *   later ones take 10 ms.  Requests sent while neighbour discovery is
 *   still waiting leave together when it answers, 10 ms after the first,
 *   so their echoes all arrive 20 ms after the first request.
 */
import { expect } from 'chai';
import { NS_PER_MS, NS_PER_S } from '../../sim/core/time';
import { UdpCbrApp } from '../../apps/udp-cbr';
import { UdpEchoApp } from '../../apps/udp-echo';
import { UdpEchoServerApp } from '../../apps/udp-echo-server';
import { UdpSinkApp } from '../../apps/udp-sink';
import { AF, SOCK } from '../../sim/kernel/linux-abi';
import { SYS } from '../../sim/kernel/syscall-numbers';
import { sockaddr } from '../../sim/node/sockaddr';
import { twoNodes } from '../helpers/two-nodes';

describe('UDP apps (real liblinux)', () => {
  it('udp-cbr sends at its rate; udp-sink measures loss, delay and RFC 3550 jitter', async () => {
    const t = twoNodes();
    try {
      const sink = new UdpSinkApp(t.b, { port: 6000, start: 0n, interval: 100n * NS_PER_MS });
      const cbr = new UdpCbrApp(t.a, {
        to: '10.0.0.2',
        family: 4,
        port: 6000,
        start: NS_PER_S,
        duration: NS_PER_S,
        rate: 1_000_000n,
        size: 1000,
        interval: 100n * NS_PER_MS,
        sport: null,
      });
      sink.start();
      cbr.start();
      await t.sim.runAsync(3n * NS_PER_S);
      const tx = cbr.result();
      expect([tx.sent, tx.send_errors, tx.bytes_sent, tx.error]).to.deep.equal([125, 0, 125_000, null]);
      // Datagram k leaves at 8k ms; interval i is (100i, 100(i + 1)] ms (0 included in the first).
      const perInterval = new Array<number>(10).fill(0);
      for (let k = 0; k < 125; k++) perInterval[k === 0 ? 0 : Math.ceil((8 * k) / 100) - 1]! += 1000;
      expect(perInterval).to.deep.equal([13, 13, 12, 13, 12, 13, 12, 13, 12, 12].map((n) => n * 1000));
      expect(tx.intervals.map((i) => i.bytes)).to.deep.equal(perInterval);
      const rx = sink.result();
      expect(rx.streams).to.have.length(1);
      const s = rx.streams[0]!;
      expect(s.peer).to.match(/^10\.0\.0\.1:\d+$/);
      expect([s.received, s.lost, s.duplicates, s.out_of_order, s.bytes]).to.deep.equal([125, 0, 0, 0, 125_000]);
      expect([s.delay_min_ms, s.delay_max_ms]).to.deep.equal([5, 15]);
      expect(s.delay_avg_ms).to.be.closeTo((15 + 7 + 123 * 5) / 125, 1e-9);
      let j = 8 / 16;
      j += (2 - j) / 16;
      for (let k = 0; k < 122; k++) j -= j / 16;
      expect(s.jitter_ms).to.be.closeTo(j, 1e-9);
    } finally {
      t.close();
    }
  });

  it('udp-cbr with sport sends from that port; a second sender on the same port fails with EADDRINUSE', async () => {
    const t = twoNodes();
    try {
      const sink = new UdpSinkApp(t.b, { port: 6000, start: 0n, interval: 100n * NS_PER_MS });
      const cbr = (sport: number, start: bigint): UdpCbrApp =>
        new UdpCbrApp(t.a, {
          to: '10.0.0.2',
          family: 4,
          port: 6000,
          start,
          duration: 100n * NS_PER_MS,
          rate: 1_000_000n,
          size: 1000,
          interval: 100n * NS_PER_MS,
          sport,
        });
      const first = cbr(40001, 0n);
      const second = cbr(40002, 0n);
      const clash = cbr(40001, 50n * NS_PER_MS);
      sink.start();
      for (const c of [first, second, clash]) c.start();
      await t.sim.runAsync(NS_PER_S);
      expect(sink.result().streams.map((s) => [s.peer, s.received])).to.have.deep.members([
        ['10.0.0.1:40001', 13],
        ['10.0.0.1:40002', 13],
      ]);
      expect(clash.result().sent).to.equal(0);
      expect(clash.result().error).to.match(/bind: EADDRINUSE/);
    } finally {
      t.close();
    }
  });

  it('udp-sink counts gaps as loss and late datagrams as out of order', async () => {
    const t = twoNodes();
    try {
      const sink = new UdpSinkApp(t.b, { port: 6000, start: 0n, interval: NS_PER_S });
      sink.start();
      // Sequence numbers 0, 2, 1, 5, 5: 4 distinct of 6 (0..5), 3 and 4 lost, 1 late, 5 twice.
      const task = t.a.createTask();
      const fd = Number(await t.a.syscall(task, SYS.socket, [AF.INET, SOCK.DGRAM, 0]));
      const dest = sockaddr('10.0.0.2', 6000);
      await t.sim.runAsync(NS_PER_S);
      for (const seq of [0n, 2n, 1n, 5n, 5n]) {
        const d = Buffer.alloc(16);
        d.writeBigUInt64LE(seq, 0);
        d.writeBigUInt64LE(t.a.now(), 8);
        await t.a.syscall(task, SYS.sendto, [fd, d, d.length, 0, dest, dest.length]);
      }
      await t.sim.runAsync(2n * NS_PER_S);
      const s = sink.result().streams[0]!;
      expect([s.received, s.lost, s.duplicates, s.out_of_order]).to.deep.equal([5, 2, 1, 1]);
      expect(s.loss_percent).to.be.closeTo((100 * 2) / 6, 1e-9);
    } finally {
      t.close();
    }
  });

  it('udp-echo gets every request back: 20 ms with ARP, then 10 ms', async () => {
    const t = twoNodes();
    try {
      const server = new UdpEchoServerApp(t.b, { port: 7, start: 0n });
      const client = new UdpEchoApp(t.a, {
        to: 'fd00::2',
        family: 6,
        port: 7,
        count: 4,
        interval: 200n * NS_PER_MS,
        start: NS_PER_S,
        size: 100,
      });
      server.start();
      client.start();
      await t.sim.runAsync(4n * NS_PER_S);
      expect(client.isFinished).to.equal(true);
      const r = client.result();
      expect(r.rtts_ms).to.deep.equal([20, 10, 10, 10]);
      expect([r.transmitted, r.received, r.lossPercent, r.min_ms, r.avg_ms, r.max_ms]).to.deep.equal([
        4, 4, 0, 10, 12.5, 20,
      ]);
      expect(r.rtt.map((x) => x.t_s)).to.deep.equal([1, 1.2, 1.4, 1.6]);
      expect(server.result()).to.include({ received: 4, echoed: 4, error: null });
    } finally {
      t.close();
    }
  });

  it('udp-echo reads echoes that arrive together one by one, each at their arrival time', async () => {
    const t = twoNodes();
    try {
      const server = new UdpEchoServerApp(t.b, { port: 7, start: 0n });
      // Five requests 1 ms apart, all before neighbour discovery answers at 10 ms.
      const client = new UdpEchoApp(t.a, {
        to: 'fd00::2',
        family: 6,
        port: 7,
        count: 5,
        interval: NS_PER_MS,
        start: NS_PER_S,
        size: 100,
      });
      server.start();
      client.start();
      await t.sim.runAsync(4n * NS_PER_S);
      const r = client.result();
      expect(r.rtts_ms).to.deep.equal([20, 19, 18, 17, 16]);
      expect([r.transmitted, r.received, r.duplicates]).to.deep.equal([5, 5, 0]);
      expect(server.result()).to.include({ received: 5, echoed: 5, error: null });
    } finally {
      t.close();
    }
  });
});
