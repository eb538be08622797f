// SPDX-License-Identifier: GPL-2.0-only
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes a run's summary as JSON: first to `path.partial`, then renamed,
 * so a summary.json only ever exists for a run that finished.  Keys keep
 * the order the summary was built in, and bigints (nanoseconds, byte
 * counts) are written as JSON numbers when exact, else as strings.
 */
export function writeSummary(path: string, summary: unknown): void {
  const text = JSON.stringify(summary, (_key, value: unknown) => {
    if (typeof value === 'bigint')
      return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value) : value.toString();
    return value;
  }, 2);
  const partial = `${path}.partial`;
  writeFileSync(partial, `${text}\n`);
  renameSync(partial, path);
}

/** Removes a summary (and a stale partial one) before a run starts. */
export function removeSummary(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.partial`, { force: true });
}
