// SPDX-License-Identifier: GPL-2.0-only
/**
 * Frame, drop and queue taps (sim/net/frame-tap.ts): their events, their
 * tallies, and the one event object they reuse.
 */
import { expect } from 'chai';
import { DropTap, FrameTap, QueueTap } from '../../../sim/net/frame-tap';
import type { FrameEvent } from '../../../sim/net/frame-tap';

const NO_FAILURES = {
  fail: (e: Error): never => {
    throw e;
  },
};

describe('sim/net/frame-tap', () => {
  it('emits typed events with the time and the frame', () => {
    const frames = new FrameTap('f', NO_FAILURES);
    const drops = new DropTap<'queue' | 'loss'>('d', NO_FAILURES);
    const queue = new QueueTap('q', NO_FAILURES);
    const seen: unknown[] = [];
    frames.subscribe('s', (e) => seen.push([e.time, e.frame.length]));
    drops.subscribe('s', (e) => seen.push([e.time, e.frame.length, e.cause]));
    queue.subscribe('s', (e) => seen.push([e.time, e.frames, e.bytes]));
    frames.emitFrame(1n, Buffer.alloc(60));
    drops.emitDrop(2n, Buffer.alloc(70), 'queue');
    drops.emitDrop(3n, Buffer.alloc(80), 'loss');
    queue.emitQueue(4n, 2, 3000);
    expect(seen).to.deep.equal([
      [1n, 60],
      [2n, 70, 'queue'],
      [3n, 80, 'loss'],
      [4n, 2, 3000],
    ]);
  });

  it('keep a tally of what crossed them, listened to or not', () => {
    const frames = new FrameTap('f', NO_FAILURES);
    const drops = new DropTap<'queue' | 'loss'>('d', NO_FAILURES);
    const queue = new QueueTap('q', NO_FAILURES);
    frames.emitFrame(1n, Buffer.alloc(60));
    frames.subscribe('s', () => undefined);
    frames.emitFrame(2n, Buffer.alloc(40));
    drops.emitDrop(2n, Buffer.alloc(70), 'queue');
    drops.emitDrop(3n, Buffer.alloc(80), 'queue');
    queue.emitQueue(4n, 3, 3000);
    queue.emitQueue(5n, 1, 1000);
    expect([frames.frames, frames.bytes]).to.deep.equal([2, 100]);
    expect([drops.count('queue'), drops.count('loss')]).to.deep.equal([2, 0]);
    expect([queue.frames, queue.bytes, queue.maxFrames]).to.deep.equal([1, 1000, 3]);
  });

  it('reuses one event object, valid only during the call', () => {
    const tap = new FrameTap('f', NO_FAILURES);
    const events: FrameEvent[] = [];
    tap.subscribe('s', (e) => events.push(e));
    tap.emitFrame(1n, Buffer.alloc(1));
    tap.emitFrame(2n, Buffer.alloc(2));
    expect(events[0]).to.equal(events[1]);
  });

  it('gives an emit nested in a listener its own event, leaving the outer one as it was', () => {
    const tap = new FrameTap('f', NO_FAILURES);
    const seen: bigint[] = [];
    tap.subscribe('first', (e) => {
      if (e.time === 1n) tap.emitFrame(2n, Buffer.alloc(2));
      seen.push(e.time);
    });
    tap.subscribe('second', (e) => seen.push(e.time));
    tap.emitFrame(1n, Buffer.alloc(1));
    expect(seen).to.deep.equal([2n, 2n, 1n, 1n]);
  });

  it('does nothing without listeners', () => {
    const tap = new DropTap<'x'>('d', NO_FAILURES);
    expect(tap.active).to.equal(false);
    expect(() => tap.emitDrop(1n, Buffer.alloc(1), 'x')).to.not.throw();
  });
});
