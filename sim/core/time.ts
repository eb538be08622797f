// SPDX-License-Identifier: GPL-2.0-only
/**
 * Simulated time.
 *
 * Time is an integer number of nanoseconds held in a bigint: a float would lose nanoseconds after about
 * 104 days of simulated time and, worse, make event order depend on rounding.
 */

/** A point in simulated time or a duration, in nanoseconds. */
export type SimTime = bigint;

/** Nanoseconds per microsecond. */
export const NS_PER_US = 1_000n;
/** Nanoseconds per millisecond. */
export const NS_PER_MS = 1_000_000n;
/** Nanoseconds per second. */
export const NS_PER_S = 1_000_000_000n;

/**
 * Formats a time as seconds with all nine fractional digits, e.g. `1000000005n` → `"1.000000005s"`.
 *
 * Always nine digits so that log lines sort and align, and exact (bigint division) so that two events one
 * nanosecond apart never print the same.
 */
export function formatTime(t: SimTime): string {
  const sign = t < 0n ? '-' : '';
  const abs = t < 0n ? -t : t;
  const seconds = abs / NS_PER_S;
  const fraction = (abs % NS_PER_S).toString().padStart(9, '0');
  return `${sign}${seconds}.${fraction}s`;
}
