// SPDX-License-Identifier: GPL-2.0-only
/**
 * PingApp between two real kernels on a 5 ms test link.
 *
 * The RTTs are exact, and derived as follows.  The test link has zero
 * serialization time and a fixed 5 ms one-way delay, and a kernel handles
 * an arriving frame (and transmits what it answers with) inside the entry
 * at the arrival time, so no simulated time passes inside a node.
 * - Request 1 (t = 1 s): a has no neighbour entry for b yet, so the kernel
 *   queues the echo request and sends an ARP request (IPv6: a neighbour
 *   solicitation) at 1.000; it reaches b at 1.005, b answers at once
 *   (learning a's address from the request, so it needs no resolution of
 *   its own), the answer reaches a at 1.010, a sends the queued echo
 *   request at 1.010, it reaches b at 1.015, the reply reaches a at 1.020:
 *   RTT = 4 × 5 ms = 20 ms.
 * - Requests 2..5: the neighbour is resolved (a's entry stays REACHABLE,
 *   b's goes STALE/DELAY/PROBE, none of which holds packets back): request
 *   and reply, RTT = 2 × 5 ms = 10 ms.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PcapRecorder } from '../../traces/pcap-recorder';
import { NS_PER_MS, NS_PER_S } from '../../sim/core/time';
import { AppConfigError } from '../../apps/app-config-error';
import { PingApp, PingResult } from '../../apps/ping';
import { twoNodes } from '../helpers/two-nodes';

const ETH_P_ARP = 0x0806;
const ETH_P_IP = 0x0800;

/** Five requests, 1 s apart from 1 s, 56 bytes of payload. */
function pingSpec(
  to: string,
  family: 4 | 6,
): { to: string; family: 4 | 6; count: number; interval: bigint; start: bigint; size: number } {
  return { to, family, count: 5, interval: NS_PER_S, start: NS_PER_S, size: 56 };
}

/** A pcap's records: [time ns, frame]. */
function readPcap(file: string): Array<[bigint, Buffer]> {
  const b = fs.readFileSync(file);
  expect(b.readUInt32LE(0)).to.equal(0xa1b23c4d);
  const out: Array<[bigint, Buffer]> = [];
  for (let off = 24; off < b.length;) {
    const t = BigInt(b.readUInt32LE(off)) * NS_PER_S + BigInt(b.readUInt32LE(off + 4));
    const len = b.readUInt32LE(off + 8);
    out.push([t, b.subarray(off + 16, off + 16 + len)]);
    off += 16 + len;
  }
  return out;
}

interface Run {
  v4: PingResult;
  v6: PingResult;
  pcapA: Buffer;
  pcapB: Buffer;
  fileA: string;
}

/** The two-node scenario: a pings b over IPv4 and IPv6 at once, both devices traced. */
async function scenario(dir: string): Promise<Run> {
  const t = twoNodes();
  // The devices' taps to one pcap each, as a run's results writer does.
  const pcaps = new PcapRecorder(dir);
  const fileA = path.join(dir, 'a-eth0.pcap');
  const fileB = path.join(dir, 'b-eth0.pcap');
  pcaps.attach([t.a, t.b]);
  try {
    const v4 = new PingApp(t.a, pingSpec('10.0.0.2', 4));
    const v6 = new PingApp(t.a, pingSpec('fd00::2', 6));
    v4.start();
    v6.start();
    await t.sim.runAsync(10n * NS_PER_S);
    expect(v4.isFinished && v6.isFinished).to.equal(true);
    pcaps.close();
    return { v4: v4.result(), v6: v6.result(), pcapA: fs.readFileSync(fileA), pcapB: fs.readFileSync(fileB), fileA };
  } finally {
    t.close();
  }
}

describe('PingApp (real liblinux)', () => {
  let dir: string;
  let first: Run;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libsim-ping-'));
    first = await scenario(fs.mkdtempSync(path.join(dir, 'run1-')));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('pings over IPv4: 5 replies, 20 ms with ARP then 10 ms', () => {
    expect(first.v4).to.deep.equal({
      type: 'ping',
      node: 'a',
      to: '10.0.0.2',
      family: 4,
      transmitted: 5,
      received: 5,
      duplicates: 0,
      sendErrors: 0,
      sendErrorCodes: [],
      icmpErrors: [],
      lossPercent: 0,
      rtts_ms: [20, 10, 10, 10, 10],
      min_ms: 10,
      avg_ms: 12,
      max_ms: 20,
      // Requests leave at 1, 2, ..., 5 s.
      rtt: [1, 2, 3, 4, 5].map((t_s, i) => ({ t_s, rtt_ms: i === 0 ? 20 : 10 })),
      error: null,
    });
    // The result is plain JSON.
    expect(JSON.parse(JSON.stringify(first.v4))).to.deep.equal(first.v4);
  });

  it('pings over IPv6: 5 replies, 20 ms with neighbour discovery then 10 ms', () => {
    expect(first.v6.rtts_ms).to.deep.equal([20, 10, 10, 10, 10]);
    expect([first.v6.transmitted, first.v6.received, first.v6.lossPercent]).to.deep.equal([5, 5, 0]);
    expect([first.v6.min_ms, first.v6.avg_ms, first.v6.max_ms]).to.deep.equal([10, 12, 20]);
  });

  it('traces both directions at the simulated times', () => {
    const recs = readPcap(first.fileA);
    const type = (f: Buffer): number => f.readUInt16BE(12);
    // a's first frames at 1 s: the ARP request, then (at 1.010) its echo request.
    const arp = recs.find(([, f]) => type(f) === ETH_P_ARP);
    expect(arp?.[0]).to.equal(NS_PER_S);
    const icmp4 = recs.filter(([, f]) => type(f) === ETH_P_IP && f[14 + 9] === 1);
    // 5 requests out and 5 replies in; ICMP type at 14 + 20.
    expect(icmp4.map(([t, f]) => [t, f[34]])).to.deep.equal([
      [NS_PER_S + 10n * NS_PER_MS, 8],
      [NS_PER_S + 20n * NS_PER_MS, 0],
      ...[2n, 3n, 4n, 5n].flatMap((s) => [
        [s * NS_PER_S, 8],
        [s * NS_PER_S + 10n * NS_PER_MS, 0],
      ]),
    ]);
    // Echo requests carry the payload pattern: byte j is j.
    const payload = icmp4[0]![1].subarray(42, 42 + 56);
    expect([...payload]).to.deep.equal([...Array(56).keys()]);
  });

  it('is deterministic: a second run gives the same RTTs and the same pcap bytes', async () => {
    const second = await scenario(fs.mkdtempSync(path.join(dir, 'run2-')));
    expect(second.v4.rtts_ms).to.deep.equal(first.v4.rtts_ms);
    expect(second.v6.rtts_ms).to.deep.equal(first.v6.rtts_ms);
    expect(second.pcapA.length).to.be.greaterThan(24);
    expect(second.pcapA.equals(first.pcapA)).to.equal(true);
    expect(second.pcapB.equals(first.pcapB)).to.equal(true);
  });

  it('counts every request lost when nobody answers, after waiting 2 intervals', async () => {
    const t = twoNodes();
    try {
      const ping = new PingApp(t.a, {
        to: '10.0.0.9',
        family: 4,
        count: 3,
        interval: NS_PER_S,
        start: NS_PER_S,
        size: 8,
      });
      ping.start();
      await t.sim.runAsync(3n * NS_PER_S + 1_900n * NS_PER_MS);
      expect(ping.isFinished).to.equal(false);
      await t.sim.runAsync(10n * NS_PER_S);
      const r = await ping.done();
      expect([r.transmitted, r.received, r.lossPercent]).to.deep.equal([3, 0, 100]);
      expect(r.rtts_ms).to.deep.equal([null, null, null]);
      expect([r.min_ms, r.avg_ms, r.max_ms]).to.deep.equal([null, null, null]);
    } finally {
      t.close();
    }
  });

  it('refuses a destination of the wrong family', () => {
    const t = twoNodes();
    try {
      expect(() => new PingApp(t.a, pingSpec('fd00::2', 4))).to.throw(AppConfigError, /IPv6/);
    } finally {
      t.close();
    }
  });
});
