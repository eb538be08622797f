// SPDX-License-Identifier: GPL-2.0-only
/**
 * Judges checks: a command's result against `json`/`match`/`stderr`/`exit`,
 * an app's result or a link's counters against `expect`.  Pure functions:
 * the simulation runs the commands and collects the results.
 */
import type { CommandResult } from '../../apps/command-runner';
import type { AppCheckSpec, CommandCheckSpec, Expectation, LinkCheckSpec } from '../topology/topology';
import type { CheckResult } from './check-result';
import { parseJsonOutput } from './json-output';
import { subsetMismatch } from './subset-match';

/** The description of a check in TAP and summary.json. */
export function describeCheck(spec: CommandCheckSpec | AppCheckSpec | LinkCheckSpec, subject = ''): string {
  if (spec.name !== null)
    return spec.name;
  switch (spec.kind) {
    case 'command':
      return `${spec.node} at ${formatSeconds(spec.at)}: ${spec.cmd}`;
    case 'app':
      return `app ${spec.app}${subject ? ` (${subject})` : ''}: ${spec.expect.map(describeExpect).join(', ')}`;
    case 'link':
      return `link ${spec.link}: ${spec.expect.map(describeExpect).join(', ')}`;
  }
}

/** Judges a command check from the command's result (null: it could not run, `why`). */
export function judgeCommand(spec: CommandCheckSpec, r: CommandResult | null, why = ''): CheckResult {
  const base = { description: describeCheck(spec), kind: 'command' as const, node: spec.node, time_ns: spec.at };
  const fail = (message: string, expected: unknown, actual: unknown): CheckResult =>
    ({ ...base, ok: false, message, expected, actual });
  if (r === null)
    return fail(`the command did not run: ${why}`, { exit: spec.exit }, null);
  if (r.exit !== spec.exit) {
    const status = r.exit !== null ? r.exit : `killed by ${r.signal}`;
    return fail(`exit status ${status}, expected ${spec.exit}`, { exit: spec.exit },
      { exit: r.exit, signal: r.signal, stderr: r.stderr });
  }
  if (spec.json !== undefined) {
    const parsed = parseJsonOutput(r.stdout);
    if (!parsed.ok)
      return fail(parsed.reason, { json: spec.json }, { stdout: r.stdout });
    const m = subsetMismatch(spec.json, parsed.value);
    if (m !== null)
      return fail(`json${m.path}: ${m.reason}`, spec.json, parsed.value);
  }
  if (spec.match !== null && !new RegExp(spec.match, 'm').test(r.stdout))
    return fail(`stdout does not match /${spec.match}/m`, { match: spec.match }, { stdout: r.stdout });
  if (spec.stderr !== null && !new RegExp(spec.stderr, 'm').test(r.stderr))
    return fail(`stderr does not match /${spec.stderr}/m`, { stderr: spec.stderr }, { stderr: r.stderr });
  return { ...base, ok: true, message: null, expected: null, actual: null };
}

/**
 * Judges an app or link check against `subject` (the app's result or the
 * link's directions) at `end`.
 */
export function judgeExpect(
  spec: AppCheckSpec | LinkCheckSpec, subject: unknown, node: string | null, end: bigint, label = '',
): CheckResult {
  const base = { description: describeCheck(spec, label), kind: spec.kind, node, time_ns: end };
  for (const [path, want] of spec.expect) {
    const got = lookup(subject, path);
    const failure = judgeValue(want, got);
    if (failure !== null)
      return { ...base, ok: false, message: `${path}: ${failure}`, expected: { [path]: expectedValue(want) }, actual: { [path]: got ?? null } };
  }
  return { ...base, ok: true, message: null, expected: null, actual: null };
}

function judgeValue(want: Expectation, got: unknown): string | null {
  if (got === undefined)
    return 'no such key';
  if (want.kind === 'equal') {
    const m = subsetMismatch(want.value, got);
    return m === null ? null : `${m.path ? `${m.path}: ` : ''}${m.reason}`;
  }
  if (typeof got !== 'number')
    return `expected a number, found ${JSON.stringify(got)}`;
  if (want.min !== null && got < want.min)
    return `${got} is below the minimum ${want.min}`;
  if (want.max !== null && got > want.max)
    return `${got} is above the maximum ${want.max}`;
  return null;
}

function expectedValue(want: Expectation): unknown {
  if (want.kind === 'equal')
    return want.value;
  return { ...(want.min !== null ? { min: want.min } : {}), ...(want.max !== null ? { max: want.max } : {}) };
}

/** Follows a dotted path (`streams.0.lost`, `icmpErrors.length`) through objects and arrays; undefined when absent. */
function lookup(root: unknown, path: string): unknown {
  let v: unknown = root;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object')
      return undefined;
    if (Array.isArray(v)) {
      if (part === 'length') {
        v = v.length;
        continue;
      }
      if (!/^\d+$/.test(part))
        return undefined;
      v = v[Number(part)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(v, part))
        return undefined;
      v = (v as Record<string, unknown>)[part];
    }
  }
  return typeof v === 'bigint' ? Number(v) : v;
}

function describeExpect([path, want]: readonly [string, Expectation]): string {
  if (want.kind === 'equal')
    return `${path} = ${JSON.stringify(want.value)}`;
  if (want.min !== null && want.max !== null)
    return want.min === want.max ? `${path} = ${want.min}` : `${want.min} <= ${path} <= ${want.max}`;
  return want.min !== null ? `${path} >= ${want.min}` : `${path} <= ${want.max}`;
}

/** Seconds with only the digits needed: `2s`, `1.5s`. */
function formatSeconds(ns: bigint): string {
  const s = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return frac === '' ? `${s}s` : `${s}.${frac}s`;
}
