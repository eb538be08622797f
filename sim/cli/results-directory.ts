// SPDX-License-Identifier: GPL-2.0-only
/**
 * The results directory of `libsim run`: it only ever holds one complete
 * run.  A run writes into a staging directory beside it and is swapped in
 * when complete, so an interrupted or failed run leaves the previous
 * results untouched and no stale file of an earlier topology survives; a
 * lock file beside it keeps two runs from writing the same place at once.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './input-error';
import { ResultsBusyError } from './results-busy-error';

/** What libsim itself writes into a results directory: anything else there is the user's. */
const OWN_ENTRIES = new Set([
  'summary.json', 'report.html', 'run.json', 'topology.yaml', 'libsim.log', 'pcap', 'kernel', 'commands', 'nodes',
]);

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
    if (existsSync(abs)) {
      if (!statSync(abs).isDirectory())
        throw new InputError(`--out ${path}: exists and is not a directory`);
      const foreign = readdirSync(abs).filter((e) => !OWN_ENTRIES.has(e));
      if (foreign.length > 0)
        throw new InputError(`--out ${path}: holds files libsim did not write (${foreign.slice(0, 3).join(', ')}` +
          `${foreign.length > 3 ? ', ...' : ''}); a run replaces its directory whole: name a new or empty one`);
    }
    try {
      mkdirSync(parent, { recursive: true });
    } catch (err) {
      throw new InputError(`--out ${path}: cannot create ${parent}: ${(err as Error).message}`);
    }
    const lock = join(parent, `.${name}.lock`);
    takeLock(lock, path);
    const dir = new ResultsDirectory(abs, join(parent, `.${name}.partial-${process.pid}`), lock);
    try {
      // Holding the lock, any staging directory left here is a dead run's.
      for (const e of readdirSync(parent))
        if (e.startsWith(`.${name}.partial-`) || e.startsWith(`.${name}.old-`))
          rmSync(join(parent, e), { recursive: true, force: true });
      mkdirSync(dir.staging);
    } catch (err) {
      dir.abandon();
      throw new InputError(`--out ${path}: cannot write in ${parent}: ${(err as Error).message}`);
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

  /** Removes the staging directory (the previous results stay as they were) and releases the lock. */
  abandon(): void {
    if (this.done) return;
    rmSync(this.staging, { recursive: true, force: true });
    this.release();
  }

  private release(): void {
    this.done = true;
    rmSync(this.lock, { force: true });
  }
}

/** Creates the lock file, or takes over one whose holder is gone. */
function takeLock(lock: string, shown: string): void {
  const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST')
        throw new InputError(`--out ${shown}: cannot create the lock ${lock}: ${(err as Error).message}`);
      const holder = readHolder(lock);
      if (holder !== null && (holder.host !== me.host || alive(holder.pid)))
        throw new ResultsBusyError(`--out ${shown}: in use by libsim pid ${holder.pid} on ${holder.host} ` +
          `since ${holder.started} (lock ${lock})`);
      // Its holder died without releasing it (or it is unreadable): stale.
      rmSync(lock, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    return;
  }
  throw new ResultsBusyError(`--out ${shown}: another run took the lock ${lock} at the same moment`);
}

function readHolder(lock: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(lock, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}
