// SPDX-License-Identifier: GPL-2.0-only
/**
 * Parsers for values with units in topology files. Arithmetic is exact decimal on bigint: "1.5s" is
 * 1500000000n, and a value that is not a whole number of the base unit ("1.5ns", "1.5B") is refused rather
 * than rounded, so that what the user wrote is what runs.
 *
 * Syntax shared by all: optional surrounding whitespace, a non-negative decimal number with at least one
 * digit before any point (no sign, no exponent), optional whitespace, then a unit. Units are
 * case-sensitive, because case carries meaning ("Mbps" vs "MBps", "m" minutes vs "M" mega).
 *
 * Every value has a maximum (MAX_TIME_NS, MAX_RATE_BPS, MAX_SIZE_BYTES): what the simulator and the kernel
 * hold, so that no option or key can ask for a time the kernel's clock wraps at, and a number of
 * thousands of digits is refused before any arithmetic is done on it.
 */
import { quote } from '../core/quote';
import { UnitError } from './unit-error';
import type { UnitKind } from './unit-error';

/**
 * The latest time and the longest duration, ns: the kernel keeps time in ktime_t, a signed 64-bit count of
 * nanoseconds (KTIME_MAX, about 292 years); the simulator hands it `now` as a u64, but a time past
 * KTIME_MAX reads as negative inside the kernel.
 */
export const MAX_TIME_NS = (1n << 63n) - 1n;
/**
 * The fastest rate, bit/s: 1 Tbit/s, above any single Ethernet link in use (800 Gbit/s).  Serialization is
 * counted in whole nanoseconds (rounded up), so far above this a frame's time on the wire would be
 * mostly rounding.
 */
export const MAX_RATE_BPS = 1_000_000_000_000n;
/** The largest size, bytes: 1 TiB, more than any queue or transfer a simulated run can move. */
export const MAX_SIZE_BYTES = 1n << 40n;
/**
 * Most digits a number may have before and after its point (leading and trailing zeros aside): no value
 * within the maxima needs more, and it bounds the cost of the exact arithmetic on a number of thousands of
 * digits.
 */
const MAX_DIGITS = 30;

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
  const prefixes: [string, bigint][] = [
    ['', 1n],
    ['k', 1_000n],
    ['M', 1_000_000n],
    ['G', 1_000_000_000n],
  ];
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
const SIZE_EXPECTED =
  'a number and one of B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), e.g. "1500B"';

const PROBABILITY_EXPECTED = 'a number from 0 to 1 or a percentage from 0% to 100%, e.g. "0.01" or "1%"';

const NUMBER_AND_UNIT = /^(-?)(\d+)(?:\.(\d+))?\s*(.*)$/s;

/** `digits` (no point) and `scale` (digits after the point): the number is digits / 10^scale. */
interface Decimal {
  digits: bigint;
  scale: number;
}

/** A number's text as split by NUMBER_AND_UNIT, and its unit. */
interface NumberText {
  whole: string;
  fraction: string;
  unit: string;
}

/**
 * Splits `text` into number and unit, without the zeros that do not change the value ("007ms", "1.500s");
 * refuses what is empty, malformed or negative.  The caller refuses a part longer than MAX_DIGITS before
 * BigInt sees it.
 */
function splitNumber(text: string, fail: (reason?: string) => UnitError): NumberText {
  const m = NUMBER_AND_UNIT.exec(text.trim());
  if (m === null) throw fail(text.trim() === '' ? 'it is empty' : undefined);
  const [, sign, whole = '', fraction = '', unit = ''] = m;
  if (sign === '-') throw fail('it is negative');
  return { whole: whole.replace(/^0+(?=\d)/, ''), fraction: fraction.replace(/0+$/, ''), unit };
}

function parseWithUnit(
  text: string,
  kind: UnitKind,
  units: ReadonlyMap<string, bigint>,
  base: string,
  expected: string,
  max: { value: bigint; text: string },
): bigint {
  const fail = (reason?: string): UnitError => new UnitError(text, kind, expected, reason);
  const { whole, fraction, unit } = splitNumber(text, fail);
  const factor = units.get(unit);
  if (factor === undefined) throw fail(unit === '' ? 'the unit is missing' : `unknown unit ${quote(unit)}`);
  // Every maximum has fewer digits; and no unit's factor has 2^31 or 5^31 in it, so a fraction with more
  // significant digits is never a whole number of the base unit.
  if (whole.length > MAX_DIGITS) throw fail(`it is more than ${max.text}`);
  if (fraction.length > MAX_DIGITS) throw fail(`it is not a whole number of ${base}`);
  const dec: Decimal = { digits: BigInt(whole + fraction), scale: fraction.length };
  const scaled = dec.digits * factor;
  const divisor = 10n ** BigInt(dec.scale);
  if (scaled % divisor !== 0n) throw fail(`it is not a whole number of ${base}`);
  const value = scaled / divisor;
  if (value > max.value) throw fail(`it is more than ${max.text}`);
  return value;
}

const MAX_TIME = { value: MAX_TIME_NS, text: '2^63-1 ns, the longest time the kernel holds (about 292 years)' };
const MAX_RATE = { value: MAX_RATE_BPS, text: '1000Gbps (1 Tbit/s), the fastest rate libsim models' };
const MAX_SIZE = { value: MAX_SIZE_BYTES, text: '1024GiB (1 TiB), the largest size libsim takes' };

/**
 * Parses a duration ("5ms", "1.5s", "100us", "10ns", "2m", "1h") into nanoseconds. Zero is allowed.
 *
 * @throws UnitError when the text is not a whole number of nanoseconds from 0 to MAX_TIME_NS with a known unit.
 */
export function parseDuration(text: string): bigint {
  return parseWithUnit(text, 'duration', DURATION_UNITS, 'nanoseconds', DURATION_EXPECTED, MAX_TIME);
}

/**
 * Parses a rate ("100Mbps", "1Gbit", "64kbps", "1.5Mbps", "800bps", "1MBps") into bits per second.
 * Zero is refused: a link with no rate could never send.
 *
 * @throws UnitError when the text is not a whole number of bits per second from 1 to MAX_RATE_BPS with a
 *   known unit.
 */
export function parseRate(text: string): bigint {
  const bits = parseWithUnit(text, 'rate', RATE_UNITS, 'bits per second', RATE_EXPECTED, MAX_RATE);
  if (bits === 0n) throw new UnitError(text, 'rate', RATE_EXPECTED, 'it is zero');
  return bits;
}

/**
 * Parses a size ("1500B", "1.5MB", "64KiB", "10KB", "2MiB", "1GB") into bytes. Zero is allowed.
 *
 * @throws UnitError when the text is not a whole number of bytes from 0 to MAX_SIZE_BYTES with a known unit.
 */
export function parseSize(text: string): bigint {
  return parseWithUnit(text, 'size', SIZE_UNITS, 'bytes', SIZE_EXPECTED, MAX_SIZE);
}

/** Byte counts: a size, or a bare number of bytes. */
const BYTE_UNITS: ReadonlyMap<string, bigint> = new Map([['', 1n], ...SIZE_UNITS]);

/**
 * Parses a byte count: a bare number of bytes ("1500") or a size with its unit ("64KiB"), as parseSize.
 *
 * @throws UnitError when the text is not a whole number of bytes from 0 to MAX_SIZE_BYTES.
 */
export function parseBytes(text: string): bigint {
  return parseWithUnit(text, 'size', BYTE_UNITS, 'bytes', `a number of bytes, or ${SIZE_EXPECTED}`, MAX_SIZE);
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
  const { whole, fraction, unit } = splitNumber(text, fail);
  if (unit !== '' && unit !== '%') throw fail(`unknown unit ${quote(unit)}`);
  if (whole.length > MAX_DIGITS) throw fail('it is more than 1 (100%)');
  if (fraction.length > MAX_DIGITS) throw fail(`it has more than ${MAX_DIGITS} digits after the point`);
  const digits = whole + fraction;
  const scale = fraction.length + (unit === '%' ? 2 : 0);
  if (BigInt(digits) > 10n ** BigInt(scale)) throw fail('it is more than 1 (100%)');
  // Number() of a decimal string is correctly rounded, so "1e-2" and "0.01" give the same double.
  return Number(`${digits}e-${scale}`);
}
