// SPDX-License-Identifier: GPL-2.0-only
/**
 * `checks:` of a topology file: each entry is one of
 *
 * - `{ at, node, cmd, stdin?, json?, expect?, match?, stderr?, exit?,
 *   name? }` -- a real program run on the node at simulated time `at`,
 *   with `stdin` as its standard input (else /dev/null), `json` and
 *   `expect` judged against its parsed stdout;
 * - `{ app, expect, name? }` -- the result of app number `app` (0-based,
 *   file order) at the end of the run;
 * - `{ link, expect, name? }` -- a link's counters at the end of the run.
 *
 * `expect` is read by expect-loader.ts.
 */
import { splitCommand } from './command-words';
import { quote } from '../core/quote';
import { RANGE_KEYS, readExpect, SAME_KEYS } from './expect-loader';
import type { AppSpecBase } from './app-kind';
import type { CheckSpec, LinkSpec, NodeSpec } from './topology';
import { parseDuration } from './units';
import type { YamlCursor } from './yaml-cursor';

const COMMAND_CHECK_KEYS = ['name', 'at', 'node', 'cmd', 'stdin', 'json', 'expect', 'match', 'stderr', 'exit'] as const;
const APP_CHECK_KEYS = ['name', 'app', 'expect'] as const;
const LINK_CHECK_KEYS = ['name', 'link', 'expect'] as const;

/** The keys of each kind of check (the JSON Schema must agree). */
export const CHECK_KEYS = {
  command: COMMAND_CHECK_KEYS,
  app: APP_CHECK_KEYS,
  link: LINK_CHECK_KEYS,
  range: RANGE_KEYS,
  same: SAME_KEYS,
} as const;

/** What the checks may refer to. */
export interface CheckContext {
  readonly nodes: readonly NodeSpec[];
  readonly links: readonly LinkSpec[];
  readonly apps: readonly AppSpecBase[];
}

/** The name summary.json and link checks use for a link: `a.node:a.iface-b.node:b.iface`. */
export function linkNameOf(spec: LinkSpec): string {
  return `${spec.a.node}:${spec.a.iface}-${spec.b.node}:${spec.b.iface}`;
}

/** Reads `checks:`; throws TopologyError at the offending entry. */
export function readChecks(at: YamlCursor | undefined, ctx: CheckContext): CheckSpec[] {
  if (!at?.present()) return [];
  return at.seq().map((entry) => readCheck(entry, ctx));
}

function readCheck(entry: YamlCursor, ctx: CheckContext): CheckSpec {
  const probe = entry.map(null);
  const base = (keys: Map<string, YamlCursor>): { name: string | null; path: string; line: number } => ({
    name: keys.get('name')?.string() ?? null,
    path: entry.path,
    line: entry.line(),
  });
  if (probe.has('app')) {
    const keys = entry.map(APP_CHECK_KEYS);
    const appAt = keys.get('app')!;
    if (ctx.apps.length === 0) throw appAt.error('there are no apps to check');
    const app = appAt.integer(0, ctx.apps.length - 1);
    return { kind: 'app', ...base(keys), app, expect: readExpect(entry, keys.get('expect'), true) };
  }
  if (probe.has('link')) {
    const keys = entry.map(LINK_CHECK_KEYS);
    const linkAt = keys.get('link')!;
    const link = linkAt.string();
    const names = ctx.links.map(linkNameOf);
    if (!names.includes(link)) throw linkAt.error(`no link ${quote(link)} (links: ${names.join(', ') || 'none'})`);
    return { kind: 'link', ...base(keys), link, expect: readExpect(entry, keys.get('expect'), true) };
  }
  if (!probe.has('cmd')) {
    throw entry.error(
      'a check is { at, node, cmd, json | expect | match | stderr | exit }, { app, expect } or { link, expect }',
    );
  }
  const keys = entry.map(COMMAND_CHECK_KEYS);
  const nodeAt = keys.get('node');
  const atAt = keys.get('at');
  if (!nodeAt || !atAt) throw entry.error('a command check needs at: and node:');
  const node = nodeAt.string();
  if (!ctx.nodes.some((n) => n.name === node)) throw nodeAt.error(`no node ${quote(node)}`);
  const cmdAt = keys.get('cmd')!;
  const jsonAt = keys.get('json');
  return {
    kind: 'command',
    ...base(keys),
    at: atAt.parsed(parseDuration),
    node,
    cmd: cmdAt.string(),
    argv: cmdAt.parsed(splitCommand),
    stdin: keys.get('stdin')?.string() ?? null,
    json: jsonAt ? jsonAt.toJs() : undefined,
    expect: readExpect(entry, keys.get('expect'), false),
    match: readRegex(keys.get('match')),
    stderr: readRegex(keys.get('stderr')),
    exit: keys.get('exit')?.integer(0, 255) ?? 0,
  };
}

/** A regular expression, compiled once here so that a bad one is an error at its line. */
function readRegex(at: YamlCursor | undefined): string | null {
  if (!at) return null;
  return at.parsed((text) => {
    new RegExp(text, 'm');
    return text;
  });
}
