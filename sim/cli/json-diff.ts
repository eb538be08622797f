// SPDX-License-Identifier: GPL-2.0-only
/**
 * Where two JSON values first differ, for `libsim reproduce`: a key path
 * such as `apps[0].rtts_ms[3]` and the two values there.
 */

/** The first difference: its path ("" for the root) and what each side has there. */
export interface JsonDifference {
  readonly path: string;
  readonly original: string;
  readonly rerun: string;
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}

/**
 * The first difference between `a` and `b` in document order, or null when
 * they are equal.  Key order counts (the files are compared byte for
 * byte): objects with the same keys in another order differ at the first
 * key out of place.
 */
export function firstJsonDifference(a: unknown, b: unknown, path = ''): JsonDifference | null {
  const here = (): JsonDifference => ({ path, original: show(a), rerun: show(b) });
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstJsonDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
      const key = ka[i] ?? kb[i]!;
      const sub = path === '' ? key : `${path}.${key}`;
      if (ka[i] !== kb[i]) {
        const k = ka[i] ?? kb[i]!;
        return { path: path === '' ? k : `${path}.${k}`, original: show(a[k]), rerun: show(b[k]) };
      }
      const d = firstJsonDifference(a[key], b[key], sub);
      if (d !== null) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : here();
}
