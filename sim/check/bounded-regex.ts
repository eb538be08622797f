// SPDX-License-Identifier: GPL-2.0-only
/**
 * Regular expressions from a topology (`match:`, `stderr:`), run with a
 * wall-clock bound.  JavaScript's backtracking engine takes exponential
 * time on patterns such as `(a+)+b` against a long line of a's: a check
 * once hung a run for over a minute.  No bound can be put on a RegExp
 * in the thread running it, so it runs in a worker thread while this
 * thread waits on shared memory (Atomics.wait) with a timeout; past the
 * bound the worker is terminated (V8 interrupts the match) and the
 * outcome is 'timeout'.
 *
 * The worker is started once, on first use, and kept for the rest of the
 * process (unref'd: it never keeps the process alive), with each pattern
 * compiled once there: a call costs a message and a wake-up, some tens of
 * microseconds.  A worker that timed out is replaced by a new one on the
 * next call.
 *
 * Time stands still in the simulator while this waits, like for any
 * command check; only wall-clock time passes.
 */
import { Worker } from 'node:worker_threads';
import { RegexWorkerError } from './regex-worker-error';

/** How long one match may run, ms (documented in the README). */
export const REGEX_BOUND_MS = 1000;

/** How long a new worker may take to start, ms: far more than it needs, even on a loaded machine. */
const START_BOUND_MS = 30_000;

/** What testRegex() found. */
export type RegexOutcome = 'match' | 'no-match' | 'timeout';

/** Slots of the shared Int32Array. */
const DONE = 0;
const RESULT = 1;
const READY = 2;
const RESULT_MATCH = 1;
const RESULT_NO_MATCH = 0;

/*
 * Plain JavaScript, run by `new Worker(..., { eval: true })`: a file of
 * its own would not survive bundling into one file (dist/bin/libsim-bundle.js).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData);
const compiled = new Map();
parentPort.on('message', ({ source, flags, text }) => {
  let result = -1;
  try {
    const key = flags + '/' + source;
    let re = compiled.get(key);
    if (re === undefined) {
      re = new RegExp(source, flags);
      compiled.set(key, re);
    }
    re.lastIndex = 0;
    result = re.test(text) ? ${RESULT_MATCH} : ${RESULT_NO_MATCH};
  } catch {
    // Answered as -1: an exception here would end the worker and leave the caller waiting.
  }
  Atomics.store(state, ${RESULT}, result);
  Atomics.store(state, ${DONE}, 1);
  Atomics.notify(state, ${DONE});
});
Atomics.store(state, ${READY}, 1);
Atomics.notify(state, ${READY});
`;

/** The running worker and the memory it answers in, or null before the first call and after a timeout. */
let current: { worker: Worker; state: Int32Array } | null = null;

function startWorker(): { worker: Worker; state: Int32Array } {
  const shared = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
  const state = new Int32Array(shared);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: shared });
  worker.unref();
  // A worker that dies (out of memory) is replaced on the next call, which it would otherwise leave
  // waiting for the bound; an 'error' event without a listener would end the process.
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    if (current?.worker === worker) current = null;
  });
  if (Atomics.wait(state, READY, 0, START_BOUND_MS) === 'timed-out') {
    void worker.terminate();
    throw new RegexWorkerError(`the regular-expression worker did not start within ${START_BOUND_MS} ms`);
  }
  return { worker, state };
}

/**
 * Whether `source` (with `flags`) matches somewhere in `text`, or
 * 'timeout' when the match ran longer than `boundMs` of wall-clock time.
 * The pattern must compile (the topology loader checked it).
 * @throws RegexWorkerError when the worker cannot be started or the pattern does not compile
 */
export function testRegex(source: string, flags: string, text: string, boundMs = REGEX_BOUND_MS): RegexOutcome {
  current ??= startWorker();
  const { worker, state } = current;
  Atomics.store(state, DONE, 0);
  worker.postMessage({ source, flags, text });
  if (Atomics.wait(state, DONE, 0, boundMs) === 'timed-out') {
    current = null;
    void worker.terminate();
    return 'timeout';
  }
  const result = Atomics.load(state, RESULT);
  if (result === RESULT_MATCH) return 'match';
  if (result === RESULT_NO_MATCH) return 'no-match';
  throw new RegexWorkerError(`/${source}/${flags} could not be run`);
}
