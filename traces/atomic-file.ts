// SPDX-License-Identifier: GPL-2.0-only
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes a result file through `path.partial`, renamed to `path` once
 * complete, so the file only ever exists whole.  When anything fails
 * (a full disk, a rename refused), the partial file is removed before the
 * error goes on: a failed run leaves nothing that is half a result.
 */
export function writeFileAtomically(path: string, data: string): void {
  const partial = `${path}.partial`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, path);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}
