// SPDX-License-Identifier: GPL-2.0-only
/**
 * JUnit XML for `libsim test --junit FILE`: one testsuite per topology
 * file, one testcase per check; a failed check's testcase holds a
 * <failure> with the message and the expected and actual values.
 */
import { writeFileSync } from 'node:fs';
import { formatTime } from '../core/time';
import type { CheckResult } from './check-result';

/** The checks of one topology file, or why it could not run them. */
export interface SuiteResult {
  readonly file: string;
  readonly checks: readonly CheckResult[];
  /** Set when the file failed to load or run: its checks are then failures. */
  readonly error: string | null;
}

/** The JUnit XML document of `suites`. */
export function junitXml(suites: readonly SuiteResult[]): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = suites.reduce((n, s) => n + cases(s), 0);
  const failures = suites.reduce((n, s) => n + failed(s), 0);
  out.push(`<testsuites name="libsim test" tests="${total}" failures="${failures}">`);
  for (const s of suites) {
    out.push(`  <testsuite name="${esc(s.file)}" tests="${cases(s)}" failures="${failed(s)}">`);
    if (s.error !== null && s.checks.length === 0) {
      out.push(`    <testcase classname="${esc(s.file)}" name="load"><failure message="${esc(s.error)}"/></testcase>`);
    }
    for (const c of s.checks) {
      const name = `<testcase classname="${esc(s.file)}" name="${esc(c.description)}"`;
      if (c.ok) {
        out.push(`    ${name}/>`);
        continue;
      }
      const text = [
        `node: ${c.node ?? '-'}`,
        `time: ${formatTime(c.time_ns)}`,
        `expected: ${JSON.stringify(c.expected)}`,
        `actual: ${JSON.stringify(c.actual)}`,
      ].join('\n');
      out.push(`    ${name}><failure message="${esc(c.message ?? '')}">${esc(text)}</failure></testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/** Writes junitXml(suites) to `path`. */
export function writeJunit(path: string, suites: readonly SuiteResult[]): void {
  writeFileSync(path, junitXml(suites));
}

function cases(s: SuiteResult): number {
  return s.error !== null && s.checks.length === 0 ? 1 : s.checks.length;
}

function failed(s: SuiteResult): number {
  return s.error !== null && s.checks.length === 0 ? 1 : s.checks.filter((c) => !c.ok).length;
}

function esc(text: string): string {
  // Control characters other than tab and newline are not allowed in XML 1.0.
  return (
    text
      .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}
