// SPDX-License-Identifier: GPL-2.0-only
/**
 * JSON Schema from parameter tables (sim/core/param.ts): each declaration
 * becomes a property with its type, bounds and a description made of its
 * doc line and its default, so the schema says what the models say.  Units
 * that JSON Schema cannot check ("5ms") refer to the shared definitions of
 * topology-schema.ts (`#/$defs/duration`, ...).
 */
import { keyOf } from '../core/param';
import type { NestedKeys, Param, ParamTable, TextMapParam } from '../core/param';

/** A JSON value. */
export type Json = null | boolean | number | string | readonly Json[] | JsonObject;

/** A JSON object: a schema or part of one. */
export interface JsonObject {
  readonly [key: string]: Json;
}

/** How an entry's schema is made besides its table. */
export interface EntrySchemaOptions {
  /** What the entry is. */
  readonly description?: string;
  /** Properties before the table's (an app's type and node), all required. */
  readonly first?: Readonly<Record<string, JsonObject>>;
  /** The entry may be null (`h1:` with nothing under it). */
  readonly nullable?: boolean;
  /** Pairs of properties that must not both be given. */
  readonly exclusive?: ReadonlyArray<readonly [string, string]>;
}

/**
 * The schema of an entry read by `table`: an object with exactly its keys;
 * `nested` gives the schema of each key the table leaves to the loader.
 */
export function entrySchema<T extends ParamTable>(
  table: T,
  nested: { readonly [K in NestedKeys<T>]: JsonObject },
  options: EntrySchemaOptions = {},
): JsonObject {
  const first = options.first ?? {};
  const properties: Record<string, JsonObject> = { ...first };
  const required = Object.keys(first);
  for (const [name, p] of Object.entries(table)) {
    const key = keyOf(name, p);
    const schema = p.kind === 'nested' ? (nested as Readonly<Record<string, JsonObject>>)[name]! : valueSchema(p);
    properties[key] = { ...schema, description: describe(p) };
    if (p.required !== undefined) required.push(key);
  }
  const exclusive = options.exclusive ?? [];
  return {
    type: options.nullable ? ['object', 'null'] : 'object',
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(exclusive.length === 1 ? { not: { required: exclusive[0]!.map((name) => keyOf(name, table[name]!)) } } : {}),
    ...(exclusive.length > 1
      ? { allOf: exclusive.map((pair) => ({ not: { required: pair.map((name) => keyOf(name, table[name]!)) } })) }
      : {}),
    properties,
  };
}

/** The type and bounds of a value of `p`. */
function valueSchema(p: Exclude<Param, { kind: 'nested' }>): JsonObject {
  switch (p.kind) {
    case 'duration':
      return { $ref: '#/$defs/duration' };
    case 'rate':
      return { $ref: '#/$defs/rate' };
    case 'bytes':
    case 'byte-count':
      return { $ref: '#/$defs/bytes' };
    case 'probability':
      return { type: ['string', 'number'], minimum: 0, maximum: 1 };
    case 'integer':
      return { type: 'integer', minimum: p.min, maximum: p.max };
    case 'flag':
      return { type: 'boolean' };
    case 'text':
      return { type: 'string', ...(p.pattern !== undefined ? { pattern: p.pattern.source } : {}) };
    case 'choice':
      return { enum: [...p.values] };
    case 'limit':
      return { type: ['integer', 'string'], minimum: 0, maximum: p.maxPackets };
    case 'text-map':
      return textMapSchema(p);
  }
}

/** A text map: its names by pattern, the refused ones excluded; values any scalar but null (taken as written). */
function textMapSchema(p: TextMapParam): JsonObject {
  const refused = (p.refused ?? []).map((r): JsonObject =>
    r.prefix === true ? { pattern: `^${escapeRegExp(r.name)}` } : { const: r.name },
  );
  return {
    type: 'object',
    propertyNames: { pattern: p.names.source, ...(refused.length > 0 ? { not: { anyOf: refused } } : {}) },
    additionalProperties: { type: ['string', 'number', 'boolean'] },
  };
}

/** `text` as a regular expression that matches it literally. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The doc line, with the bounds the schema cannot state and the default. */
function describe(p: Param): string {
  const bounds = boundsText(p);
  return `${p.doc}${bounds !== '' ? `; ${bounds}` : ''}${defaultText(p)}`;
}

/** Bounds of values with units, which JSON Schema's minimum and maximum cannot check. */
function boundsText(p: Param): string {
  if (p.kind === 'duration' && p.positive) return 'more than 0';
  if (p.kind === 'bytes') {
    return p.max === null ? `at least ${p.min} byte${p.min === 1n ? '' : 's'}` : `${p.min}..${p.max} bytes`;
  }
  if (p.kind === 'byte-count') return `${p.min}..${p.max} bytes`;
  if (p.kind === 'text-map') {
    const refused = (p.refused ?? []).map((r) => `${r.name}${r.prefix === true ? '*' : ''}`);
    return `names: ${p.namesWhat}${refused.length > 0 ? `, except ${refused.join(', ')}` : ''}; values: strings (a number or true/false as written)`;
  }
  return '';
}

/** " (default X)", " (default: what null means)", or nothing for a required key or a structure. */
function defaultText(p: Param): string {
  if (p.kind === 'nested' || p.default === undefined) return '';
  if (p.default === null) return ` (default: ${p.unset ?? 'none'})`;
  return ` (default ${valueText(p, p.default)})`;
}

/** A default as a file would write it. */
function valueText(p: Param, value: unknown): string {
  switch (p.kind) {
    case 'duration':
      return value === 0n ? '0s' : withUnit(value as bigint, DURATION_UNITS, 'ns');
    case 'rate':
      return withUnit(value as bigint, RATE_UNITS, 'bps');
    case 'bytes':
    case 'byte-count':
      return withUnit(BigInt(value as bigint | number), SIZE_UNITS, '');
    case 'limit': {
      const limit = value as { queuePackets: number | null; queueBytes: bigint | null };
      return limit.queueBytes !== null ? withUnit(limit.queueBytes, SIZE_UNITS, 'B') : `${limit.queuePackets} packets`;
    }
    case 'text-map':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

const DURATION_UNITS: ReadonlyArray<readonly [bigint, string]> = [
  [3_600_000_000_000n, 'h'],
  [60_000_000_000n, 'm'],
  [1_000_000_000n, 's'],
  [1_000_000n, 'ms'],
  [1_000n, 'us'],
];
const RATE_UNITS: ReadonlyArray<readonly [bigint, string]> = [
  [1_000_000_000n, 'Gbps'],
  [1_000_000n, 'Mbps'],
  [1_000n, 'kbps'],
];
const SIZE_UNITS: ReadonlyArray<readonly [bigint, string]> = [
  [1n << 30n, 'GiB'],
  [1n << 20n, 'MiB'],
  [1n << 10n, 'KiB'],
];

/** `n` in the largest unit that divides it ("100ms", "128KiB"), else in `base`. */
function withUnit(n: bigint, units: ReadonlyArray<readonly [bigint, string]>, base: string): string {
  const unit = units.find(([factor]) => n !== 0n && n % factor === 0n);
  return unit !== undefined ? `${n / unit[0]}${unit[1]}` : `${n}${base}`;
}
