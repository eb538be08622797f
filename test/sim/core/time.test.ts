// SPDX-License-Identifier: GPL-2.0-only
/** Simulated time's units and formatting (sim/core/time.ts), exact beyond float precision. */
import { expect } from 'chai';
import { formatTime, NS_PER_MS, NS_PER_S, NS_PER_US } from '../../../sim/core/time';

describe('sim/core/time', () => {
  it('has the SI constants', () => {
    expect(NS_PER_US).to.equal(1000n);
    expect(NS_PER_MS).to.equal(1000n * 1000n);
    expect(NS_PER_S).to.equal(1000n * 1000n * 1000n);
  });

  const cases: [bigint, string][] = [
    [0n, '0.000000000s'],
    [1n, '0.000000001s'],
    [999_999_999n, '0.999999999s'],
    [1_000_000_000n, '1.000000000s'],
    [1_000_000_005n, '1.000000005s'],
    [5n * NS_PER_MS, '0.005000000s'],
    [3600n * NS_PER_S + 123_456_789n, '3600.123456789s'],
    [-1_500_000_000n, '-1.500000000s'],
  ];
  for (const [t, s] of cases) {
    it(`formats ${t}ns as ${s}`, () => {
      expect(formatTime(t)).to.equal(s);
    });
  }

  it('stays exact beyond float precision (2^53 ns + 1)', () => {
    // 2^53 + 1 = 9007199254740993 ns; as a double it would round to ...992.
    expect(formatTime(9_007_199_254_740_993n)).to.equal('9007199.254740993s');
  });
});
