// SPDX-License-Identifier: GPL-2.0-only
/**
 * Values with units (sim/topology/units.ts): durations, rates, sizes,
 * probabilities and byte counts, their limits and their messages.
 */
import { expect } from 'chai';
import { UnitError } from '../../../sim/topology/unit-error';
import {
  MAX_RATE_BPS,
  MAX_SIZE_BYTES,
  MAX_TIME_NS,
  parseBytes,
  parseDuration,
  parseProbability,
  parseRate,
  parseSize,
} from '../../../sim/topology/units';

/** Runs `parse` on `text` and returns the UnitError it must throw. */
function unitError(parse: (t: string) => unknown, text: string): UnitError {
  try {
    parse(text);
  } catch (e) {
    expect(e, text).to.be.instanceOf(UnitError);
    return e as UnitError;
  }
  expect.fail(`${JSON.stringify(text)} was accepted`);
}

describe('sim/topology/units', () => {
  describe('parseDuration', () => {
    const ok: [string, bigint][] = [
      ['10ns', 10n],
      ['0ns', 0n],
      ['0s', 0n],
      ['1ns', 1n],
      ['100us', 100_000n],
      ['100µs', 100_000n], // micro sign
      ['100μs', 100_000n], // Greek mu
      ['5ms', 5_000_000n],
      ['1s', 1_000_000_000n],
      ['1.5s', 1_500_000_000n],
      ['0.000000001s', 1n],
      ['1.000000005s', 1_000_000_005n],
      ['1.500000000000s', 1_500_000_000n], // trailing zeros beyond ns are exact, so fine
      ['2.5us', 2_500n],
      ['0.5ms', 500_000n],
      ['2m', 120_000_000_000n],
      ['1.5m', 90_000_000_000n],
      ['1h', 3_600_000_000_000n],
      ['0.5h', 1_800_000_000_000n],
      ['007ms', 7_000_000n],
      ['5 ms', 5_000_000n],
      [' 5ms ', 5_000_000n],
      // beyond 2^53 ns: bigint keeps it exact (a double would give ...992)
      ['9007199.254740993s', 9_007_199_254_740_993n],
      ['100000h', 360_000_000_000_000_000n],
    ];
    for (const [text, ns] of ok) {
      it(`reads ${JSON.stringify(text)} as ${ns}ns`, () => expect(parseDuration(text)).to.equal(ns));
    }

    const bad: [string, RegExp][] = [
      ['', /it is empty/],
      ['   ', /it is empty/],
      ['5', /the unit is missing/],
      ['1.5', /the unit is missing/],
      ['-5ms', /it is negative/],
      ['10 parsecs', /unknown unit "parsecs"/],
      ['5sec', /unknown unit "sec"/],
      ['5MS', /unknown unit "MS"/], // units are case-sensitive
      ['5Ms', /unknown unit "Ms"/],
      ['1d', /unknown unit "d"/],
      ['1.5ns', /not a whole number of nanoseconds/],
      ['0.0000000015s', /not a whole number of nanoseconds/],
      ['1.0001us', /not a whole number of nanoseconds/],
      ['ms', /is not a duration \(/],
      ['.5s', /is not a duration \(/],
      ['5.ms', /unknown unit ".ms"/],
      ['+5ms', /is not a duration \(/],
      ['1e3ms', /unknown unit "e3ms"/],
      ['0x10ms', /unknown unit "x10ms"/],
      ['5ms5', /unknown unit "ms5"/],
      ['NaNs', /is not a duration \(/],
      ['Infinitys', /is not a duration \(/],
    ];
    for (const [text, why] of bad) {
      it(`refuses ${JSON.stringify(text)}`, () => {
        const e = unitError(parseDuration, text);
        expect(e.message).to.match(why);
        expect(e.message).to.contain(JSON.stringify(text));
        expect(e.kind).to.equal('duration');
        expect(e.value).to.equal(text);
      });
    }

    it('gives the documented message for a bad unit', () => {
      expect(unitError(parseDuration, '10 parsecs').message).to.equal(
        '"10 parsecs" is not a duration: unknown unit "parsecs" ' +
          '(expected a number and one of ns, us, ms, s, m, h, e.g. "5ms")',
      );
      expect(unitError(parseDuration, 'soon').message).to.equal(
        '"soon" is not a duration (expected a number and one of ns, us, ms, s, m, h, e.g. "5ms")',
      );
      expect(unitError(parseDuration, 'soon').name).to.equal('UnitError');
    });
  });

  describe('parseRate', () => {
    const ok: [string, bigint][] = [
      ['800bps', 800n],
      ['800bit', 800n],
      ['1bps', 1n],
      ['10kbit', 10_000n],
      ['64kbps', 64_000n],
      ['100Mbps', 100_000_000n],
      ['100Mbit', 100_000_000n],
      ['1.5Mbps', 1_500_000n],
      ['1Gbit', 1_000_000_000n],
      ['1Gbps', 1_000_000_000n],
      ['2.5Gbps', 2_500_000_000n],
      ['0.001kbps', 1n],
      ['100 Mbps', 100_000_000n],
      // capital B: bytes per second, times 8
      ['1Bps', 8n],
      ['1kBps', 8_000n],
      ['1MBps', 8_000_000n],
      ['1.5GBps', 12_000_000_000n],
      ['0.125Bps', 1n],
      ['400Gbps', 400_000_000_000n],
    ];
    for (const [text, bits] of ok) {
      it(`reads ${JSON.stringify(text)} as ${bits} bit/s`, () => expect(parseRate(text)).to.equal(bits));
    }

    const bad: [string, RegExp][] = [
      ['', /it is empty/],
      ['100', /the unit is missing/],
      ['-1Mbps', /it is negative/],
      ['0bps', /it is zero/],
      ['0Gbit', /it is zero/],
      ['100mbps', /unknown unit "mbps"/], // milli-bits: refused, not guessed
      ['100Kbps', /unknown unit "Kbps"/],
      ['1Tbps', /unknown unit "Tbps"/],
      ['10Mb', /unknown unit "Mb"/],
      ['10MB', /unknown unit "MB"/], // a size, not a rate
      ['10bit/s', /unknown unit "bit\/s"/],
      ['1.5bps', /not a whole number of bits per second/],
      ['0.0001kbit', /not a whole number of bits per second/],
      ['0.1Bps', /not a whole number of bits per second/], // 0.8 bit/s
      ['fast', /is not a rate \(/],
    ];
    for (const [text, why] of bad) {
      it(`refuses ${JSON.stringify(text)}`, () => {
        const e = unitError(parseRate, text);
        expect(e.message).to.match(why);
        expect(e.message).to.contain(JSON.stringify(text));
        expect(e.message).to.contain('(expected a number and one of bps, kbps, Mbps, Gbps');
        expect(e.kind).to.equal('rate');
      });
    }
  });

  describe('parseSize', () => {
    const ok: [string, bigint][] = [
      ['0B', 0n],
      ['1500B', 1500n],
      ['10KB', 10_000n],
      ['10kB', 10_000n],
      ['1.5MB', 1_500_000n],
      ['1GB', 1_000_000_000n],
      ['64KiB', 65_536n],
      ['1.5KiB', 1_536n],
      ['2MiB', 2_097_152n],
      ['1GiB', 1_073_741_824n],
      ['0.5MiB', 524_288n],
      ['64 KB', 64_000n],
      ['1.001KB', 1_001n],
    ];
    for (const [text, bytes] of ok) {
      it(`reads ${JSON.stringify(text)} as ${bytes} bytes`, () => expect(parseSize(text)).to.equal(bytes));
    }

    const bad: [string, RegExp][] = [
      ['', /it is empty/],
      ['1500', /the unit is missing/],
      ['-1B', /it is negative/],
      ['1.5B', /not a whole number of bytes/],
      ['1.0001KB', /not a whole number of bytes/],
      ['0.1KiB', /not a whole number of bytes/], // 102.4 bytes
      ['10kb', /unknown unit "kb"/],
      ['10Kb', /unknown unit "Kb"/],
      ['10b', /unknown unit "b"/],
      ['10kiB', /unknown unit "kiB"/],
      ['1TB', /unknown unit "TB"/],
      ['10Mbps', /unknown unit "Mbps"/], // a rate, not a size
      ['big', /is not a size \(/],
    ];
    for (const [text, why] of bad) {
      it(`refuses ${JSON.stringify(text)}`, () => {
        const e = unitError(parseSize, text);
        expect(e.message).to.match(why);
        expect(e.message).to.contain(JSON.stringify(text));
        expect(e.message).to.contain('(expected a number and one of B, KB, MB, GB');
        expect(e.kind).to.equal('size');
      });
    }
  });

  describe('parseProbability', () => {
    const ok: [string, number][] = [
      ['0', 0],
      ['1', 1],
      ['0.01', 0.01],
      ['1%', 0.01],
      ['0%', 0],
      ['100%', 1],
      ['100.0%', 1],
      ['1.0', 1],
      ['12.5%', 0.125],
      ['0.5', 0.5],
      ['33.3%', 0.333],
      ['0.001%', 0.00001],
      [' 2 % ', 0.02],
    ];
    for (const [text, p] of ok) {
      it(`reads ${JSON.stringify(text)} as ${p}`, () => expect(parseProbability(text)).to.equal(p));
    }

    it('gives exactly the same number for a percentage and the fraction it means', () => {
      expect(parseProbability('1%')).to.equal(parseProbability('0.01'));
      // 33.3 / 100 in floating point is 0.33299999999999996; the parser must not divide.
      expect(33.3 / 100).to.not.equal(0.333);
      expect(parseProbability('33.3%')).to.equal(parseProbability('0.333'));
    });

    const bad: [string, RegExp][] = [
      ['', /it is empty/],
      ['-0.1', /it is negative/],
      ['-1%', /it is negative/],
      ['1.5', /more than 1/],
      ['101%', /more than 1/],
      ['100.001%', /more than 1/],
      ['1.0000000000000000001', /more than 1/], // would round to 1 as a double
      ['2', /more than 1/],
      ['5 percent', /unknown unit "percent"/],
      ['0.5x', /unknown unit "x"/],
      ['%', /is not a probability \(/],
      ['.5', /is not a probability \(/],
      ['1e-3', /unknown unit "e-3"/],
      ['half', /is not a probability \(/],
    ];
    for (const [text, why] of bad) {
      it(`refuses ${JSON.stringify(text)}`, () => {
        const e = unitError(parseProbability, text);
        expect(e.message).to.match(why);
        expect(e.message).to.contain(JSON.stringify(text));
        expect(e.message).to.contain('(expected a number from 0 to 1 or a percentage from 0% to 100%');
        expect(e.kind).to.equal('probability');
      });
    }
  });
  describe('maxima: what the simulator and the kernel hold', () => {
    it("times end at the kernel's ktime_t (2^63-1 ns, about 292 years), whatever the unit", () => {
      expect(MAX_TIME_NS).to.equal((1n << 63n) - 1n);
      expect(parseDuration('9223372036854775807ns')).to.equal(MAX_TIME_NS);
      expect(parseDuration('2562047h')).to.equal(2_562_047n * 3_600_000_000_000n);
      for (const text of ['9223372036854775808ns', '2562048h', '99999999999999999999999h', `${'9'.repeat(400)}s`]) {
        expect(unitError(parseDuration, text).message, text).to.match(
          /more than 2\^63-1 ns, the longest time the kernel holds/,
        );
      }
    });

    it('rates end at 1 Tbit/s, sizes at 1 TiB', () => {
      expect(parseRate('1000Gbps')).to.equal(MAX_RATE_BPS);
      expect(parseRate('125GBps')).to.equal(MAX_RATE_BPS);
      expect(unitError(parseRate, '1000.000000001Gbps').message).to.match(/more than 1000Gbps/);
      expect(unitError(parseRate, '126GBps').message).to.match(/more than 1000Gbps/);
      expect(parseSize('1024GiB')).to.equal(MAX_SIZE_BYTES);
      expect(unitError(parseSize, '1099511627777B').message).to.match(/more than 1024GiB/);
    });

    it('a number of thousands of digits is refused at once, without big-number arithmetic on it', () => {
      const digits = '1'.repeat(5_000_000);
      for (const [parse, text, why] of [
        [parseDuration, `${digits}s`, /more than 2\^63-1 ns/],
        [parseDuration, `1.${digits}s`, /not a whole number of nanoseconds/],
        [parseRate, `${digits}bps`, /more than 1000Gbps/],
        [parseSize, `0.${digits}B`, /not a whole number of bytes/],
        [parseProbability, `0.${digits}`, /more than 30 digits after the point/],
        [parseProbability, `${digits}%`, /more than 1/],
      ] as const) {
        const t0 = process.hrtime.bigint();
        expect(unitError(parse, text).message).to.match(why);
        expect(Number((process.hrtime.bigint() - t0) / 1_000_000n)).to.be.below(500);
      }
    });

    it('byte counts: a bare number is bytes, a unit works as for sizes, the same maximum', () => {
      expect(parseBytes('1500')).to.equal(1500n);
      expect(parseBytes('64KiB')).to.equal(65_536n);
      expect(parseBytes('1099511627776')).to.equal(MAX_SIZE_BYTES);
      expect(unitError(parseBytes, '1099511627777').message).to.match(/more than 1024GiB/);
      expect(unitError(parseBytes, '1.5').message).to.match(/not a whole number of bytes/);
      expect(unitError(parseBytes, '5 parsecs').message).to.match(/unknown unit "parsecs"/);
    });

    it('leading and trailing zeros are not significant', () => {
      expect(parseDuration(`${'0'.repeat(100)}1.5${'0'.repeat(100)}s`)).to.equal(1_500_000_000n);
      expect(parseProbability(`0.5${'0'.repeat(100)}`)).to.equal(0.5);
    });
  });
});
