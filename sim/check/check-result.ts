// SPDX-License-Identifier: GPL-2.0-only
/**
 * The form a judged check takes: made by the evaluator, recorded in
 * summary.json, reported by the TAP and JUnit writers.
 */

/** One check's outcome: an entry of summary.json's `checks`, a TAP line. */
export interface CheckResult {
  /** What was checked, e.g. `r1 at 2s: ip -j route get 10.0.2.2`. */
  readonly description: string;
  readonly kind: 'command' | 'app' | 'link';
  /** The node the command ran on or the app ran on; null for a link. */
  readonly node: string | null;
  /** Simulated time of the check, ns (app and link checks: the end of the run). */
  readonly time_ns: bigint;
  readonly ok: boolean;
  /** Why it failed (the first difference), or null. */
  readonly message: string | null;
  /** What the check expected and what was there, at the failing part; null when ok. */
  readonly expected: unknown;
  readonly actual: unknown;
}
