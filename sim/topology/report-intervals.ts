// SPDX-License-Identifier: GPL-2.0-only
/**
 * The report intervals of the flow apps and sinks: each is a sample kept in
 * memory, in summary.json and in the report, so their number is bounded --
 * a sink reporting every nanosecond once filled 2.3 GB with empty samples
 * within seconds and crashed Node.
 */
import type { AppSpec } from './topology';

/** Most report intervals one app may record over a run (a few hundred bytes each in summary.json). */
export const MAX_REPORT_INTERVALS = 1_000_000n;

/** How many report intervals app `a` can record in a run of `duration` ns (0 for apps without them). */
export function reportIntervals(a: AppSpec, duration: bigint): bigint {
  if (a.type === 'ping' || a.type === 'udp-echo' || a.type === 'udp-echo-server')
    return 0n; // their interval is the time between requests, and their count is bounded
  const end = a.type === 'udp-cbr' && a.start + a.duration < duration ? a.start + a.duration : duration;
  return end > a.start ? (end - a.start + a.interval - 1n) / a.interval : 0n;
}

/** The first app (by index) with more than MAX_REPORT_INTERVALS in a run of `duration`, or null. */
export function overReported(apps: readonly AppSpec[], duration: bigint): { index: number; count: bigint } | null {
  for (const [index, a] of apps.entries()) {
    const count = reportIntervals(a, duration);
    if (count > MAX_REPORT_INTERVALS)
      return { index, count };
  }
  return null;
}

/** Why an app's interval is refused, for the message. */
export function overReportedReason(count: bigint, duration: bigint): string {
  return `${count} report intervals in a run of ${duration} ns, more than ${MAX_REPORT_INTERVALS}: give a longer interval`;
}
