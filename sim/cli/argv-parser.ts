// SPDX-License-Identifier: GPL-2.0-only
/**
 * Commands, their arguments and options, parsed from argv with Node's own
 * util.parseArgs, and their help text.
 *
 * Declarative like a CLI library, but our own: yargs cost ~27 ms of every
 * command's start (loading it, then caching its help text on every
 * parse), measured against calling the command directly -- about 3% of a
 * 10 s two-node TCP run.  Every mistake is one line naming the command
 * and what to fix.
 */
import { parseArgs } from 'node:util';
import { quote, quoteIfNeeded } from '../core/quote';
import { UsageError } from './usage-error';

/** An option: `--name VALUE` (string) or `--name` / `--no-name` (boolean). */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly describe: string;
  /** The value's name in help, e.g. DIR (string options; default VALUE). */
  readonly value?: string;
  readonly default?: string | boolean;
  /** The values a string option accepts. */
  readonly choices?: readonly string[];
}

/** A positional argument; a variadic one takes all that remain (at least one). */
export interface PositionalSpec {
  readonly name: string;
  readonly describe: string;
  readonly variadic?: boolean;
}

/** A command: `program name POSITIONALS [options] [-- REST]`. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Arguments after `--`, for a command that takes them: their usage and meaning. */
  readonly rest?: { readonly usage: string; readonly describe: string };
}

/** What a command line asks for. */
export type CommandLine =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' }
  | { readonly kind: 'command'; readonly command: ParsedCommand };

/** A command with its arguments checked against its spec and defaults filled in. */
export class ParsedCommand {
  /** @internal */
  constructor(
    readonly spec: CommandSpec,
    private readonly values: ReadonlyMap<string, string | boolean | readonly string[]>,
    /** The arguments after `--` (empty when none). */
    readonly rest: readonly string[],
  ) {}

  /** A string option's value, or undefined when not given and without default. */
  string(option: string): string | undefined {
    this.declared(option, 'string');
    return this.values.get(option) as string | undefined;
  }

  /** A boolean option's value (its default when not given, else false). */
  flag(option: string): boolean {
    this.declared(option, 'boolean');
    return this.values.get(option) === true;
  }

  /** A single positional argument (always present once parsed). */
  positional(name: string): string {
    return this.positionalValue(name, false) as string;
  }

  /** A variadic positional argument's values (at least one). */
  positionals(name: string): readonly string[] {
    return this.positionalValue(name, true) as readonly string[];
  }

  private positionalValue(name: string, variadic: boolean): string | readonly string[] | undefined {
    const p = this.spec.positionals.find((x) => x.name === name);
    if (p === undefined || (p.variadic ?? false) !== variadic) {
      throw new Error(`${this.spec.name}: no ${variadic ? 'variadic ' : ''}positional ${name}`);
    }
    return this.values.get(`<${name}>`) as string | readonly string[];
  }

  private declared(option: string, type: OptionSpec['type']): void {
    if (optionSpec(this.spec, option)?.type !== type) {
      throw new Error(`${this.spec.name}: no ${type} option --${option}`);
    }
  }
}

/** The spec of option `name`; own properties only (`--constructor` is no option). */
function optionSpec(spec: CommandSpec, name: string): OptionSpec | undefined {
  return Object.hasOwn(spec.options, name) ? spec.options[name] : undefined;
}

/**
 * Parses `argv` (without node and script): a command and its arguments,
 * `--help` / `-h` (for the program or one command) or `--version`.
 * @throws UsageError naming the command and what is wrong
 */
export function parseCommandLine(
  program: string,
  commands: readonly CommandSpec[],
  argv: readonly string[],
): CommandLine {
  const dash = argv.indexOf('--');
  const args = dash < 0 ? argv : argv.slice(0, dash);
  const rest = dash < 0 ? [] : argv.slice(dash + 1);
  const names = commands.map((c) => c.name).join(', ');
  const first = args[0];
  if (first === '--help' || first === '-h') return { kind: 'help', text: programHelp(program, commands) };
  if (first === '--version') return { kind: 'version' };
  if (first === undefined) throw new UsageError(`name a command: ${names} (${program} --help)`);
  const spec = commands.find((c) => c.name === first);
  if (spec === undefined) {
    throw new UsageError(
      first.startsWith('-')
        ? `name a command before options: ${names}`
        : `unknown command ${quote(first)}: one of ${names}`,
    );
  }
  const own = args.slice(1);
  if (own.includes('--help') || own.includes('-h')) return { kind: 'help', text: commandHelp(program, spec) };
  if (rest.length > 0 && spec.rest === undefined) throw new UsageError(`${spec.name}: takes no arguments after --`);
  return { kind: 'command', command: parseCommand(program, spec, own, rest) };
}

function parseCommand(
  program: string,
  spec: CommandSpec,
  args: readonly string[],
  rest: readonly string[],
): ParsedCommand {
  const config: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const [name, o] of Object.entries(spec.options)) {
    config[name] = { type: o.type };
    if (o.type === 'boolean') config[`no-${name}`] = { type: 'boolean' };
  }
  const { tokens } = parseArgs({
    args: [...args],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string | boolean | readonly string[]>();
  const given: string[] = [];
  const fail = (what: string): never => {
    throw new UsageError(`${spec.name}: ${what}`);
  };
  for (const t of tokens) {
    if (t.kind === 'positional') {
      given.push(t.value);
      continue;
    }
    if (t.kind !== 'option') continue;
    const negated = t.name.startsWith('no-') && optionSpec(spec, t.name.slice(3))?.type === 'boolean';
    const name = negated ? t.name.slice(3) : t.name;
    const o = optionSpec(spec, name);
    if (o === undefined) {
      fail(`unknown option ${quoteIfNeeded(t.rawName)} (${program} ${spec.name} --help lists them)`);
    } else if (o.type === 'boolean') {
      if (t.value !== undefined) fail(`${t.rawName} takes no value${negated ? '' : ` (--no-${name} turns it off)`}`);
      values.set(name, !negated);
    } else {
      const v = t.value;
      if (v === undefined) {
        fail(`${t.rawName} needs a value`);
      } else if (!t.inlineValue && v.startsWith('-')) {
        fail(
          `${t.rawName} needs a value, not the option ${quoteIfNeeded(v)} (write ${t.rawName}=${quoteIfNeeded(v)} if that is the value)`,
        );
      } else if (values.has(name)) {
        fail(`${t.rawName} given twice`);
      } else if (o.choices !== undefined && !o.choices.includes(v)) {
        fail(`${t.rawName} ${quoteIfNeeded(v)}: one of ${o.choices.join(', ')}`);
      } else {
        values.set(name, v);
      }
    }
  }
  for (const [name, o] of Object.entries(spec.options)) {
    if (!values.has(name) && o.default !== undefined) values.set(name, o.default);
  }
  for (const p of spec.positionals) {
    if (given.length === 0) fail(`missing ${argName(p)} (${usage(program, spec)})`);
    values.set(`<${p.name}>`, p.variadic === true ? given.splice(0) : given.shift()!);
  }
  if (given.length > 0) fail(`unexpected argument ${quote(given[0]!)} (${usage(program, spec)})`);
  return new ParsedCommand(spec, values, rest);
}

function argName(p: PositionalSpec): string {
  return `${p.name.toUpperCase()}${p.variadic === true ? '...' : ''}`;
}

/** `name POSITIONALS [[options]] [-- REST]`. */
function commandLine(spec: CommandSpec, withOptions: boolean): string {
  const rest = spec.rest === undefined ? [] : ['--', spec.rest.usage];
  return [spec.name, ...spec.positionals.map(argName), ...(withOptions ? ['[options]'] : []), ...rest].join(' ');
}

function usage(program: string, spec: CommandSpec): string {
  return `${program} ${commandLine(spec, true)}`;
}

/** Rows of two columns, the first padded to a common width. */
function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`.trimEnd());
}

/** The program's help: its commands, one line each. */
function programHelp(program: string, commands: readonly CommandSpec[]): string {
  return [
    `${program} <command> [options]`,
    '',
    'Commands:',
    ...table(commands.map((c) => [commandLine(c, false), c.summary])),
    '',
    `${program} <command> --help shows a command's options; ${program} --version its version.`,
  ].join('\n');
}

/** A command's help: usage, arguments, options with their defaults and choices. */
function commandHelp(program: string, spec: CommandSpec): string {
  const args: Array<[string, string]> = spec.positionals.map((p) => [argName(p), p.describe]);
  if (spec.rest !== undefined) args.push([`-- ${spec.rest.usage}`, spec.rest.describe]);
  const options: Array<[string, string]> = Object.entries(spec.options).map(([name, o]) => {
    const left =
      o.type === 'string' ? `--${name} ${o.value ?? 'VALUE'}` : o.default === true ? `--[no-]${name}` : `--${name}`;
    const notes: string[] = [];
    if (o.choices !== undefined) notes.push(`one of ${o.choices.join(', ')}`);
    if (typeof o.default === 'string') notes.push(`default ${o.default}`);
    if (o.default === true) notes.push('on by default');
    return [left, notes.length > 0 ? `${o.describe} (${notes.join('; ')})` : o.describe];
  });
  options.push(['--help, -h', 'this help']);
  return [
    usage(program, spec),
    '',
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    '',
    'Arguments:',
    ...table(args),
    '',
    'Options:',
    ...table(options),
  ].join('\n');
}
