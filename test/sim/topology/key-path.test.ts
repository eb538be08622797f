// SPDX-License-Identifier: GPL-2.0-only
/** The key paths of checks (sim/topology/key-path.ts): names, indices, `length` and `*`. */
import { expect } from 'chai';
import { hasEvery, lookupPath } from '../../../sim/topology/key-path';

describe('key paths', () => {
  const subject = {
    received: 4,
    bytes: 5n,
    streams: [
      { lost: 0, hops: [1, 2] },
      { lost: 3, hops: [] },
    ],
    empty: [],
  };

  it('names and indices name one value; length of an array; bigints as numbers', () => {
    expect(lookupPath(subject, 'received')).to.deep.equal({ ok: true, values: [{ path: 'received', value: 4 }] });
    expect(lookupPath(subject, 'streams.1.lost')).to.deep.equal({
      ok: true,
      values: [{ path: 'streams.1.lost', value: 3 }],
    });
    expect(lookupPath(subject, 'streams.length')).to.deep.equal({
      ok: true,
      values: [{ path: 'streams.length', value: 2 }],
    });
    expect(lookupPath(subject, 'bytes')).to.deep.equal({ ok: true, values: [{ path: 'bytes', value: 5 }] });
    expect(lookupPath([7, 8], 'length')).to.deep.equal({ ok: true, values: [{ path: 'length', value: 2 }] });
  });

  it('a missing key or index fails where the path stops', () => {
    expect(lookupPath(subject, 'streams.2.lost')).to.deep.equal({
      ok: false,
      path: 'streams.2',
      reason: 'no such key',
    });
    expect(lookupPath(subject, 'received.x')).to.deep.equal({ ok: false, path: 'received.x', reason: 'no such key' });
    expect(lookupPath(subject, 'streams.first')).to.deep.equal({
      ok: false,
      path: 'streams.first',
      reason: 'no such key',
    });
  });

  it('* names every element of an array, in order, with its index; nested * too', () => {
    expect(lookupPath(subject, 'streams.*.lost')).to.deep.equal({
      ok: true,
      values: [
        { path: 'streams.0.lost', value: 0 },
        { path: 'streams.1.lost', value: 3 },
      ],
    });
    expect(lookupPath([[{ g: 'a' }], [{ g: 'b' }]], '*.0.g')).to.deep.equal({
      ok: true,
      values: [
        { path: '0.0.g', value: 'a' },
        { path: '1.0.g', value: 'b' },
      ],
    });
    expect(lookupPath({ s: [{ h: [1, 2] }, { h: [3] }] }, 's.*.h.*')).to.deep.equal({
      ok: true,
      values: [
        { path: 's.0.h.0', value: 1 },
        { path: 's.0.h.1', value: 2 },
        { path: 's.1.h.0', value: 3 },
      ],
    });
  });

  it('* over an empty array fails ("no elements"), also inside another *; over a non-array too', () => {
    expect(lookupPath(subject, 'empty.*.lost')).to.deep.equal({ ok: false, path: 'empty.*', reason: 'no elements' });
    expect(lookupPath(subject, 'streams.*.hops.*')).to.deep.equal({
      ok: false,
      path: 'streams.1.hops.*',
      reason: 'no elements',
    });
    expect(lookupPath(subject, 'received.*')).to.deep.equal({
      ok: false,
      path: 'received.*',
      reason: 'expected an array, found 4',
    });
    expect(lookupPath(subject, 'streams.*.nope')).to.deep.equal({
      ok: false,
      path: 'streams.0.nope',
      reason: 'no such key',
    });
  });

  it('hasEvery: a whole * segment only', () => {
    expect(hasEvery('streams.*.lost')).to.equal(true);
    expect(hasEvery('*')).to.equal(true);
    expect(hasEvery('streams.0.lost')).to.equal(false);
  });
});
