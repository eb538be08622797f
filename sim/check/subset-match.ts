// SPDX-License-Identifier: GPL-2.0-only
/**
 * Subset matching of JSON values, as `json:` checks and `expect:` use it:
 *
 * - an expected object matches an actual object that has every expected
 *   key with a matching value (other keys are ignored);
 * - an expected array matches an actual array when its elements match
 *   distinct actual elements in the same order (a subsequence: other
 *   elements may come before, between and after); `[]` matches any array;
 * - anything else must be strictly equal (`20` does not match `"20"`).
 */

/** Why `actual` does not match `expected`: the first difference found, with its path. */
export interface Mismatch {
  /** Path of the difference from the root ("" for the root, "[0].dev", ".metrics[0].mtu"). */
  readonly path: string;
  readonly reason: string;
}

/** null when `actual` matches `expected` as a subset, else the first mismatch. */
export function subsetMismatch(expected: unknown, actual: unknown, path = ''): Mismatch | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, reason: `expected an array, found ${describe(actual)}` };
    let from = 0;
    for (let i = 0; i < expected.length; i++) {
      let found = -1;
      for (let j = from; j < actual.length; j++) {
        if (subsetMismatch(expected[i], actual[j], `${path}[${j}]`) === null) {
          found = j;
          break;
        }
      }
      if (found < 0) {
        const why = from < actual.length ? subsetMismatch(expected[i], actual[from], `${path}[${from}]`) : null;
        const near = why ? ` (at ${why.path || 'the root'}: ${why.reason})` : '';
        const after = from > 0 ? ` after index ${from - 1}` : '';
        return { path, reason: `expected element ${i} matches no element of the actual array${after}${near}` };
      }
      from = found + 1;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return { path, reason: `expected an object, found ${describe(actual)}` };
    }
    for (const [k, v] of Object.entries(expected)) {
      const sub = `${path}.${k}`;
      if (!Object.prototype.hasOwnProperty.call(actual, k)) return { path: sub, reason: 'missing' };
      const m = subsetMismatch(v, (actual as Record<string, unknown>)[k], sub);
      if (m !== null) return m;
    }
    return null;
  }
  if (expected === actual) return null;
  return { path, reason: `expected ${JSON.stringify(expected)}, found ${describe(actual)}` };
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
