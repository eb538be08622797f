// SPDX-License-Identifier: GPL-2.0-only
/**
 * TAP (version 13) for `libsim test`: one `ok`/`not ok` line per check,
 * and after a failure a YAML diagnostic block with the message, node,
 * time, expected and actual.
 */
import { stringify } from 'yaml';
import { oneLine } from '../core/quote';
import { formatTime } from '../core/time';
import type { CheckResult } from './check-result';

/** The TAP line (and diagnostic block) of check number `n` of `file`. */
export function tapLine(n: number, file: string, c: CheckResult): string {
  const head = `${c.ok ? 'ok' : 'not ok'} ${n} - ${escapeDescription(file)}: ${escapeDescription(c.description)}\n`;
  if (c.ok) return head;
  const diag = stringify(
    {
      message: c.message,
      node: c.node,
      time: formatTime(c.time_ns),
      expected: c.expected,
      actual: c.actual,
    },
    { lineWidth: 0 },
  );
  return `${head}  ---\n${diag
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n  ...\n`;
}

/** A `not ok` line for something that failed before or instead of its checks (a file that does not load). */
export function tapError(n: number, file: string, description: string, message: string): string {
  const diag = stringify({ message }, { lineWidth: 0 });
  return `not ok ${n} - ${escapeDescription(file)}: ${escapeDescription(description)}\n  ---\n${diag
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n  ...\n`;
}

/** A failed check as `libsim run` prints it on stderr. */
export function formatFailedCheck(c: CheckResult): string {
  const where = c.node !== null ? `node ${c.node} at ${formatTime(c.time_ns)}` : `at ${formatTime(c.time_ns)}`;
  return (
    `check failed: ${oneLine(c.description)} (${where}): ${oneLine(c.message ?? '')}\n` +
    `  expected: ${oneLine(JSON.stringify(c.expected))}\n  actual: ${oneLine(JSON.stringify(c.actual))}`
  );
}

/**
 * A test line's text: `#` starts a TAP directive, escaped as TAP 13 says; a line break or other control
 * character would end or rewrite the line, escaped as JSON escapes it.
 */
function escapeDescription(text: string): string {
  return oneLine(text.replace(/\\/g, '\\\\').replace(/#/g, '\\#'));
}
