// SPDX-License-Identifier: GPL-2.0-only
/**
 * Running promise continuations to completion between two events.
 *
 * After an event that settled a promise (a system call completed), every
 * continuation it released -- and every continuation those release, an
 * app's whole chain of `await`s up to its next blocking call -- must run
 * before the simulator takes the next event, at the same simulated time.
 *
 * The obvious way, waiting for the next macrotask (setImmediate), costs a
 * turn of the event loop: ~6 us here, mostly the poll syscall, and one is
 * paid for nearly every frame a TCP endpoint receives.  Instead we watch
 * the microtask queue drain with V8's promise hooks: `await null` puts our
 * continuation at the tail of the queue, so when it runs every job queued
 * before it has run.  If no other promise job ran during that hop, the
 * queue was empty and nothing new was queued: quiescent.  Otherwise hop
 * again.  A hop costs ~0.25 us.
 *
 * Promise jobs are what apps are made of; process.nextTick callbacks and
 * timers queued by a continuation are not awaited (simulation code uses
 * neither).  Without promise hooks (other runtimes) the macrotask wait is
 * used.
 */
import { promiseHooks } from 'node:v8';
import { SettleError } from './errors';

/*
 * Installed once, when this module loads, and never removed: V8 reports
 * the jobs of an `await` only if a hook was installed when the `await`
 * began, so a hook installed at the start of a run would miss the
 * continuations of apps that started waiting before it.  The cost is one
 * increment per promise job in the process.
 */
const hooked = typeof promiseHooks?.onBefore === 'function';
/** Promise jobs run so far in this process. */
let jobsRun = 0;
if (hooked) {
  promiseHooks.onBefore((): void => {
    jobsRun++;
  });
}

/**
 * More hops than this in one settle means continuations keep releasing
 * each other without ever blocking: a bug in an app, reported rather than
 * spun on.
 */
const MAX_HOPS = 1_000_000;

/** The macrotask wait: correct everywhere, slow. */
export function settleByMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Resolves once every promise continuation has run (see the file comment);
 * the macrotask wait where V8's promise hooks are missing.
 * @throws SettleError (rejects) if continuations never stop releasing each other
 */
export function settleContinuations(): Promise<void> {
  return hooked ? settleByQuiescence() : settleByMacrotask();
}

/**
 * The detection in progress, shared by everyone who asks meanwhile: two
 * detections hopping at once would each count the other's hops as jobs
 * and never see the queue quiescent.
 */
let inProgress: Promise<void> | null = null;

function settleByQuiescence(): Promise<void> {
  if (inProgress === null) {
    inProgress = hopUntilQuiescent().finally(() => {
      inProgress = null;
    });
  }
  return inProgress;
}

async function hopUntilQuiescent(): Promise<void> {
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const before = jobsRun;
    await null;
    // Our own continuation is one job.
    if (jobsRun - before <= 1) return;
  }
  throw new SettleError(`promise continuations ran ${MAX_HOPS} rounds without blocking`);
}
