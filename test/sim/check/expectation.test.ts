// SPDX-License-Identifier: GPL-2.0-only
/**
 * `expect:` entries judged against a value (sim/check/expectation.ts): paths
 * with `*`, `same: true`, and the messages of a failure.
 */
import { expect } from 'chai';
import { describeExpect, judgeExpectations } from '../../../sim/check/expectation';
import type { Expectation } from '../../../sim/topology/topology';

const max = (m: number): Expectation => ({ kind: 'range', min: null, max: m });
const same: Expectation = { kind: 'same' };

describe('expect: judged', () => {
  const sink = {
    streams: [
      { jitter_ms: 0, lost: 0 },
      { jitter_ms: 0.2, lost: 0 },
      { jitter_ms: 0.7, lost: 1 },
      { jitter_ms: 0.9, lost: 0 },
    ],
  };

  it('a * path holds when every element does', () => {
    expect(judgeExpectations([['streams.*.jitter_ms', max(1)]], sink)).to.equal(null);
    expect(
      judgeExpectations([['streams.*', { kind: 'equal', value: { lost: 0 } }]], {
        streams: [{ lost: 0 }, { lost: 0, x: 1 }],
      }),
    ).to.equal(null);
  });

  it('a * path fails at the first element that does not, naming it and the path as written', () => {
    expect(judgeExpectations([['streams.*.jitter_ms', max(0.5)]], sink)).to.deep.equal({
      message: 'streams.2.jitter_ms (of streams.*.jitter_ms): 0.7 is above the maximum 0.5',
      expected: { 'streams.*.jitter_ms': { max: 0.5 } },
      actual: { 'streams.2.jitter_ms': 0.7 },
    });
    expect(judgeExpectations([['streams.*.lost', { kind: 'equal', value: 0 }]], sink)!.message).to.equal(
      'streams.2.lost (of streams.*.lost): expected 0, found 1',
    );
  });

  it('a * path over no elements fails: an empty array never passes silently', () => {
    expect(judgeExpectations([['streams.*.jitter_ms', max(0.5)]], { streams: [] })).to.deep.equal({
      message: 'streams.* (of streams.*.jitter_ms): no elements',
      expected: { 'streams.*.jitter_ms': { max: 0.5 } },
      actual: { 'streams.*': null },
    });
    expect(judgeExpectations([['*.0.gateway', same]], [])!.message).to.equal('* (of *.0.gateway): no elements');
  });

  it('same: every value the * names equals the first, whatever it is; else names the first that differs', () => {
    const lookups = [[{ gateway: '10.0.12.2' }], [{ gateway: '10.0.12.2' }], [{ gateway: '10.0.13.2' }]];
    expect(judgeExpectations([['*.0.gateway', same]], lookups.slice(0, 2))).to.equal(null);
    expect(judgeExpectations([['*.0.gateway', same]], [lookups[2]])).to.equal(null);
    expect(judgeExpectations([['*.0.gateway', same]], lookups)).to.deep.equal({
      message: '2.0.gateway (of *.0.gateway): "10.0.13.2" differs from "10.0.12.2" at 0.0.gateway',
      expected: { '*.0.gateway': { same: true } },
      actual: { '2.0.gateway': '10.0.13.2' },
    });
    // Deep equality: objects and arrays compare by value, 1 is not "1".
    expect(judgeExpectations([['*', same]], [{ a: [1] }, { a: [1] }])).to.equal(null);
    expect(judgeExpectations([['*', same]], [{ a: [1] }, { a: [1], b: 2 }])).to.not.equal(null);
    expect(judgeExpectations([['*', same]], [1, '1'])).to.not.equal(null);
  });

  it('paths without *: messages and actual values as before', () => {
    expect(judgeExpectations([['streams.9.lost', { kind: 'equal', value: 0 }]], sink)).to.deep.equal({
      message: 'streams.9.lost: no such key',
      expected: { 'streams.9.lost': 0 },
      actual: { 'streams.9.lost': null },
    });
  });

  it('describes same', () => {
    expect(describeExpect(['*.0.gateway', same])).to.equal('*.0.gateway all the same');
  });
});
