// SPDX-License-Identifier: GPL-2.0-only
/**
 * The JSON files of a results directory (summary.json, run.json): one way to
 * write them, bigints included, whole or not at all.
 */
import { writeFileAtomically } from './atomic-file';

/**
 * Writes a result file as JSON (summary.json, run.json): first to
 * `path.partial`, then renamed, so the file only ever exists for a run
 * that finished (writeFileAtomically).  Keys keep the order the value was built in, and bigints
 * (nanoseconds, byte counts) are written as JSON numbers when exact, else
 * as strings.
 */
export function writeJson(path: string, value: unknown): void {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') {
        return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
      }
      return v;
    },
    2,
  );
  writeFileAtomically(path, `${text}\n`);
}
