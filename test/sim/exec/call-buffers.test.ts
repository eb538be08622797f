// SPDX-License-Identifier: GPL-2.0-only
/**
 * The buffers a program's calls are lent: each exactly the size asked for,
 * all zeros whatever the call before wrote, and never lent to two calls at
 * once nor made of memory that was not lent.
 */
import { expect } from 'chai';
import { giveCallBuffer, takeCallBuffer } from '../../../sim/exec/call-buffers';

describe('sim/exec/call-buffers', () => {
  it('lends a buffer of exactly the size asked for, all zeros, and again after the last call wrote it', () => {
    const a = takeCallBuffer(24);
    expect(a.length).to.equal(24);
    expect(a.every((b) => b === 0)).to.equal(true);
    a.fill(0xaa);
    giveCallBuffer(a, null);
    const b = takeCallBuffer(20);
    expect(b.length).to.equal(20);
    // The same memory, cleaned: only the view is new.
    expect(b.buffer).to.equal(a.buffer);
    expect(b.every((x) => x === 0)).to.equal(true);
    giveCallBuffer(b, 0);
  });

  it('cleans as much as the giver says may be written, and so lends zeros only if it says right', () => {
    const a = takeCallBuffer(5000);
    a.fill(1, 0, 100);
    giveCallBuffer(a, 100);
    const b = takeCallBuffer(5000);
    expect(b.buffer).to.equal(a.buffer);
    expect(b.every((x) => x === 0)).to.equal(true);
    giveCallBuffer(b, 0);
  });

  it('keeps the view of a size asked for again', () => {
    const a = takeCallBuffer(4);
    giveCallBuffer(a, 4);
    expect(takeCallBuffer(4)).to.equal(a);
    giveCallBuffer(a, 4);
  });

  it('ignores a buffer given back twice, and one it did not lend', () => {
    const a = takeCallBuffer(40);
    giveCallBuffer(a, null);
    giveCallBuffer(a, null);
    const b = takeCallBuffer(40);
    const c = takeCallBuffer(40);
    expect(c.buffer).to.not.equal(b.buffer);
    const foreign = Buffer.alloc(64, 7);
    giveCallBuffer(foreign, 0);
    const d = takeCallBuffer(64);
    expect(d.buffer).to.not.equal(foreign.buffer);
    expect(d.every((x) => x === 0)).to.equal(true);
    for (const x of [b, c, d]) giveCallBuffer(x, null);
  });

  it('lends an empty buffer for nothing', () => {
    expect(takeCallBuffer(0).length).to.equal(0);
  });
});
