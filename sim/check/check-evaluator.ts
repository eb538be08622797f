// SPDX-License-Identifier: GPL-2.0-only
/**
 * Judges checks: a command's result against `exit`/`json`/`expect`/
 * `match`/`stderr`, an app's result or a link's counters against
 * `expect`.  Functions of their arguments alone, but for a regular
 * expression that runs past its wall-clock bound (bounded-regex.ts): the
 * simulation runs the commands and collects the results.
 */
import type { CommandResult } from '../exec/command-runner';
import type { AppCheckSpec, CommandCheckSpec, LinkCheckSpec } from '../topology/topology';
import { REGEX_BOUND_MS, testRegex } from './bounded-regex';
import type { CheckResult } from './check-result';
import { describeExpect, expectedOf, judgeExpectations } from './expectation';
import { parseJsonOutput } from './json-output';
import { subsetMismatch } from './subset-match';

/** The description of a check in TAP and summary.json. */
export function describeCheck(spec: CommandCheckSpec | AppCheckSpec | LinkCheckSpec, subject = ''): string {
  if (spec.name !== null) return spec.name;
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
  const fail = (message: string, expected: unknown, actual: unknown): CheckResult => ({
    ...base,
    ok: false,
    message,
    expected,
    actual,
  });
  if (r === null) return fail(`the command did not run: ${why}`, { exit: spec.exit }, null);
  if (r.exit !== spec.exit) {
    const status = r.exit !== null ? r.exit : `killed by ${r.signal}`;
    return fail(
      `exit status ${status}, expected ${spec.exit}`,
      { exit: spec.exit },
      { exit: r.exit, signal: r.signal, stderr: r.stderr },
    );
  }
  if (spec.json !== undefined || spec.expect.length > 0) {
    const parsed = parseJsonOutput(r.stdout);
    if (!parsed.ok) {
      return fail(parsed.reason, spec.json !== undefined ? { json: spec.json } : { expect: expectedOf(spec.expect) }, {
        stdout: r.stdout,
      });
    }
    if (spec.json !== undefined) {
      const m = subsetMismatch(spec.json, parsed.value);
      if (m !== null) return fail(`json${m.path}: ${m.reason}`, spec.json, parsed.value);
    }
    const e = judgeExpectations(spec.expect, parsed.value);
    if (e !== null) return fail(`expect: ${e.message}`, e.expected, e.actual);
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const pattern = stream === 'stdout' ? spec.match : spec.stderr;
    if (pattern === null) continue;
    const outcome = testRegex(pattern, 'm', r[stream]);
    if (outcome === 'match') continue;
    const expected = stream === 'stdout' ? { match: pattern } : { stderr: pattern };
    return fail(
      outcome === 'timeout'
        ? `${stream}: /${pattern}/m did not finish within ${REGEX_BOUND_MS / 1000} s (a pattern that backtracks without end?)`
        : `${stream} does not match /${pattern}/m`,
      expected,
      { [stream]: r[stream] },
    );
  }
  return { ...base, ok: true, message: null, expected: null, actual: null };
}

/**
 * Judges an app or link check against `subject` (the app's result or the
 * link's directions) at `end`.
 */
export function judgeExpect(
  spec: AppCheckSpec | LinkCheckSpec,
  subject: unknown,
  node: string | null,
  end: bigint,
  label = '',
): CheckResult {
  const base = { description: describeCheck(spec, label), kind: spec.kind, node, time_ns: end };
  const e = judgeExpectations(spec.expect, subject);
  if (e !== null) return { ...base, ok: false, ...e };
  return { ...base, ok: true, message: null, expected: null, actual: null };
}

/** Seconds with only the digits needed: `2s`, `1.5s`. */
function formatSeconds(ns: bigint): string {
  const s = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return frac === '' ? `${s}s` : `${s}.${frac}s`;
}
