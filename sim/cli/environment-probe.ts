// SPDX-License-Identifier: GPL-2.0-only
/**
 * The slow part of a run's provenance -- hashing the kernel libraries and
 * tools (megabytes), asking git for the commit, asking each tool for its
 * version -- done in a worker thread, so that it runs on another core
 * while the simulation runs instead of before or after it (it cost ~15 ms
 * of the main thread, 2% of W1's wall time).
 */
import { Worker } from 'node:worker_threads';

/** What to find out. */
export interface ProbeRequest {
  /** Files to hash (SHA-256). */
  readonly files: readonly string[];
  /** libsim's own git checkout, or null. */
  readonly gitRoot: string | null;
  /** Programs to ask for their version, with the option that prints it. */
  readonly versions: ReadonlyArray<{ readonly path: string; readonly flag: string }>;
}

/** What was found out; a failure of any part is null there, never an error. */
export interface ProbeResult {
  readonly sha256: Readonly<Record<string, string | null>>;
  readonly git: { readonly commit: string | null; readonly dirty: boolean | null };
  /** First line of what each program printed, by path. */
  readonly versions: Readonly<Record<string, string | null>>;
}

/*
 * Plain JavaScript run by `new Worker(..., { eval: true })`: the CLI is
 * bundled into one file, so a worker cannot load a module of its own.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const run = (file, args) => {
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] });
  return r.status === 0 ? r.stdout + r.stderr : null;
};
const sha256 = {};
for (const f of workerData.files) {
  try { sha256[f] = createHash('sha256').update(readFileSync(f)).digest('hex'); } catch { sha256[f] = null; }
}
let git = { commit: null, dirty: null };
if (workerData.gitRoot !== null) {
  const commit = run('git', ['-C', workerData.gitRoot, 'rev-parse', 'HEAD']);
  const status = commit === null ? null : run('git', ['-C', workerData.gitRoot, 'status', '--porcelain', '--untracked-files=no']);
  git = { commit: commit === null ? null : commit.trim(), dirty: status === null ? null : status !== '' };
}
const versions = {};
for (const v of workerData.versions) {
  const text = run(v.path, [v.flag]);
  versions[v.path] = text === null ? null : (text.split('\\n')[0].trim() || null);
}
parentPort.postMessage({ sha256, git, versions });
`;

/** Starts the probe; its result when done. */
export function probeEnvironment(request: ProbeRequest): Promise<ProbeResult> {
  return new Promise((done, fail) => {
    // Referenced: the caller awaits it at the end of the run, when nothing
    // else may keep the process alive.
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: request });
    worker.once('message', (m: ProbeResult) => {
      done(m);
      void worker.terminate();
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`the environment probe stopped (exit ${code})`)));
  });
}
