// SPDX-License-Identifier: GPL-2.0-only
/**
 * Parameter declarations: how a model (a link, an app, a node) states the settings it takes -- kind and
 * unit, default, bounds and one line of documentation -- in its own file, as ns-3 declares attributes on
 * its models.  A model's table is the one declaration of its keys: the model derives its TypeScript type
 * from it (ParamsOf) and applies its defaults (withDefaults, param-defaults.ts); the topology loader reads
 * and checks a file's keys by it; the JSON Schema is generated from it; and the model can check values it
 * is handed by it (paramProblem, param-check.ts).
 *
 * Declarations are plain data: nothing here reads YAML or knows a file.  The kinds are a closed set, so
 * that the loader, the schema and the checks each handle every kind (a switch TypeScript checks).
 */

/** What every declaration has. */
interface ParamCommon {
  /** One line for the schema: what the setting is (its default is added from `default`). */
  readonly doc: string;
  /** The key as a file spells it, when not the property's name (`allow-fail` for `allowFail`). */
  readonly key?: string;
  /** The key must be given: what to say when it is missing (reported at the entry that lacks it). */
  readonly required?: string;
  /** What the default null means, for the schema ("the kernel's, 64"). */
  readonly unset?: string;
}

/** A declaration of kind K whose values are V. */
interface Declared<K extends string, V> extends ParamCommon {
  readonly kind: K;
  /** The value when the key is not given; null: not set (see `unset`); absent: `required`. */
  readonly default?: V | null;
}

/** A time or duration in ns ("5ms"); at least 0, or more than 0 when `positive`. */
export interface DurationParam extends Declared<'duration', bigint> {
  readonly positive?: boolean;
}

/** A rate in bit/s ("100Mbps"), more than 0. */
export type RateParam = Declared<'rate', bigint>;

/** A byte count as a bigint: a bare number of bytes or a size with its unit ("64KiB"); `max` null: any size. */
export interface BytesParam extends Declared<'bytes', bigint> {
  readonly min: bigint;
  readonly max: bigint | null;
}

/** A byte count small enough for a number (a write size, a datagram), written as for {@link BytesParam}. */
export interface ByteCountParam extends Declared<'byte-count', number>, Bounds {}

/** A probability: a fraction ("0.01") or a percentage ("1%"), 0..1. */
export type ProbabilityParam = Declared<'probability', number>;

/** An integer in [min, max]. */
export interface IntegerParam extends Declared<'integer', number>, Bounds {}

/** true or false. */
export type FlagParam = Declared<'flag', boolean>;

/** A string; with a pattern, one that matches it (`what` then says what it should be, for the message). */
export interface TextParam extends Declared<'text', string> {
  readonly pattern?: RegExp;
  readonly what?: string;
}

/** One of a few words. */
export interface ChoiceParam<C extends string = string> extends Declared<'choice', C> {
  readonly values: readonly C[];
}

/** A queue limit: packets (a bare integer, 0..maxPackets) or bytes (a size, "64KB"). */
export interface LimitParam extends Declared<'limit', QueueLimit> {
  readonly maxPackets: number;
}

/** Names a {@link TextMapParam} refuses: one exact name, or every name that starts with a prefix. */
export interface RefusedNames {
  /** The name (`LD_PRELOAD`), or the prefix when `prefix` is set (`LIBSIM_`). */
  readonly name: string;
  readonly prefix?: boolean;
  /** Why, after "NAME may not be set: " in the message. */
  readonly why: string;
}

/** What a {@link TextMapParam} holds: names to strings, in the order the file wrote them. */
export type TextMap = Readonly<Record<string, string>>;

/**
 * A mapping of names to strings (a program's environment).  Each name matches `names` (`namesWhat`
 * says what that is, for the message) and is none of `refused`; each value is a string without NUL
 * (values go to C strings).  A file may write a number or true/false as a value: it is taken as
 * written (`1.50` is "1.50"); an empty value (null) is refused, `""` is the empty string.
 */
export interface TextMapParam extends Declared<'text-map', TextMap> {
  readonly names: RegExp;
  readonly namesWhat: string;
  readonly refused?: readonly RefusedNames[];
}

/**
 * A key whose value is a structure of its own (a list of routes, a map of interfaces): declared here so
 * that the table lists every key of the entry and documents it, but read by the loader's own code and
 * described by the schema generator, not typed here.
 */
export interface NestedParam extends ParamCommon {
  readonly kind: 'nested';
}

/** Inclusive bounds of a number. */
interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** A queue limit in packets, or in bytes when `queueBytes` is set (the other is then null). */
export interface QueueLimit {
  readonly queuePackets: number | null;
  readonly queueBytes: bigint | null;
}

/** Any declaration. */
export type Param =
  | DurationParam
  | RateParam
  | BytesParam
  | ByteCountParam
  | ProbabilityParam
  | IntegerParam
  | FlagParam
  | TextParam
  | ChoiceParam
  | LimitParam
  | TextMapParam
  | NestedParam;

/** A model's parameters by property name, in the order a file's keys are listed in messages and the schema. */
export type ParamTable = Readonly<Record<string, Param>>;

/** The values of declarations of kind K (never for a nested key). */
type KindValue<K extends Param['kind']> = Extract<Param, { readonly kind: K }> extends Declared<K, infer V> ? V : never;

/** The value a declaration takes when given: its kind's (a choice's own words). */
export type GivenValue<P extends Param> = P extends { readonly kind: 'choice'; readonly values: readonly (infer C)[] }
  ? C
  : KindValue<P['kind']>;

/** The value a declaration has once defaults are applied: null too when that is its default. */
export type ParamValue<P extends Param> = GivenValue<P> | (P extends { readonly default: null } ? null : never);

/** The keys of a table that hold values (not nested structures). */
export type ValueKeys<T extends ParamTable> = { [K in keyof T]: T[K] extends NestedParam ? never : K }[keyof T];

/** The keys of a table that must be given. */
type RequiredKeys<T extends ParamTable> = {
  [K in keyof T]: T[K] extends { readonly required: string } ? K : never;
}[keyof T];

/** The nested keys of a table (their values are read by the loader's own code). */
export type NestedKeys<T extends ParamTable> = Exclude<keyof T, ValueKeys<T>>;

/** What a file gave for a table: the required values, and the others when given. */
export type Given<T extends ParamTable> = {
  readonly [K in Exclude<ValueKeys<T>, RequiredKeys<T>>]?: GivenValue<T[K]>;
} & {
  readonly [K in Extract<RequiredKeys<T>, ValueKeys<T>>]: GivenValue<T[K]>;
};

/** A model's parameters, every default applied: the type a table declares. */
export type ParamsOf<T extends ParamTable> = { readonly [K in ValueKeys<T>]: ParamValue<T[K]> };

/** The key a file writes for property `name` of `p`. */
export function keyOf(name: string, p: Param): string {
  return p.key ?? name;
}

/**
 * What is wrong with `name` as a name of text map `p`, to follow the quoted name ("is not an
 * environment variable name ...", "may not be set: ..."), or null when it may be given.  One rule for
 * the loader and for paramProblem.
 */
export function textMapNameProblem(p: TextMapParam, name: string): string | null {
  if (!p.names.test(name)) return `is not ${p.namesWhat}`;
  const refused = p.refused?.find((r) => (r.prefix === true ? name.startsWith(r.name) : name === r.name));
  return refused === undefined ? null : `may not be set: ${refused.why}`;
}

/** Options of a declaration, as its constructor takes them. */
type Options<P extends Param> = Omit<P, 'kind'>;

/** The constructor of declarations of `kind`; `const` keeps literal defaults (null) in the declared type. */
function declare<K extends Param['kind']>(
  kind: K,
): <const O extends Options<Extract<Param, { readonly kind: K }>>>(o: O) => O & { readonly kind: K } {
  return (o) => ({ kind, ...o });
}

/** A duration parameter. */
export const duration = declare('duration');
/** A rate parameter. */
export const rate = declare('rate');
/** A byte count held as a bigint. */
export const bytes = declare('bytes');
/** A byte count held as a number. */
export const byteCount = declare('byte-count');
/** A probability parameter. */
export const probability = declare('probability');
/** An integer parameter. */
export const integer = declare('integer');
/** A true/false parameter. */
export const flag = declare('flag');
/** A string parameter. */
export const text = declare('text');
/** A parameter that is one of `values`. */
export const choice = declare('choice');
/** A queue limit parameter. */
export const limit = declare('limit');
/** A mapping of names to strings. */
export const textMap = declare('text-map');
/** A key holding a structure the loader reads itself. */
export const nested = declare('nested');
