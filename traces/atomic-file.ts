// SPDX-License-Identifier: GPL-2.0-only
/**
 * How the results writer writes a whole file (summary.json and run.json
 * through json-writer.ts, report.html, the copy of the topology): through a
 * partial file, so that no half-written result is ever left.  Pcaps, written
 * as the run goes, do the same in pcap-writer.ts.
 */
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
