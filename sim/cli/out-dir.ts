// SPDX-License-Identifier: GPL-2.0-only
/**
 * Output directories: created without Node's recursive mkdir, refused on
 * pseudo-file systems, and proved writable before anything runs.
 *
 * Why not `mkdirSync(dir, { recursive: true })`: procfs answers mkdir of
 * a name it does not have with ENOENT rather than EPERM (its lookup
 * fails before the VFS finds it has no mkdir), which Node's recursive
 * mkdir reads as "the parent is missing": it creates the parent (EEXIST:
 * fine) and retries the child, forever -- `--out /proc/x` hung at 100%
 * CPU.  makeDirs() (sim/core/make-dirs.ts) tries each missing component
 * once, so no file system can make it loop.
 */
import { realpathSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { makeDirs } from '../core/make-dirs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { quoteIfNeeded } from '../core/quote';
import { OutDirError } from './out-dir-error';

/** The name (before a pid) of the file that proves a directory writable: libsim's own, for a moment. */
export const PROBE_PREFIX = '.libsim-probe-';

/** Kernel interfaces, not storage: results written there would change the host or fail oddly. */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

/** statfs f_type of pseudo-file systems, wherever they are mounted (linux/magic.h). */
const PSEUDO_MAGIC: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
]);

/**
 * Makes `dir` a directory libsim can write results to: refuses one on a
 * pseudo-file system (after following symbolic links), creates what is
 * missing, and writes and removes a probe file in it.
 * @param option how the user named it, for the message (e.g. `--out`)
 * @throws OutDirError naming the option, the directory and the reason
 */
export function prepareOutDir(dir: string, option = '--out'): void {
  const fail = (why: string): OutDirError => new OutDirError(`${option} ${quoteIfNeeded(dir)}: ${why}`);
  const { real, missing } = existingPart(resolve(dir), fail);
  const pseudo = pseudoFileSystem(real);
  if (pseudo !== null) throw fail(`${pseudo} a pseudo-file system (the kernel's interfaces), not a place for results`);
  const target = join(real, ...missing);
  try {
    makeDirs(target);
  } catch (err) {
    throw fail((err as Error).message);
  }
  // Only writing proves it: a read-only mount, a full quota, a file system that refuses new files.
  const probe = join(target, `${PROBE_PREFIX}${process.pid}`);
  try {
    writeFileSync(probe, '');
  } catch (err) {
    throw fail(`cannot write there: ${(err as Error).message}`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** The longest existing ancestor of `abs` (itself included), with links resolved, and the names below it. */
function existingPart(abs: string, fail: (why: string) => OutDirError): { real: string; missing: string[] } {
  let at = abs;
  for (;;) {
    try {
      const real = realpathSync(at);
      return {
        real,
        missing: relative(at, abs)
          .split(sep)
          .filter((s) => s !== ''),
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || dirname(at) === at) throw fail((err as Error).message);
      at = dirname(at);
    }
  }
}

/**
 * Where `real` (an existing path, links resolved) is, when on a pseudo-file system, as the start of a
 * sentence ("/proc is", "/proc/42 is under /proc, which is", "/mnt/p is on procfs,"); else null.
 */
function pseudoFileSystem(real: string): string | null {
  const root = PSEUDO_ROOTS.find((r) => real === r || real.startsWith(`${r}/`));
  if (root !== undefined) return real === root ? `${root} is` : `${real} is under ${root}, which is`;
  try {
    const name = PSEUDO_MAGIC.get(Number(statfsSync(real).type));
    return name === undefined ? null : `${real} is on ${name},`;
  } catch {
    return null; // statfs failing says nothing; mkdir and the probe will tell
  }
}
