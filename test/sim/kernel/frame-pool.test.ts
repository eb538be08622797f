// SPDX-License-Identifier: GPL-2.0-only
/** Frame buffers reused by length (sim/kernel/frame-pool.ts). */
import { expect } from 'chai';
import { FramePool } from '../../../sim/kernel/frame-pool';

describe('FramePool', () => {
  it('hands a given-back buffer out again, for the same length only', () => {
    const pool = new FramePool();
    const a = pool.take(1514);
    expect(a.length).to.equal(1514);
    pool.give(a);
    expect(pool.heldBytes).to.equal(1514);
    const ack = pool.take(66);
    expect(ack).to.not.equal(a);
    expect(ack.length).to.equal(66);
    expect(pool.take(1514)).to.equal(a);
    expect(pool.heldBytes).to.equal(0);
  });

  it('allocates when nothing of that length is free', () => {
    const pool = new FramePool();
    const a = pool.take(100);
    const b = pool.take(100);
    expect(a).to.not.equal(b);
  });

  it('ignores views that are not Buffers and keeps at most 4096 buffers of one length', () => {
    const pool = new FramePool();
    pool.give(new Uint8Array(64));
    expect(pool.heldBytes).to.equal(0);
    for (let i = 0; i < 5000; i++) pool.give(Buffer.alloc(10));
    expect(pool.heldBytes).to.equal(4096 * 10);
  });
});
