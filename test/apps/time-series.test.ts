// SPDX-License-Identifier: GPL-2.0-only
/** The interval counters and rates of apps/time-series.ts, on exact nanosecond times. */
import { expect } from 'chai';
import { IntervalCounter, intervalSample, millis, seconds } from '../../apps/time-series';

const MS = 1_000_000n;

describe('time series (apps/time-series.ts)', () => {
  it('bins bytes into (start, end] intervals from the origin', () => {
    const c = new IntervalCounter(1000n * MS, 100n * MS);
    c.add(1000n * MS, 1); // the origin itself: interval 0
    c.add(1100n * MS, 2); // a boundary belongs to the interval it ends
    c.add(1100n * MS + 1n, 4); // just after: interval 1
    c.add(1350n * MS, 8); // interval 3; interval 2 stays empty
    expect(c.bytes).to.equal(15);
    expect(c.samples().map((s) => [s.start_s, s.end_s, s.bytes])).to.deep.equal([
      [1, 1.1, 3],
      [1.1, 1.2, 4],
      [1.2, 1.3, 0],
      [1.3, 1.4, 8],
    ]);
    // 4 bytes in 100 ms = 320 bit/s.
    expect(c.samples()[1]!.bits_per_second).to.equal(320);
  });

  it('gives rates from exact nanoseconds', () => {
    expect(intervalSample(0n, 3n, 3).bits_per_second).to.equal(8e9);
    expect(intervalSample(5n, 5n, 3).bits_per_second).to.equal(0);
    expect(seconds(1_500_000_000n)).to.equal(1.5);
    expect(millis(10_126_000n)).to.equal(10.126);
  });
});
