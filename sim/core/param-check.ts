// SPDX-License-Identifier: GPL-2.0-only
/**
 * Checks values a model is handed against its own table: what the loader
 * refuses in a file, a model refuses from a builder or a hand-made spec, by
 * the same declared bounds (so a bound is written once, in the table).
 */
import { textMapNameProblem } from './param';
import type { Param, ParamTable, TextMapParam } from './param';
import { quote } from './quote';

/**
 * What is wrong with the first value of `values` that its declaration in
 * `table` does not allow ("delay must be a duration of at least 0 ns, got
 * -1"), or null when all are allowed.  Nested keys are not checked.
 */
export function paramProblem(table: ParamTable, values: Readonly<Record<string, unknown>>): string | null {
  for (const [name, p] of Object.entries(table)) {
    if (p.kind === 'nested') continue;
    const value = values[name];
    if (value === null && p.default === null) continue;
    const expected = valueProblem(p, value);
    if (expected !== null) return `${name} must be ${expected}, got ${show(value)}`;
  }
  return null;
}

/** What `value` should have been, or null when `p` allows it. */
function valueProblem(p: Param, value: unknown): string | null {
  switch (p.kind) {
    case 'duration':
      return typeof value === 'bigint' && (p.positive ? value > 0n : value >= 0n)
        ? null
        : `a duration of ${p.positive ? 'more than 0' : 'at least 0'} ns`;
    case 'rate':
      return typeof value === 'bigint' && value > 0n ? null : 'a rate of more than 0 bit/s';
    case 'bytes':
      return typeof value === 'bigint' && value >= p.min && (p.max === null || value <= p.max)
        ? null
        : `a byte count in ${p.min}..${p.max ?? ''}`;
    case 'byte-count':
    case 'integer':
      return Number.isSafeInteger(value) && (value as number) >= p.min && (value as number) <= p.max
        ? null
        : `an integer in ${p.min}..${p.max}`;
    case 'probability':
      return typeof value === 'number' && value >= 0 && value <= 1 ? null : 'a probability in 0..1';
    case 'flag':
      return typeof value === 'boolean' ? null : 'true or false';
    case 'text':
      return typeof value === 'string' && (p.pattern === undefined || p.pattern.test(value))
        ? null
        : (p.what ?? 'a string');
    case 'choice':
      return p.values.includes(value as string) ? null : `one of ${p.values.join(', ')}`;
    case 'limit':
      return limitProblem(p.maxPackets, value);
    case 'text-map':
      return textMapProblem(p, value);
    case 'nested':
      return null;
  }
}

/** A queue limit's problem: bytes when set, else packets, which an unlimited queue would lack. */
function limitProblem(maxPackets: number, value: unknown): string | null {
  const limit = value as { queuePackets?: unknown; queueBytes?: unknown } | null;
  if (typeof limit?.queueBytes === 'bigint') return limit.queueBytes >= 0n ? null : 'a queue of at least 0 bytes';
  // An unlimited queue would grow without bound under overload instead of dropping.
  return Number.isSafeInteger(limit?.queuePackets) &&
    (limit!.queuePackets as number) >= 0 &&
    (limit!.queuePackets as number) <= maxPackets
    ? null
    : `a queue limit: 0..${maxPackets} packets, or bytes`;
}

/** A text map's problem: not a plain object of strings, or a name it may not have (said which). */
function textMapProblem(p: TextMapParam, value: unknown): string | null {
  const expected = `a mapping of names (each ${p.namesWhat}) to strings without NUL`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected;
  for (const [name, text] of Object.entries(value)) {
    const problem = textMapNameProblem(p, name);
    if (problem !== null) return `${expected}; ${quote(name)} ${problem}`;
    if (typeof text !== 'string' || text.includes('\0')) {
      return `${expected}; the value of ${quote(name)} is not a string without NUL`;
    }
  }
  return null;
}

/** A value for a message (bigints and objects too). */
function show(value: unknown): string {
  return typeof value === 'object' && value !== null
    ? JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
    : String(value);
}
