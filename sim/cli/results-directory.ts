// SPDX-License-Identifier: GPL-2.0-only
/**
 * The results directory of `libsim run`: it only ever holds one complete
 * run.  A run writes into a staging directory beside it and is swapped in
 * when complete, so an interrupted or failed run leaves the previous
 * results untouched and no stale file of an earlier topology survives; a
 * lock file beside it keeps two runs from writing the same place at once.
 * A failed run's logs are kept only where there were no results.
 */
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { quoteIfNeeded } from '../core/quote';
import { FAILURE_LOGS, RESULT_ENTRIES } from '../../traces/result-names';
import { InputError } from '../core/input-error';
import { prepareOutDir, PROBE_PREFIX } from './out-dir';
import { ResultsBusyError } from './results-busy-error';

/** What libsim itself writes into a results directory (traces/results-writer.ts): anything else there is the user's. */
const OWN_ENTRIES = new Set(RESULT_ENTRIES);

/** Who holds a lock: enough to tell a live holder from a stale file. */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A results directory being written: write into `staging`, then commit() or abandon(). */
export class ResultsDirectory {
  private done = false;

  private constructor(
    /** Where the results end up. */
    readonly path: string,
    /** Where this run writes them until commit(). */
    readonly staging: string,
    private readonly lock: string,
    /** open() created `path`: an abandoned run removes it again (if still empty). */
    private readonly created: boolean,
  ) {}

  /**
   * Takes the lock of `path` and makes an empty staging directory beside
   * it.
   * @throws InputError if `path` is a file, or a directory holding files
   *   libsim did not write, or its parent cannot be written;
   *   ResultsBusyError if another run holds the lock
   */
  static open(path: string): ResultsDirectory {
    const abs = resolve(path);
    const parent = dirname(abs);
    const name = basename(abs);
    const existed = existsSync(abs);
    if (existed) {
      if (!statSync(abs).isDirectory()) {
        throw new InputError(`--out ${quoteIfNeeded(path)}: exists and is not a directory`);
      }
      // Another run starting at the same moment may be probing it: its file is libsim's.
      const foreign = readdirSync(abs).filter((e) => !OWN_ENTRIES.has(e) && !e.startsWith(PROBE_PREFIX));
      if (foreign.length > 0) {
        throw new InputError(
          `--out ${quoteIfNeeded(path)}: holds files libsim did not write (${foreign.slice(0, 3).map(quoteIfNeeded).join(', ')}` +
            `${foreign.length > 3 ? ', ...' : ''}); a run replaces its directory whole: name a new or empty one`,
        );
      }
    }
    // Refuses pseudo-file systems, creates what is missing, proves it writable.
    prepareOutDir(path);
    const lock = join(parent, `.${name}.lock`);
    try {
      takeLock(lock, path);
    } catch (err) {
      if (!existed) rmEmptyDir(abs);
      throw err;
    }
    const dir = new ResultsDirectory(abs, join(parent, `.${name}.partial-${process.pid}`), lock, !existed);
    try {
      // Holding the lock, any staging directory left here is a dead run's;
      // so is a lock's draft whose writer is gone (killed before linking it).
      for (const e of readdirSync(parent)) {
        if (e.startsWith(`.${name}.partial-`) || e.startsWith(`.${name}.old-`)) {
          rmSync(join(parent, e), { recursive: true, force: true });
        }
        const draft = e.startsWith(`.${name}.lock.`) ? Number(e.slice(`.${name}.lock.`.length)) : NaN;
        if (Number.isSafeInteger(draft) && draft > 0 && !alive(draft)) rmSync(join(parent, e), { force: true });
      }
      mkdirSync(dir.staging);
    } catch (err) {
      dir.abandon();
      throw new InputError(
        `--out ${quoteIfNeeded(path)}: cannot write in ${quoteIfNeeded(parent)}: ${(err as Error).message}`,
      );
    }
    return dir;
  }

  /** Swaps the staging directory in for the results directory and releases the lock. */
  commit(): void {
    if (this.done) return;
    const old = join(dirname(this.path), `.${basename(this.path)}.old-${process.pid}`);
    const had = existsSync(this.path);
    if (had) renameSync(this.path, old);
    renameSync(this.staging, this.path);
    if (had) rmSync(old, { recursive: true, force: true });
    this.release();
  }

  /**
   * Drops this run and releases the lock: previous results stay as they
   * were.  Where there were none, the failed run's logs are kept there to
   * say why it failed (nothing else: no file that looks like a result).
   */
  abandon(): void {
    if (this.done) return;
    if (existsSync(this.path) && readdirSync(this.path).length === 0) {
      for (const e of FAILURE_LOGS) {
        if (existsSync(join(this.staging, e))) renameSync(join(this.staging, e), join(this.path, e));
      }
    }
    rmSync(this.staging, { recursive: true, force: true });
    if (this.created) rmEmptyDir(this.path);
    this.release();
  }

  /**
   * Drops this run whole, logs too, and releases the lock: for a run
   * stopped by a signal (sim/cli/interrupts.ts), whose logs explain
   * nothing.  Previous results stay as they were.
   */
  discard(): void {
    if (this.done) return;
    rmSync(this.staging, { recursive: true, force: true });
    if (this.created) rmEmptyDir(this.path);
    this.release();
  }

  private release(): void {
    this.done = true;
    rmSync(this.lock, { force: true });
  }
}

/** Removes `dir` if it is an empty directory; anything else stays. */
function rmEmptyDir(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty, or gone: leave it.
  }
}

/** Creates the lock file, or takes over one whose holder is gone. */
function takeLock(lock: string, shown: string): void {
  const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  // Written whole first, then linked into place (link fails if the lock
  // exists): a lock never exists empty, so a run starting at the same
  // moment cannot read it as a dead holder's and take it over too.
  const mine = `${lock}.${process.pid}`;
  try {
    writeFileSync(mine, JSON.stringify(me));
  } catch (err) {
    throw new InputError(`--out ${quoteIfNeeded(shown)}: cannot create the lock ${lock}: ${(err as Error).message}`);
  }
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(mine, lock);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST') {
          throw new InputError(
            `--out ${quoteIfNeeded(shown)}: cannot create the lock ${lock}: ${(err as Error).message}`,
          );
        }
      }
      const holder = readHolder(lock);
      if (holder !== null && (holder.host !== me.host || alive(holder.pid))) {
        throw new ResultsBusyError(
          `--out ${quoteIfNeeded(shown)}: in use by libsim pid ${holder.pid} on ${holder.host} ` +
            `since ${holder.started} (lock ${lock})`,
        );
      }
      // Its holder died without releasing it (or it is unreadable): stale.
      rmSync(lock, { force: true });
    }
    throw new ResultsBusyError(`--out ${quoteIfNeeded(shown)}: another run took the lock ${lock} at the same moment`);
  } finally {
    rmSync(mine, { force: true });
  }
}

function readHolder(lock: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(lock, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}
