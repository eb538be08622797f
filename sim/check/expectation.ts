// SPDX-License-Identifier: GPL-2.0-only
/**
 * Judges `expect:` -- key paths (sim/topology/key-path.ts) mapped to what
 * the values there must be -- against a subject: an app's result, a
 * link's counters, or a command's parsed stdout.
 *
 * - `equal`: a subset match (sim/check/subset-match.ts);
 * - `range`: a number within `{ min, max }`;
 * - `same`: every value a `*` path names is equal to the first (deep
 *   equality), whatever that value is ("all 32 lookups name one gateway").
 *
 * With a `*` in the path, `equal` and `range` hold for every element and
 * the first element that fails is named in the message.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Expectation } from '../topology/topology';
import { hasEvery, lookupPath } from '../topology/key-path';
import { subsetMismatch } from './subset-match';

/** Why an `expect:` failed: the message and the expected and actual values at the failing path. */
export interface ExpectFailure {
  readonly message: string;
  readonly expected: Record<string, unknown>;
  readonly actual: Record<string, unknown>;
}

/** null when every expectation holds for `subject`, else the first failure (in the order given). */
export function judgeExpectations(
  expectations: ReadonlyArray<readonly [string, Expectation]>,
  subject: unknown,
): ExpectFailure | null {
  for (const [path, want] of expectations) {
    const failure = judgePath(path, want, subject);
    if (failure !== null) return failure;
  }
  return null;
}

/** The expectations as written (`{ path: value | { min, max } | { same: true } }`), for summary.json and TAP. */
export function expectedOf(expectations: ReadonlyArray<readonly [string, Expectation]>): Record<string, unknown> {
  return Object.fromEntries(expectations.map(([path, want]) => [path, expectedValue(want)]));
}

/** How an expectation reads in a derived check description: `received = 5`, `1 <= x <= 9`. */
export function describeExpect([path, want]: readonly [string, Expectation]): string {
  switch (want.kind) {
    case 'equal':
      return `${path} = ${JSON.stringify(want.value)}`;
    case 'same':
      return `${path} all the same`;
    case 'range':
      if (want.min !== null && want.max !== null) {
        return want.min === want.max ? `${path} = ${want.min}` : `${want.min} <= ${path} <= ${want.max}`;
      }
      return want.min !== null ? `${path} >= ${want.min}` : `${path} <= ${want.max}`;
  }
}

function judgePath(path: string, want: Expectation, subject: unknown): ExpectFailure | null {
  // A path with * names the element that failed, and what it was written as.
  const every = hasEvery(path);
  const fail = (at: string, reason: string, got: unknown): ExpectFailure => ({
    message: `${every ? `${at} (of ${path})` : path}: ${reason}`,
    expected: { [path]: expectedValue(want) },
    actual: { [every ? at : path]: got ?? null },
  });
  const found = lookupPath(subject, path);
  if (!found.ok) return fail(found.path, found.reason, null);
  if (want.kind === 'same') {
    const first = found.values[0]!;
    const other = found.values.find((v) => !isDeepStrictEqual(v.value, first.value));
    if (other === undefined) return null;
    return fail(
      other.path,
      `${JSON.stringify(other.value)} differs from ${JSON.stringify(first.value)} at ${first.path}`,
      other.value,
    );
  }
  for (const v of found.values) {
    const reason = judgeValue(want, v.value);
    if (reason !== null) return fail(v.path, reason, v.value);
  }
  return null;
}

function judgeValue(want: Exclude<Expectation, { kind: 'same' }>, got: unknown): string | null {
  if (want.kind === 'equal') {
    const m = subsetMismatch(want.value, got);
    return m === null ? null : `${m.path ? `${m.path}: ` : ''}${m.reason}`;
  }
  if (typeof got !== 'number') return `expected a number, found ${JSON.stringify(got)}`;
  if (want.min !== null && got < want.min) return `${got} is below the minimum ${want.min}`;
  if (want.max !== null && got > want.max) return `${got} is above the maximum ${want.max}`;
  return null;
}

/** The expectation as summary.json and TAP show it. */
function expectedValue(want: Expectation): unknown {
  switch (want.kind) {
    case 'equal':
      return want.value;
    case 'same':
      return { same: true };
    case 'range':
      return { ...(want.min !== null ? { min: want.min } : {}), ...(want.max !== null ? { max: want.max } : {}) };
  }
}
