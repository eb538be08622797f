// SPDX-License-Identifier: GPL-2.0-only
/**
 * Creating a directory and its missing parents, for the two places that make
 * directories for results: the --out check (sim/cli/out-dir.ts) and the
 * results writer (traces/results-writer.ts).
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates `dir` and its missing parents, each with one mkdir: an error is
 * final, EEXIST only if it is not a directory.  Not Node's recursive
 * mkdir: procfs answers mkdir of a name it lacks with ENOENT, which that
 * reads as a missing parent and retries forever (`--out /proc/x` hung).
 * @throws the mkdir's error, or an Error when a component is not a directory
 */
export function makeDirs(dir: string): void {
  const abs = resolve(dir);
  const missing: string[] = [];
  let at = abs;
  while (!isDirectory(at)) {
    const parent = dirname(at);
    if (parent === at) break;
    missing.unshift(at);
    at = parent;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!isDirectory(d)) throw new Error(`${d} exists and is not a directory`);
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
