// SPDX-License-Identifier: GPL-2.0-only
/**
 * Parsers for values with units in topology files. Arithmetic is exact decimal on bigint: "1.5s" is
 * 1500000000n, and a value that is not a whole number of the base unit ("1.5ns", "1.5B") is refused rather
 * than rounded, so that what the user wrote is what runs.
 *
 * Syntax shared by all: optional surrounding whitespace, a non-negative decimal number with at least one
 * digit before any point (no sign, no exponent), optional whitespace, then a unit. Units are
 * case-sensitive, because case carries meaning ("Mbps" vs "MBps", "m" minutes vs "M" mega).
 */
import { UnitError } from './unit-error';
import type { UnitKind } from './unit-error';

const DURATION_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);
const DURATION_EXPECTED = 'a number and one of ns, us, ms, s, m, h, e.g. "5ms"';

/**
 * Rates. Unlike tc, where "bps" means *bytes* per second, here "bps" and "bit" both mean bits per second, as
 * in every link speed on a datasheet ("100Mbps"); bytes per second are written with a capital B ("Bps").
 * Prefixes are decimal (k = 10^3, M = 10^6, G = 10^9), as for all line rates.
 */
const RATE_UNITS: ReadonlyMap<string, bigint> = (() => {
  const m = new Map<string, bigint>();
  const prefixes: [string, bigint][] = [['', 1n], ['k', 1_000n], ['M', 1_000_000n], ['G', 1_000_000_000n]];
  for (const [p, f] of prefixes) {
    m.set(`${p}bps`, f);
    m.set(`${p}bit`, f);
    m.set(`${p}Bps`, f * 8n);
  }
  return m;
})();
const RATE_EXPECTED =
  'a number and one of bps, kbps, Mbps, Gbps (bits/s; also written bit, kbit, Mbit, Gbit) ' +
  'or Bps, kBps, MBps, GBps (bytes/s), e.g. "100Mbps"';

/** Sizes: KB/MB/GB are decimal (10^3...), KiB/MiB/GiB binary (2^10...); "kB" is accepted for "KB". */
const SIZE_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['B', 1n],
  ['KB', 1_000n],
  ['kB', 1_000n],
  ['MB', 1_000_000n],
  ['GB', 1_000_000_000n],
  ['KiB', 1n << 10n],
  ['MiB', 1n << 20n],
  ['GiB', 1n << 30n],
]);
const SIZE_EXPECTED = 'a number and one of B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), e.g. "1500B"';

const PROBABILITY_EXPECTED = 'a number from 0 to 1 or a percentage from 0% to 100%, e.g. "0.01" or "1%"';

const NUMBER_AND_UNIT = /^(-?)(\d+)(?:\.(\d+))?\s*(.*)$/s;

/** `digits` (no point) and `scale` (digits after the point): the number is digits / 10^scale. */
interface Decimal {
  digits: bigint;
  scale: number;
}

function parseWithUnit(
  text: string,
  kind: UnitKind,
  units: ReadonlyMap<string, bigint>,
  base: string,
  expected: string,
): bigint {
  const fail = (reason?: string): UnitError => new UnitError(text, kind, expected, reason);
  const m = NUMBER_AND_UNIT.exec(text.trim());
  if (m === null) throw fail(text.trim() === '' ? 'it is empty' : undefined);
  const [, sign, whole, fraction = '', unit = ''] = m;
  if (sign === '-') throw fail('it is negative');
  if (unit === '') throw fail('the unit is missing');
  const factor = units.get(unit);
  if (factor === undefined) throw fail(`unknown unit ${JSON.stringify(unit)}`);
  const dec: Decimal = { digits: BigInt(whole! + fraction), scale: fraction.length };
  const scaled = dec.digits * factor;
  const divisor = 10n ** BigInt(dec.scale);
  if (scaled % divisor !== 0n) throw fail(`it is not a whole number of ${base}`);
  return scaled / divisor;
}

/**
 * Parses a duration ("5ms", "1.5s", "100us", "10ns", "2m", "1h") into nanoseconds. Zero is allowed.
 *
 * @throws UnitError when the text is not a non-negative whole number of nanoseconds with a known unit.
 */
export function parseDuration(text: string): bigint {
  return parseWithUnit(text, 'duration', DURATION_UNITS, 'nanoseconds', DURATION_EXPECTED);
}

/**
 * Parses a rate ("100Mbps", "1Gbit", "64kbps", "1.5Mbps", "800bps", "1MBps") into bits per second.
 * Zero is refused: a link with no rate could never send.
 *
 * @throws UnitError when the text is not a positive whole number of bits per second with a known unit.
 */
export function parseRate(text: string): bigint {
  const bits = parseWithUnit(text, 'rate', RATE_UNITS, 'bits per second', RATE_EXPECTED);
  if (bits === 0n) throw new UnitError(text, 'rate', RATE_EXPECTED, 'it is zero');
  return bits;
}

/**
 * Parses a size ("1500B", "1.5MB", "64KiB", "10KB", "2MiB", "1GB") into bytes. Zero is allowed.
 *
 * @throws UnitError when the text is not a non-negative whole number of bytes with a known unit.
 */
export function parseSize(text: string): bigint {
  return parseWithUnit(text, 'size', SIZE_UNITS, 'bytes', SIZE_EXPECTED);
}

/**
 * Parses a probability written as a fraction ("0.01") or a percentage ("1%") into a number in [0, 1].
 * The range check is exact (done on the decimal digits), and the result is the double nearest to the
 * written value, so "1%" gives exactly the same number as "0.01".
 *
 * @throws UnitError when the text is not such a number or lies outside [0, 1].
 */
export function parseProbability(text: string): number {
  const fail = (reason?: string): UnitError => new UnitError(text, 'probability', PROBABILITY_EXPECTED, reason);
  const m = NUMBER_AND_UNIT.exec(text.trim());
  if (m === null) throw fail(text.trim() === '' ? 'it is empty' : undefined);
  const [, sign, whole, fraction = '', unit = ''] = m;
  if (sign === '-') throw fail('it is negative');
  if (unit !== '' && unit !== '%') throw fail(`unknown unit ${JSON.stringify(unit)}`);
  const digits = whole! + fraction;
  const scale = fraction.length + (unit === '%' ? 2 : 0);
  if (BigInt(digits) > 10n ** BigInt(scale)) throw fail('it is more than 1 (100%)');
  // Number() of a decimal string is correctly rounded, so "1e-2" and "0.01" give the same double.
  return Number(`${digits}e-${scale}`);
}
