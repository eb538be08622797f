// SPDX-License-Identifier: GPL-2.0-only
/** The subset match of `json:` checks (sim/check/subset-match.ts): objects, arrays in order, scalars strictly. */
import { expect } from 'chai';
import { subsetMismatch } from '../../../sim/check/subset-match';

describe('subsetMismatch', () => {
  it('objects: every expected key present and matching; other keys ignored', () => {
    expect(subsetMismatch({ dev: 'eth1' }, { dev: 'eth1', gateway: '10.0.0.1' })).to.equal(null);
    expect(subsetMismatch({ dev: 'eth1' }, { gateway: '10.0.0.1' })).to.deep.equal({ path: '.dev', reason: 'missing' });
    expect(subsetMismatch({ m: [{ mtu: 1400 }] }, { m: [{ mtu: 1500 }] })!.path).to.equal('.m');
  });

  it('arrays: expected elements match distinct actual elements in order, others anywhere', () => {
    const routes = [{ dst: 'a' }, { dst: 'b' }, { dst: 'c' }];
    expect(subsetMismatch([{ dst: 'b' }], routes)).to.equal(null);
    expect(subsetMismatch([{ dst: 'a' }, { dst: 'c' }], routes)).to.equal(null);
    expect(subsetMismatch([{ dst: 'c' }, { dst: 'a' }], routes)).to.not.equal(null);
    expect(subsetMismatch([{ dst: 'a' }, { dst: 'a' }], routes)).to.not.equal(null);
    expect(subsetMismatch([], routes)).to.equal(null);
    expect(subsetMismatch([], {})!.reason).to.contain('expected an array');
  });

  it('scalars: strictly equal (20 is not "20", null only null)', () => {
    expect(subsetMismatch(20, 20)).to.equal(null);
    expect(subsetMismatch(20, '20')!.reason).to.equal('expected 20, found "20"');
    expect(subsetMismatch(null, null)).to.equal(null);
    expect(subsetMismatch(null, 0)).to.not.equal(null);
    expect(subsetMismatch('x', undefined)!.reason).to.equal('expected "x", found nothing');
  });
});
