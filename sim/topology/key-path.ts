// SPDX-License-Identifier: GPL-2.0-only
/**
 * Key paths of `expect:`: names and indices joined by dots into a JSON
 * value (`streams.0.lost`, `ab.dropsQueue`), `length` of an array, and
 * `*` for every element of an array (`streams.*.jitter_ms`), which makes
 * the path name one value per element.
 *
 * An empty array under a `*` is a failure ("no elements"), not a path that
 * names nothing: "every stream's jitter is below 0.5 ms" must not hold
 * because no stream arrived.
 */

/** The segment that stands for every element of an array. */
export const EVERY = '*';

/** One value a path reaches: where exactly (`streams.3.jitter_ms`) and what is there. */
export interface PathValue {
  readonly path: string;
  readonly value: unknown;
}

/** The values a path names, in element order, or where and why it names none. */
export type PathLookup =
  | { readonly ok: true; readonly values: readonly PathValue[] }
  | { readonly ok: false; readonly path: string; readonly reason: string };

/** Whether `path` has a `*` segment (names one value per element). */
export function hasEvery(path: string): boolean {
  return path.split('.').includes(EVERY);
}

/**
 * The values `path` names in `root`: one for a path without `*`, else one
 * per element of each array a `*` stands for, in order; bigints as numbers.
 * Fails at the first element where the path cannot be followed.
 */
export function lookupPath(root: unknown, path: string): PathLookup {
  let reached: PathValue[] = [{ path: '', value: root }];
  for (const part of path.split('.')) {
    const next: PathValue[] = [];
    for (const at of reached) {
      const here = (p: string): string => (at.path === '' ? p : `${at.path}.${p}`);
      const v = at.value;
      if (part === EVERY) {
        if (!Array.isArray(v)) {
          return { ok: false, path: here(part), reason: `expected an array, found ${describe(v)}` };
        }
        if (v.length === 0) return { ok: false, path: here(part), reason: 'no elements' };
        v.forEach((e, i) => next.push({ path: here(String(i)), value: e }));
        continue;
      }
      const child = step(v, part);
      if (child === undefined) return { ok: false, path: here(part), reason: 'no such key' };
      next.push({ path: here(part), value: child });
    }
    reached = next;
  }
  return {
    ok: true,
    values: reached.map((r) => ({ path: r.path, value: typeof r.value === 'bigint' ? Number(r.value) : r.value })),
  };
}

/** One step into an object or array (`length`, an index, a key); undefined when absent. */
function step(v: unknown, part: string): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    if (part === 'length') return v.length;
    return /^\d+$/.test(part) ? v[Number(part)] : undefined;
  }
  return Object.prototype.hasOwnProperty.call(v, part) ? (v as Record<string, unknown>)[part] : undefined;
}

function describe(v: unknown): string {
  const text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
