// SPDX-License-Identifier: GPL-2.0-only
/**
 * A link's taps (sim/net/link-taps.ts) under traffic with every kind of
 * drop: what they show is what the counters count, and a listener that
 * throws ends the run.
 */
import { expect } from 'chai';
import { Rng } from '../../../sim/core/rng';
import { Simulator } from '../../../sim/core/simulator';
import { TapSubscriberError } from '../../../sim/core/tap-subscriber-error';
import { NS_PER_MS, NS_PER_US } from '../../../sim/core/time';
import type { LinkPort } from '../../../sim/net/link-port';
import type { LinkDirectionTaps } from '../../../sim/net/link-taps';
import { PointToPointLink } from '../../../sim/net/point-to-point-link';
import type { LinkSpec } from '../../../sim/net/point-to-point-link-params';

const SPEC: LinkSpec = {
  a: { node: 'h1', iface: 'eth0' },
  b: { node: 'h2', iface: 'eth0' },
  rate: 10_000_000n,
  delay: 2n * NS_PER_MS,
  mtu: 1500,
  queuePackets: 20,
  queueBytes: null,
  loss: 0.05,
  jitter: 500n * NS_PER_US,
  events: [
    { at: 300n * NS_PER_MS, up: false },
    { at: 350n * NS_PER_MS, up: true },
  ],
};

/** What the taps of one direction said about each frame, by frame object, in order. */
function watch(taps: LinkDirectionTaps): { fates: Map<Buffer, string[]>; queue: number[] } {
  const fates = new Map<Buffer, string[]>();
  const queue: number[] = [];
  const note = (frame: Buffer, what: string): void => {
    const seen = fates.get(frame) ?? [];
    seen.push(what);
    fates.set(frame, seen);
  };
  taps.offered.subscribe('test', (e) => note(e.frame, 'offered'));
  taps.sent.subscribe('test', (e) => note(e.frame, 'sent'));
  taps.received.subscribe('test', (e) => note(e.frame, 'received'));
  taps.dropped.subscribe('test', (e) => note(e.frame, e.cause));
  taps.queueChanged.subscribe('test', (e) => queue.push(e.frames));
  return { fates, queue };
}

/** Bursts both ways every 10 ms, some oversize, across a down: every kind of drop happens. */
function traffic(sim: Simulator, link: PointToPointLink): void {
  const ports: LinkPort = { receive: () => undefined };
  const a = link.attach('a', ports);
  link.attach('b', ports);
  const rng = new Rng(99);
  for (let k = 0; k < 100; k++) {
    const n = 1 + rng.nextInt(40);
    sim.schedule(BigInt(k) * 10n * NS_PER_MS, () => {
      for (let i = 0; i < n; i++) a.send(Buffer.alloc(i === 0 && k % 10 === 0 ? 1600 : 64 + rng.nextInt(1400)));
    });
  }
}

describe('sim/net/link-taps', () => {
  it('show each offered frame one way to its end, and the counters are what they showed', () => {
    const sim = new Simulator();
    const link = new PointToPointLink(sim, SPEC, new Rng(2024), 'h1-h2');
    const { fates, queue } = watch(link.taps.ab);
    traffic(sim, link);
    sim.run();
    const paths = new Map<string, number>();
    for (const seen of fates.values()) paths.set(seen.join(' '), (paths.get(seen.join(' ')) ?? 0) + 1);
    // Nothing else: every frame is offered, then dropped or sent, and a sent one received or dropped.
    expect([...paths.keys()].sort()).to.deep.equal([
      'offered down',
      'offered oversize',
      'offered queue',
      'offered sent down-in-flight',
      'offered sent loss',
      'offered sent received',
    ]);
    const c = link.counters().directions.ab;
    expect(c.framesOffered).to.equal(fates.size);
    expect(c.framesDelivered).to.equal(paths.get('offered sent received'));
    expect(c.dropsLoss).to.equal(paths.get('offered sent loss'));
    expect(c.dropsDownInFlight).to.equal(paths.get('offered sent down-in-flight'));
    expect(c.dropsQueue).to.equal(paths.get('offered queue'));
    expect(c.dropsOversize).to.equal(paths.get('offered oversize'));
    expect(c.dropsDown).to.equal(paths.get('offered down'));
    expect(c.maxQueueFrames).to.equal(Math.max(...queue));
    expect(queue[queue.length - 1]).to.equal(0);
  });

  it('a listener that throws ends the run after its event, with the link whole', () => {
    const sim = new Simulator();
    const link = new PointToPointLink(sim, { ...SPEC, loss: 0, events: [] }, new Rng(1), 'h1-h2');
    const got: Buffer[] = [];
    const a = link.attach('a', { receive: () => undefined });
    link.attach('b', { receive: (f) => got.push(f) });
    link.taps.ab.received.subscribe('observer', () => {
      throw new Error('full');
    });
    sim.schedule(0n, () => {
      a.send(Buffer.alloc(100));
      a.send(Buffer.alloc(100));
    });
    expect(() => sim.run()).to.throw(
      TapSubscriberError,
      /^observer, subscribed to link h1-h2 a->b received, failed at .*: full$/,
    );
    // The frame it failed on still reached the far device; the second one never arrived: the run stopped.
    expect(got).to.have.length(1);
    const c = link.counters().directions.ab;
    expect(c.framesDelivered).to.equal(1);
    expect(c.inFlightFrames).to.equal(1);
    expect(c.framesSent).to.equal(c.framesDelivered + c.inFlightFrames);
  });
});
