// SPDX-License-Identifier: GPL-2.0-only
/**
 * `expect:` of a check: key paths (names, indices, `length` and `*`
 * joined by dots) mapped to a value (equal; a subset match for objects
 * and arrays), to `{ min, max }` bounds on a number, or to `{ same: true }`
 * -- every value a path with `*` names equal to the others.  `{ min, max }`
 * and `{ same }` are therefore never compared as objects.
 */
import { EVERY, hasEvery } from './key-path';
import type { Expectation } from './topology';
import type { YamlCursor } from './yaml-cursor';

/** The keys of bounds (the JSON Schema's `range` must agree). */
export const RANGE_KEYS = ['min', 'max'] as const;
/** The key of "all the same" (the JSON Schema's `same` must agree). */
export const SAME_KEYS = ['same'] as const;

const SEGMENT = `([A-Za-z0-9_]+|\\${EVERY})`;
/** A key path: segments joined by dots (the JSON Schema's propertyNames pattern is the same). */
export const KEY_PATH = new RegExp(`^${SEGMENT}(\\.${SEGMENT})*$`);

/**
 * Reads `expect:` at `at` (a mapping of at least one key path).  Absent:
 * an error at `entry` when `required`, else no expectations.
 */
export function readExpect(
  entry: YamlCursor,
  at: YamlCursor | undefined,
  required: boolean,
): Array<[string, Expectation]> {
  if (!at) {
    if (required) throw entry.error('missing expect: (key: value, key: { min, max } or key.*.key: { same: true })');
    return [];
  }
  const out: Array<[string, Expectation]> = [];
  for (const [key, value] of at.map(null)) {
    if (!KEY_PATH.test(key)) {
      throw value.error(
        'a key path is names, indices and * joined by dots (e.g. ab.dropsQueue, rtts_ms.0, streams.*.lost)',
      );
    }
    out.push([key, readExpectation(key, value)]);
  }
  if (out.length === 0) throw at.error('expect: names at least one key');
  return out;
}

/** `{ min, max }` (either or both) is a range, `{ same: true }` same; anything else must be equal. */
function readExpectation(path: string, at: YamlCursor): Expectation {
  const js = at.toJs();
  if (js === null || typeof js !== 'object' || Array.isArray(js)) return { kind: 'equal', value: js };
  const keys = Object.keys(js);
  if (keys.includes('same')) return readSame(path, at);
  if (keys.length > 0 && keys.every((k) => (RANGE_KEYS as readonly string[]).includes(k))) return readRange(at);
  return { kind: 'equal', value: js };
}

function readSame(path: string, at: YamlCursor): Expectation {
  const m = at.map(SAME_KEYS);
  const same = m.get('same')!;
  if (same.toJs() !== true) throw same.error('same: takes true (every value the * path names equals the others)');
  if (!hasEvery(path)) throw at.error(`same: compares the values a path with * names; ${path} names one value`);
  return { kind: 'same' };
}

function readRange(at: YamlCursor): Expectation {
  const m = at.map(RANGE_KEYS);
  const bound = (k: string): number | null => {
    const b = m.get(k);
    if (!b) return null;
    const v = b.toJs();
    if (typeof v !== 'number' || !Number.isFinite(v)) throw b.error(`${b.text()} is not a number`);
    return v;
  };
  const min = bound('min');
  const max = bound('max');
  if (min !== null && max !== null && min > max) throw at.error(`min ${min} is more than max ${max}`);
  return { kind: 'range', min, max };
}
