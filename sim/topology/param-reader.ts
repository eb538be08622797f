// SPDX-License-Identifier: GPL-2.0-only
/**
 * Reads one entry of a topology file by a model's parameter table
 * (sim/core/param.ts): unknown keys, missing required ones, keys that must
 * not be given together, and each value by its kind, unit and bounds --
 * every error a TopologyError at the key's (or the entry's) path and line.
 * The model then builds its spec from the values (applying its own
 * defaults); a ParamError it raises is reported at the key it names.
 */
import { keyOf, textMapNameProblem } from '../core/param';
import type { Given, Param, ParamTable, QueueLimit, TextMap, TextMapParam } from '../core/param';
import { quote } from '../core/quote';
import { ParamError } from '../core/param-error';
import { MAX_SIZE_BYTES, parseBytes, parseDuration, parseProbability, parseRate, parseSize } from './units';
import type { YamlCursor } from './yaml-cursor';

/** How an entry is read besides its table. */
export interface EntryOptions {
  /** Keys the entry has beyond its table's (an app's type and node), listed first in messages. */
  readonly extraKeys?: readonly string[];
  /** An absent or null entry (`h1:`) has no keys rather than being an error. */
  readonly mayBeEmpty?: boolean;
  /** Pairs of properties that must not both be given (the second is reported). */
  readonly exclusive?: ReadonlyArray<readonly [string, string]>;
}

/** An entry whose keys were checked against its table; its values are read on demand. */
export class ParamEntry<T extends ParamTable> {
  /**
   * @param at the entry
   * @param table its model's parameters
   * @param keys its keys as written, each known
   */
  constructor(
    readonly at: YamlCursor,
    private readonly table: T,
    readonly keys: ReadonlyMap<string, YamlCursor>,
  ) {}

  /** Where property `name` is written, if it is. */
  key(name: keyof T & string): YamlCursor | undefined {
    return this.keys.get(keyOf(name, this.table[name]!));
  }

  /**
   * The values given, in table order, each checked by its kind and bounds.
   * @throws TopologyError at the first value that cannot be used
   */
  given(): Given<T> {
    const values: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(this.table)) {
      const at = this.keys.get(keyOf(name, p));
      if (at !== undefined && p.kind !== 'nested') values[name] = readValue(at, p);
    }
    return values as Given<T>;
  }

  /**
   * What `build` makes of the values given: the model's spec.
   * @throws TopologyError for a bad value, or at the key a ParamError of `build` names
   */
  build<R>(build: (given: Given<T>) => R): R {
    const given = this.given();
    try {
      return build(given);
    } catch (err) {
      if (!(err instanceof ParamError)) throw err;
      const key = err.param === null ? undefined : this.key(err.param);
      const at = err.entry === null ? key : (key?.map(null).get(err.entry) ?? key);
      throw (at ?? this.at).error(err.reason);
    }
  }
}

/** The keys an entry read by `table` may have, as a file spells them. */
export function allowedKeys(table: ParamTable, extraKeys: readonly string[] = []): string[] {
  return [...extraKeys, ...Object.entries(table).map(([name, p]) => keyOf(name, p))];
}

/**
 * Checks the keys of the entry at `at` against `table`: none unknown, every
 * required one there, no two that exclude each other.
 * @throws TopologyError at the unknown or second exclusive key, or at the entry for a missing one
 */
export function readEntry<T extends ParamTable>(at: YamlCursor, table: T, options: EntryOptions = {}): ParamEntry<T> {
  const keys =
    options.mayBeEmpty && !at.present() ? new Map<string, YamlCursor>() : at.map(allowedKeys(table, options.extraKeys));
  for (const [name, p] of Object.entries(table)) {
    if (p.required !== undefined && !keys.has(keyOf(name, p))) throw at.error(p.required);
  }
  for (const pair of options.exclusive ?? []) {
    const [first, second] = pair.map((name) => keyOf(name, table[name]!));
    if (keys.has(first!) && keys.has(second!)) throw keys.get(second!)!.error(`give ${first}: or ${second}:, not both`);
  }
  return new ParamEntry(at, table, keys);
}

/** The value at `at` as declaration `p` reads it. */
function readValue(at: YamlCursor, p: Exclude<Param, { kind: 'nested' }>): unknown {
  switch (p.kind) {
    case 'duration': {
      const d = at.parsed(parseDuration);
      if (p.positive && d <= 0n) throw at.error(`${at.text()} must be more than 0`);
      return d;
    }
    case 'rate':
      return at.parsed(parseRate);
    case 'bytes':
      return readBytes(at, p.min, p.max);
    case 'byte-count':
      return Number(readBytes(at, BigInt(p.min), BigInt(p.max)));
    case 'probability':
      return at.parsed(parseProbability);
    case 'integer':
      return at.integer(p.min, p.max);
    case 'flag':
      return at.boolean();
    case 'text': {
      const s = at.string();
      if (p.pattern !== undefined && !p.pattern.test(s)) {
        throw at.error(`${at.text()} is not ${p.what ?? `a match of ${p.pattern.source}`}`);
      }
      return s;
    }
    case 'choice': {
      const s = at.string();
      if (!p.values.includes(s)) throw at.error(`${at.text()} is not ${orList(p.values)}`);
      return s;
    }
    case 'limit':
      return readLimit(at, p.maxPackets);
    case 'text-map':
      return readTextMap(at, p);
  }
}

/** A byte count: a bare integer (bytes) or a size with its unit ("64KiB"), in [min, max] (null: any size). */
function readBytes(at: YamlCursor, min: bigint, max: bigint | null): bigint {
  const n = at.parsed(parseBytes);
  if (n < min || (max !== null && n > max)) {
    throw at.error(`${at.text()} is not within ${min}..${max ?? MAX_SIZE_BYTES} bytes`);
  }
  return n;
}

/** `queue: 100` is packets; `queue: 64KB` is bytes. */
function readLimit(at: YamlCursor, maxPackets: number): QueueLimit {
  if (/^\d+$/.test(at.string())) return { queuePackets: at.integer(0, maxPackets), queueBytes: null };
  return { queuePackets: null, queueBytes: at.parsed(parseSize) };
}

/**
 * A mapping of names to strings, in the order written; each bad name or value is reported at its own
 * entry (`apps[0].env.LD_PRELOAD`, its line).
 */
function readTextMap(at: YamlCursor, p: TextMapParam): TextMap {
  const entries: Array<[string, string]> = [];
  for (const [name, value] of at.map(null)) {
    const problem = textMapNameProblem(p, name);
    if (problem !== null) throw value.error(`${quote(name)} ${problem}`);
    // `FOO:` alone is YAML's null, which no program could be given: say how to write the empty string.
    if (!value.present()) throw value.error(`${quote(name)} has no value (write "" for an empty string)`);
    const text = value.string();
    if (text.includes('\0')) throw value.error(`${value.text()} holds a NUL character, which no C string can`);
    entries.push([name, text]);
  }
  // fromEntries defines each name as the object's own, `__proto__` too (an assignment would not).
  return Object.fromEntries(entries);
}

/** "a, b or c". */
function orList(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
