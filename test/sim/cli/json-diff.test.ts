// SPDX-License-Identifier: GPL-2.0-only
/** The first difference between two JSON values, as `libsim reproduce` reports it (sim/cli/json-diff.ts). */
import { expect } from 'chai';
import { firstJsonDifference } from '../../../sim/cli/json-diff';

describe('firstJsonDifference', () => {
  it('is null for equal values', () => {
    const v = { a: [1, { b: null, c: 'x' }], d: 2.5 };
    expect(firstJsonDifference(v, JSON.parse(JSON.stringify(v)))).to.equal(null);
  });

  it('names the first differing key path in document order, with both values', () => {
    const a = { kernel: '6.1', apps: [{ rtts_ms: [1, 2, 3] }], links: [{ n: 1 }] };
    const b = { kernel: '6.1', apps: [{ rtts_ms: [1, 2, 4] }], links: [{ n: 2 }] };
    expect(firstJsonDifference(a, b)).to.deep.equal({ path: 'apps[0].rtts_ms[2]', original: '3', rerun: '4' });
  });

  it('an element or key present on one side only is a difference there', () => {
    expect(firstJsonDifference([1, 2], [1, 2, 3])).to.deep.equal({ path: '[2]', original: '(absent)', rerun: '3' });
    expect(firstJsonDifference({ a: 1 }, { a: 1, b: 2 })).to.deep.equal({
      path: 'b',
      original: '(absent)',
      rerun: '2',
    });
  });

  it('key order counts, as it does for the bytes of the file', () => {
    expect(firstJsonDifference({ a: 1, b: 2 }, { b: 2, a: 1 })).to.deep.equal({ path: 'a', original: '1', rerun: '1' });
  });

  it('a change of type is a difference at that path', () => {
    expect(firstJsonDifference({ x: [1] }, { x: { 0: 1 } })).to.deep.equal({
      path: 'x',
      original: '[1]',
      rerun: '{"0":1}',
    });
    expect(firstJsonDifference({ x: 1 }, { x: '1' })).to.deep.equal({ path: 'x', original: '1', rerun: '"1"' });
  });
});
