// SPDX-License-Identifier: GPL-2.0-only
/**
 * The point-to-point link (sim/net/point-to-point-link.ts) between recording
 * ports: serialization and propagation, queue, loss, jitter, carrier, MTU,
 * counters and errors.
 */
import { expect } from 'chai';
import { Rng } from '../../../sim/core/rng';
import { Simulator } from '../../../sim/core/simulator';
import { NS_PER_MS, NS_PER_S, NS_PER_US } from '../../../sim/core/time';
import { LinkAttachError } from '../../../sim/net/link-attach-error';
import type { LinkEnd, LinkPort } from '../../../sim/net/link-port';
import { LinkSpecError } from '../../../sim/net/link-spec-error';
import { PointToPointLink, serializationTime } from '../../../sim/net/point-to-point-link';
import type { LinkDirectionCounters } from '../../../sim/net/link-counter';
import type { LinkSpec } from '../../../sim/net/point-to-point-link-params';

/** A device that records what arrives and when. */
class RecordingPort implements LinkPort {
  readonly got: Array<{ t: bigint; frame: Buffer }> = [];
  constructor(private readonly sim: Simulator) {}
  receive(frame: Buffer): void {
    this.got.push({ t: this.sim.now, frame });
  }
  /** Arrival times. */
  times(): bigint[] {
    return this.got.map((g) => g.t);
  }
  /** Frame numbers (first 4 bytes) in arrival order. */
  ids(): number[] {
    return this.got.map((g) => g.frame.readUInt32BE(0));
  }
}

function spec(over: Partial<LinkSpec> = {}): LinkSpec {
  return {
    a: { node: 'h1', iface: 'eth0' },
    b: { node: 'h2', iface: 'eth0' },
    rate: 100_000_000n,
    delay: 5n * NS_PER_MS,
    mtu: 1500,
    queuePackets: 100,
    queueBytes: null,
    loss: 0,
    jitter: 0n,
    events: [],
    ...over,
  };
}

/** A frame of `len` bytes whose first 4 bytes are `id`. */
function frame(id: number, len: number): Buffer {
  const b = Buffer.alloc(len, 0xab);
  b.writeUInt32BE(id, 0);
  return b;
}

interface Rig {
  sim: Simulator;
  link: PointToPointLink;
  aEnd: LinkEnd;
  bEnd: LinkEnd;
  atA: RecordingPort;
  atB: RecordingPort;
}

function rig(s: LinkSpec, seed = 1): Rig {
  const sim = new Simulator();
  const link = new PointToPointLink(sim, s, new Rng(seed), 'h1-h2');
  const atA = new RecordingPort(sim);
  const atB = new RecordingPort(sim);
  const aEnd = link.attach('a', atA);
  const bEnd = link.attach('b', atB);
  return { sim, link, aEnd, bEnd, atA, atB };
}

/** Sends `n` frames of `len` bytes from side a at time `at`, numbered from `first`. */
function burst(r: Rig, at: bigint, n: number, len: number, first = 0): void {
  r.sim.schedule(at, () => {
    for (let i = 0; i < n; i++) r.aEnd.send(frame(first + i, len));
  });
}

function checkBalance(c: LinkDirectionCounters): void {
  expect(c.framesOffered).to.equal(c.framesSent + c.dropsQueue + c.dropsDown + c.dropsOversize + c.queueFrames);
  expect(c.framesSent).to.equal(c.framesDelivered + c.dropsLoss + c.dropsDownInFlight + c.inFlightFrames);
}

describe('sim/net/point-to-point-link', () => {
  describe('serialization and propagation', () => {
    it('delivers back-to-back 1500-byte frames at 100 Mbit/s 120 µs apart, 5 ms after their last bit', () => {
      const r = rig(spec());
      burst(r, 0n, 3, 1500);
      r.sim.run();
      // 1500 B * 8 = 12000 bit; 12000 bit / 1e8 bit/s = 120e-6 s = 120000 ns per frame.
      // Frame k's last bit leaves at (k+1) * 120000 ns and arrives 5000000 ns later.
      expect(r.atB.times()).to.deep.equal([5_120_000n, 5_240_000n, 5_360_000n]);
      expect(r.atB.ids()).to.deep.equal([0, 1, 2]);
      expect(r.atA.got).to.have.length(0);
    });

    it('rounds a fractional serialization time up to the next nanosecond', () => {
      // 64 B = 512 bit at 7 Mbit/s: 512 / 7e6 s = 73142.857... ns, rounded up to 73143 ns.
      expect(serializationTime(64, 7_000_000n)).to.equal(73_143n);
      // Exact case, no rounding: 1500 B at 100 Mbit/s = 120000 ns.
      expect(serializationTime(1500, 100_000_000n)).to.equal(120_000n);
      // 1 B = 8 bit at 3 Gbit/s: 2.67 ns -> 3 ns.
      expect(serializationTime(1, 3_000_000_000n)).to.equal(3n);
      const r = rig(spec({ rate: 7_000_000n, delay: 0n }));
      burst(r, 0n, 2, 64);
      r.sim.run();
      // The rounding accumulates per frame: the second frame ends at 2 * 73143, not ceil(2 * 73142.857) = 73286.
      expect(r.atB.times()).to.deep.equal([73_143n, 146_286n]);
    });

    it('starts a frame at once when the transmitter is idle again', () => {
      const r = rig(spec());
      burst(r, 0n, 1, 1500, 0);
      burst(r, 1n * NS_PER_S, 1, 1500, 1);
      r.sim.run();
      expect(r.atB.times()).to.deep.equal([5_120_000n, NS_PER_S + 5_120_000n]);
    });

    it('is full duplex: the two directions do not share a transmitter', () => {
      const r = rig(spec());
      r.sim.schedule(0n, () => {
        r.aEnd.send(frame(1, 1500));
        r.bEnd.send(frame(2, 1500));
      });
      r.sim.run();
      expect(r.atB.times()).to.deep.equal([5_120_000n]);
      expect(r.atA.times()).to.deep.equal([5_120_000n]);
      expect(r.atA.ids()).to.deep.equal([2]);
      const c = r.link.counters();
      expect(c.directions.ab.framesDelivered).to.equal(1);
      expect(c.directions.ba.framesDelivered).to.equal(1);
    });

    it('hands the far end the buffer it was given, not a copy (frames are never copied in flight)', () => {
      const r = rig(spec());
      const buf = frame(7, 100);
      r.sim.schedule(0n, () => r.aEnd.send(buf));
      r.sim.run();
      expect(r.atB.got).to.have.length(1);
      expect(r.atB.got[0]!.frame).to.equal(buf);
    });
  });

  describe('queue', () => {
    it('drops at the packet limit, not counting the frame being serialized', () => {
      const r = rig(spec({ queuePackets: 2 }));
      burst(r, 0n, 5, 1500);
      r.sim.run();
      // Frame 0 goes straight to the transmitter, 1 and 2 wait, 3 and 4 find the queue full.
      expect(r.atB.ids()).to.deep.equal([0, 1, 2]);
      const c = r.link.counters().directions.ab;
      expect(c.dropsQueue).to.equal(2);
      expect(c.maxQueueFrames).to.equal(2);
      expect(c.framesSent).to.equal(3);
      expect(c.bytesSent).to.equal(4500);
    });

    it('with a limit of 0 accepts a frame only when the transmitter is idle', () => {
      const r = rig(spec({ queuePackets: 0 }));
      burst(r, 0n, 2, 1500, 0); // frame 1 finds the transmitter busy
      // Frame 0's last bit leaves at 120000 ns: the transmitter is idle from that instant, so frame 2,
      // offered then, starts at once, and frame 3, offered 1 ns later, finds it busy with frame 2.
      burst(r, 120_000n, 1, 1500, 2);
      burst(r, 120_001n, 1, 1500, 3);
      r.sim.run();
      expect(r.atB.ids()).to.deep.equal([0, 2]);
      expect(r.atB.times()).to.deep.equal([5_120_000n, 120_000n + 120_000n + 5_000_000n]);
      const c = r.link.counters().directions.ab;
      expect(c.dropsQueue).to.equal(2);
      expect(c.maxQueueFrames).to.equal(0);
    });

    it('counts bytes, not frames, when queueBytes is set', () => {
      const r = rig(spec({ queuePackets: 1, queueBytes: 2500n }));
      r.sim.schedule(0n, () => {
        r.aEnd.send(frame(0, 1500)); // transmitter
        r.aEnd.send(frame(1, 1500)); // waiting: 1500
        r.aEnd.send(frame(2, 1500)); // 3000 > 2500: dropped
        r.aEnd.send(frame(3, 1000)); // 2500 <= 2500: waits (a packet limit of 1 would have refused it)
        r.aEnd.send(frame(4, 4)); // 2504 > 2500: dropped
      });
      r.sim.run();
      expect(r.atB.ids()).to.deep.equal([0, 1, 3]);
      // 1000 B = 8000 bit = 80000 ns at 100 Mbit/s, after two 120000 ns frames.
      expect(r.atB.times()).to.deep.equal([5_120_000n, 5_240_000n, 5_320_000n]);
      const c = r.link.counters().directions.ab;
      expect(c.dropsQueue).to.equal(2);
      expect(c.maxQueueFrames).to.equal(2);
    });

    it('reports the current queue and wire occupancy in the counters', () => {
      const r = rig(spec({ queuePackets: 10 }));
      burst(r, 0n, 4, 1500);
      let mid: LinkDirectionCounters | undefined;
      // At 130000 ns: frame 0 is propagating, frame 1 serializing, frames 2 and 3 waiting.
      r.sim.schedule(130_000n, () => {
        mid = r.link.counters().directions.ab;
      });
      r.sim.run();
      expect(mid).to.not.equal(undefined);
      expect(mid!.queueFrames).to.equal(2);
      expect(mid!.queueBytes).to.equal(3000);
      expect(mid!.inFlightFrames).to.equal(2);
      checkBalance(mid!);
      const end = r.link.counters().directions.ab;
      expect(end.queueFrames).to.equal(0);
      expect(end.inFlightFrames).to.equal(0);
    });
  });

  describe('loss', () => {
    const N = 10_000;
    const lossSpec = spec({ rate: 10_000_000_000n, delay: 0n, queuePackets: N, loss: 0.1 });

    function lostIds(seed: number, s: LinkSpec = lossSpec): Set<number> {
      const r = rig(s, seed);
      burst(r, 0n, N, 64);
      r.sim.run();
      const delivered = new Set(r.atB.ids());
      const lost = new Set<number>();
      for (let i = 0; i < N; i++) if (!delivered.has(i)) lost.add(i);
      return lost;
    }

    it('loses frames with the given probability (binomial tolerance)', () => {
      const r = rig(lossSpec, 42);
      burst(r, 0n, N, 64);
      r.sim.run();
      const c = r.link.counters().directions.ab;
      // Binomial(10000, 0.1): mean 1000, sd sqrt(10000 * 0.1 * 0.9) = 30; accept +-5 sd.
      expect(c.dropsLoss).to.be.within(850, 1150);
      expect(c.framesDelivered).to.equal(N - c.dropsLoss);
      expect(r.atB.got).to.have.length(c.framesDelivered);
      // A lost frame still used the wire.
      expect(c.framesSent).to.equal(N);
    });

    it('is exactly reproducible with the same seed and differs with another', () => {
      const first = lostIds(7);
      const again = lostIds(7);
      const other = lostIds(8);
      expect([...again]).to.deep.equal([...first]);
      expect([...other]).to.not.deep.equal([...first]);
    });

    it('gives each offered frame the same fate whatever the queue dropped', () => {
      const big = lostIds(5);
      // Same seed, queue of 100: frames 0..100 get through the queue, 101.. are dropped by it.
      const r = rig({ ...lossSpec, queuePackets: 100 }, 5);
      burst(r, 0n, N, 64);
      r.sim.run();
      const expected: number[] = [];
      for (let i = 0; i <= 100; i++) if (!big.has(i)) expected.push(i);
      expect(r.atB.ids()).to.deep.equal(expected);
      expect(r.link.counters().directions.ab.dropsQueue).to.equal(N - 101);
    });

    it('draws each direction from its own stream, untouched by the other direction', () => {
      const oneWay = lostIds(13);
      const r = rig(lossSpec, 13);
      r.sim.schedule(0n, () => {
        for (let i = 0; i < N; i++) {
          r.bEnd.send(frame(i, 64));
          r.aEnd.send(frame(i, 64));
        }
      });
      r.sim.run();
      const idsAtB = new Set(r.atB.ids());
      const idsAtA = new Set(r.atA.ids());
      const lostAb: number[] = [];
      const lostBa: number[] = [];
      for (let i = 0; i < N; i++) {
        if (!idsAtB.has(i)) lostAb.push(i);
        if (!idsAtA.has(i)) lostBa.push(i);
      }
      // Traffic b -> a, interleaved frame by frame, does not change which a -> b frames are lost ...
      expect(lostAb).to.deep.equal([...oneWay]);
      // ... and the two directions do not lose the same frames (that would be one stream used twice).
      expect(lostBa).to.not.deep.equal(lostAb);
    });

    it('loses everything at 1 and nothing at 0', () => {
      const all = rig({ ...lossSpec, loss: 1 });
      burst(all, 0n, 100, 64);
      all.sim.run();
      expect(all.atB.got).to.have.length(0);
      expect(all.link.counters().directions.ab.dropsLoss).to.equal(100);
      const none = rig({ ...lossSpec, loss: 0 });
      burst(none, 0n, 100, 64);
      none.sim.run();
      expect(none.atB.got).to.have.length(100);
    });
  });

  describe('jitter', () => {
    it('adds a uniform delay in [0, jitter] to spaced frames', () => {
      const jitter = 100n * NS_PER_US;
      const r = rig(spec({ jitter }), 3);
      const n = 2000;
      // One 1500-byte frame every 1 ms: farther apart than the jitter, so no clamping can occur.
      for (let i = 0; i < n; i++) burst(r, BigInt(i) * NS_PER_MS, 1, 1500, i);
      r.sim.run();
      expect(r.atB.ids()).to.have.length(n);
      const extra = r.atB.got.map((g, i) => g.t - (BigInt(i) * NS_PER_MS + 120_000n + 5n * NS_PER_MS));
      for (const e of extra) expect(e >= 0n && e <= jitter, `extra delay ${e}`).to.equal(true);
      const asNum = extra.map(Number);
      // Uniform on [0, 100000]: mean 50000, sd 100000/sqrt(12) = 28868, sd of the mean of 2000 = 645; +-5 sd.
      const mean = asNum.reduce((s, x) => s + x, 0) / n;
      expect(mean).to.be.within(50_000 - 3_300, 50_000 + 3_300);
      // With 2000 draws the extremes come within 1% of the bounds (chance of missing: 0.99^2000, about 2e-9).
      expect(Math.min(...asNum)).to.be.below(1_000);
      expect(Math.max(...asNum)).to.be.above(99_000);
    });

    it('never reorders a direction: an arrival waits for the previous one', () => {
      // 1500 B at 10 Gbit/s = 1200 ns per frame, far less than the 100 µs jitter.
      const r = rig(spec({ rate: 10_000_000_000n, jitter: 100n * NS_PER_US, queuePackets: 1000 }), 9);
      burst(r, 0n, 500, 1500);
      r.sim.run();
      const ids = r.atB.ids();
      const times = r.atB.times();
      expect(ids).to.deep.equal([...Array(500).keys()]);
      let clamped = 0;
      for (let i = 0; i < times.length; i++) {
        const lastBit = BigInt(i + 1) * 1200n;
        const earliest = lastBit + 5n * NS_PER_MS;
        expect(times[i] >= earliest, `frame ${i} early`).to.equal(true);
        if (i > 0) {
          expect(times[i] >= times[i - 1], `frame ${i} before ${i - 1}`).to.equal(true);
          // Either its own jitter or the previous arrival decides, never more.
          const bound = times[i - 1] > earliest + 100n * NS_PER_US ? times[i - 1] : earliest + 100n * NS_PER_US;
          expect(times[i] <= bound, `frame ${i} late`).to.equal(true);
          if (times[i] === times[i - 1]) clamped++;
        }
      }
      // Frames 1.2 µs apart with 100 µs of jitter: most draws fall below the previous arrival and are clamped.
      expect(clamped).to.be.above(100);
    });

    it('handles a jitter wider than 2^32 ns', () => {
      const jitter = 10n * NS_PER_S;
      const r = rig(spec({ jitter }), 11);
      const n = 50;
      // 20 s apart: more than the jitter, so every frame shows its own draw.
      for (let i = 0; i < n; i++) burst(r, BigInt(i) * 20n * NS_PER_S, 1, 1500, i);
      r.sim.run();
      const extra = r.atB.got.map((g, i) => g.t - (BigInt(i) * 20n * NS_PER_S + 120_000n + 5n * NS_PER_MS));
      for (const e of extra) expect(e >= 0n && e <= jitter).to.equal(true);
      // Draws above 2^32 ns (4.29 s) must occur: P(none in 50) = 0.43^50.
      expect(extra.some((e) => e > 1n << 32n)).to.equal(true);
    });
  });

  describe('link state', () => {
    it('drops while down, discards queued and in-flight frames, and resumes after up', () => {
      const s = spec({
        events: [
          { at: 10n * NS_PER_MS, up: false },
          { at: 20n * NS_PER_MS, up: true },
        ],
      });
      const r = rig(s);
      const changes: Array<[bigint, boolean]> = [];
      r.link.onStateChange((up) => changes.push([r.sim.now, up]));
      burst(r, 0n, 1, 1500, 0); // A: arrives 5.12 ms
      burst(r, 6n * NS_PER_MS, 1, 1500, 1); // C: last bit 6.12 ms, would arrive 11.12 ms: propagating at 10 ms
      burst(r, 9_900n * NS_PER_US, 3, 1500, 2); // B1 serializing until 10.02 ms, B2 and B3 queued at 10 ms
      burst(r, 15n * NS_PER_MS, 1, 1500, 5); // D: link down
      burst(r, 25n * NS_PER_MS, 1, 1500, 6); // E: arrives 30.12 ms
      let downState: boolean | undefined;
      r.sim.schedule(15n * NS_PER_MS, () => {
        downState = r.link.isUp();
      });
      r.sim.run();
      expect(r.atB.ids()).to.deep.equal([0, 6]);
      expect(r.atB.times()).to.deep.equal([5_120_000n, 30_120_000n]);
      expect(changes).to.deep.equal([
        [10n * NS_PER_MS, false],
        [20n * NS_PER_MS, true],
      ]);
      expect(downState).to.equal(false);
      expect(r.link.isUp()).to.equal(true);
      const c = r.link.counters().directions.ab;
      expect(c.framesOffered).to.equal(7);
      expect(c.framesSent).to.equal(4); // A, C, B1, E
      expect(c.dropsDown).to.equal(3); // B2, B3 (queued), D (sent while down)
      expect(c.dropsDownInFlight).to.equal(2); // C (propagating), B1 (serializing)
      checkBalance(c);
    });

    it('keeps thousands of frames on a long wire in order, counts them, and drops the rest at a down', () => {
      // 64-byte frames at 10 Gbit/s take 52 ns each: frame i arrives at 1 s + 52 (i + 1) ns.
      const down = NS_PER_S + 2500n * 52n + 10n;
      const r = rig(
        spec({ rate: 10_000_000_000n, delay: NS_PER_S, queuePackets: 5000, events: [{ at: down, up: false }] }),
      );
      burst(r, 0n, 3000, 64);
      let early: LinkDirectionCounters | undefined;
      let mid: LinkDirectionCounters | undefined;
      r.sim.schedule(NS_PER_MS, () => {
        early = r.link.counters().directions.ab;
      });
      r.sim.schedule(NS_PER_S + 1500n * 52n + 10n, () => {
        mid = r.link.counters().directions.ab;
      });
      r.sim.run();
      expect(early!.inFlightFrames).to.equal(3000);
      expect(mid!.inFlightFrames).to.equal(1500);
      expect(r.atB.ids()).to.deep.equal([...Array(2500).keys()]);
      expect(r.atB.times()[2499]).to.equal(NS_PER_S + 2500n * 52n);
      const c = r.link.counters().directions.ab;
      expect(c.framesDelivered).to.equal(2500);
      expect(c.dropsDownInFlight).to.equal(500);
      expect(c.inFlightFrames).to.equal(0);
      checkBalance(c);
    });

    it('restarts the transmitter after a down in mid-frame', () => {
      const r = rig(spec());
      burst(r, 0n, 1, 1500, 0); // serializing until 120 µs
      r.sim.schedule(60_000n, () => r.link.setUp(false));
      r.sim.schedule(70_000n, () => r.link.setUp(true));
      burst(r, 80_000n, 1, 1500, 1); // the dead frame's end (120 µs) must not hold this one back
      r.sim.run();
      expect(r.atB.ids()).to.deep.equal([1]);
      expect(r.atB.times()).to.deep.equal([80_000n + 120_000n + 5n * NS_PER_MS]);
    });

    it('lets frames after a down ignore the arrival times of frames that were lost in flight', () => {
      // X (sent at 0) is propagating when the link goes down at 200 µs and up at 300 µs; Y is sent at 400 µs.
      // Y's arrival must be that of a run where X never reached the wire (X oversize: same draws, no wire),
      // even when X's jitter would have made it arrive after Y.
      const s = spec({ delay: 1n * NS_PER_MS, jitter: 10n * NS_PER_MS });
      let mattered = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const withDown = rig(s, seed);
        burst(withDown, 0n, 1, 1500, 0);
        withDown.sim.schedule(200n * NS_PER_US, () => withDown.link.setUp(false));
        withDown.sim.schedule(300n * NS_PER_US, () => withDown.link.setUp(true));
        burst(withDown, 400n * NS_PER_US, 1, 1500, 1);
        withDown.sim.run();
        const reference = rig(s, seed);
        burst(reference, 0n, 1, 2000, 0);
        burst(reference, 400n * NS_PER_US, 1, 1500, 1);
        reference.sim.run();
        const xAlone = rig(s, seed);
        burst(xAlone, 0n, 1, 1500, 0);
        xAlone.sim.run();
        expect(withDown.atB.ids()).to.deep.equal([1]);
        expect(withDown.atB.times()).to.deep.equal(reference.atB.times());
        if (xAlone.atB.times()[0] > reference.atB.times()[0]) mattered++;
      }
      // The comparison is only meaningful for seeds where X would have arrived after Y.
      expect(mattered).to.be.above(0);
    });

    it('does not call listeners when the state does not change', () => {
      const r = rig(spec());
      const changes: boolean[] = [];
      r.link.onStateChange((up) => changes.push(up));
      r.link.setUp(true);
      r.link.setUp(false);
      r.link.setUp(false);
      r.link.setUp(true);
      expect(changes).to.deep.equal([false, true]);
    });
  });

  describe('mtu', () => {
    it('drops frames longer than mtu + 18 and counts them as oversize', () => {
      const r = rig(spec({ mtu: 1500 }));
      r.sim.schedule(0n, () => {
        r.aEnd.send(frame(0, 1518)); // 1500 + 14-byte header + 4-byte VLAN tag: allowed
        r.aEnd.send(frame(1, 1519));
      });
      r.sim.run();
      expect(r.atB.ids()).to.deep.equal([0]);
      const c = r.link.counters().directions.ab;
      expect(c.dropsOversize).to.equal(1);
      expect(c.framesSent).to.equal(1);
      expect(c.bytesDelivered).to.equal(1518);
    });
  });

  describe('counters', () => {
    it('balance after a run with every kind of drop, and are plain JSON numbers', () => {
      const s = spec({
        rate: 10_000_000n,
        delay: 2n * NS_PER_MS,
        queuePackets: 20,
        loss: 0.05,
        jitter: 500n * NS_PER_US,
        events: [
          { at: 300n * NS_PER_MS, up: false },
          { at: 350n * NS_PER_MS, up: true },
        ],
      });
      const r = rig(s, 2024);
      const rng = new Rng(99);
      // Bursts of 1..40 frames every 10 ms both ways, some oversize: queue drops, losses and down drops all occur.
      for (let k = 0; k < 100; k++) {
        const n = 1 + rng.nextInt(40);
        r.sim.schedule(BigInt(k) * 10n * NS_PER_MS, () => {
          for (let i = 0; i < n; i++) {
            const len = i === 0 && k % 10 === 0 ? 1600 : 64 + rng.nextInt(1400);
            r.aEnd.send(frame(i, len));
            r.bEnd.send(frame(i, len));
          }
        });
      }
      r.sim.run();
      const c = r.link.counters();
      expect(c.name).to.equal('h1-h2');
      expect(c.a).to.deep.equal({ node: 'h1', iface: 'eth0' });
      for (const [d, port] of [
        [c.directions.ab, r.atB],
        [c.directions.ba, r.atA],
      ] as const) {
        expect(d.queueFrames).to.equal(0);
        expect(d.inFlightFrames).to.equal(0);
        expect(d.framesSent).to.equal(d.framesDelivered + d.dropsLoss + d.dropsDownInFlight);
        checkBalance(d);
        expect(d.framesDelivered).to.equal(port.got.length);
        expect(d.bytesDelivered).to.equal(port.got.reduce((s2, g) => s2 + g.frame.length, 0));
        for (const key of ['dropsQueue', 'dropsLoss', 'dropsDown', 'dropsOversize'] as const) {
          expect(d[key], key).to.be.above(0);
        }
        expect(d.dropsOversize).to.equal(10);
      }
      expect(JSON.parse(JSON.stringify(c))).to.deep.equal(c);
    });

    it('reproduces a whole run exactly from the same seed', () => {
      const run = (): Array<[string, number, string]> => {
        const r = rig(spec({ loss: 0.2, jitter: 3n * NS_PER_MS, queuePackets: 5 }), 77);
        for (let k = 0; k < 50; k++) {
          burst(r, BigInt(k) * NS_PER_MS, 3, 200 + k, k * 3);
          r.sim.schedule(BigInt(k) * NS_PER_MS, () => r.bEnd.send(frame(k, 300)));
        }
        r.sim.run();
        return [...r.atA.got, ...r.atB.got].map((g) => [g.t.toString(), g.frame.length, g.frame.toString('hex', 0, 4)]);
      };
      const first = run();
      expect(first.length).to.be.above(0);
      expect(run()).to.deep.equal(first);
    });
  });

  describe('errors', () => {
    it('refuses unusable specs with a LinkSpecError', () => {
      const sim = new Simulator();
      const bad: Array<Partial<LinkSpec>> = [
        { rate: 0n },
        { delay: -1n },
        { jitter: -1n },
        { mtu: 0 },
        { loss: 1.5 },
        { loss: Number.NaN },
        { queuePackets: null, queueBytes: null },
        { queuePackets: -1 },
      ];
      for (const over of bad) {
        expect(
          () => new PointToPointLink(sim, spec(over), new Rng(1), 'x'),
          JSON.stringify(over, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
        ).to.throw(LinkSpecError, /^link x: /);
      }
      try {
        new PointToPointLink(sim, spec({ rate: 0n }), new Rng(1), 'x');
      } catch (e) {
        expect((e as Error).name).to.equal('LinkSpecError');
      }
    });

    it('refuses a second device on a side and frames towards an empty side with a LinkAttachError', () => {
      const sim = new Simulator();
      const link = new PointToPointLink(sim, spec(), new Rng(1), 'x');
      const aEnd = link.attach('a', new RecordingPort(sim));
      expect(() => link.attach('a', new RecordingPort(sim))).to.throw(LinkAttachError, /already attached/);
      expect(() => link.attach('c' as 'a', new RecordingPort(sim))).to.throw(LinkAttachError, /no side c/);
      expect(() => aEnd.send(frame(0, 100))).to.throw(LinkAttachError, /towards side b/);
      expect(new LinkAttachError('m').name).to.equal('LinkAttachError');
    });
  });
});
