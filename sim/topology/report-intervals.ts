// SPDX-License-Identifier: GPL-2.0-only
/**
 * The report intervals of the flow apps and sinks: each is a sample kept in
 * memory, in summary.json and in the report, so their number is bounded --
 * a sink reporting every nanosecond once filled 2.3 GB with empty samples
 * within seconds and crashed Node.  Each kind of app says how many it
 * records (AppKind.reportIntervals).
 */
import type { AppCatalog, AppSpecBase } from './app-kind';

/** Most report intervals one app may record over a run (a few hundred bytes each in summary.json). */
export const MAX_REPORT_INTERVALS = 1_000_000n;

/** Report intervals of `interval` ns from `start` until `end` (none when it ends first). */
export function intervalsBetween(start: bigint, end: bigint, interval: bigint): bigint {
  return end > start ? (end - start + interval - 1n) / interval : 0n;
}

/** The first app (by index) with more than MAX_REPORT_INTERVALS in a run of `duration`, or null. */
export function overReported<S extends AppSpecBase>(
  apps: readonly S[],
  kinds: AppCatalog<S>,
  duration: bigint,
): { index: number; count: bigint } | null {
  for (const [index, a] of apps.entries()) {
    const count = kinds.find((k) => k.type === a.type)?.reportIntervals?.(a, duration) ?? 0n;
    if (count > MAX_REPORT_INTERVALS) return { index, count };
  }
  return null;
}

/** Why an app's interval is refused, for the message. */
export function overReportedReason(count: bigint, duration: bigint): string {
  return `${count} report intervals in a run of ${duration} ns, more than ${MAX_REPORT_INTERVALS}: give a longer interval`;
}
