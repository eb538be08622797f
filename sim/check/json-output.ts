// SPDX-License-Identifier: GPL-2.0-only
/**
 * A command's stdout as the JSON value `json:` and `expect:` of a command
 * check are judged against.
 *
 * Most tools print one JSON text (`ip -j route`: one array).  Batch modes
 * print one text per command, each on its own line (`ip -j -batch -`:
 * one array per `route get`), which is no JSON text as a whole; such an
 * output is read as the array of its texts, in order, so that the checks'
 * array matching applies to the commands' results ("at least 8 of these
 * 32 lookups name this gateway").  A stdout that parses as one text is
 * that text, exactly as before: one command in a batch is not wrapped.
 */

/** The parsed stdout, or why it is not JSON. */
export type JsonOutput =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

/** Parses `stdout` as one JSON text or, failing that, as one JSON text per non-blank line. */
export function parseJsonOutput(stdout: string): JsonOutput {
  let whole: string;
  try {
    return { ok: true, value: JSON.parse(stdout) as unknown };
  } catch (err) {
    whole = (err as Error).message;
  }
  const lines = stdout
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter((l) => l.text.trim() !== '');
  if (lines.length < 2) return { ok: false, reason: `stdout is not JSON: ${whole}` };
  const values: unknown[] = [];
  for (const l of lines) {
    try {
      values.push(JSON.parse(l.text));
    } catch (err) {
      return {
        ok: false,
        reason: `stdout is not JSON, nor one JSON text per line (line ${l.line}: ${(err as Error).message})`,
      };
    }
  }
  return { ok: true, value: values };
}
