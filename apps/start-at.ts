// SPDX-License-Identifier: GPL-2.0-only
/**
 * Starting an app's work at its simulated start time, with a failure handed
 * to the app instead of left as an unhandled rejection: the start every app
 * gets from AppBase (apps/app-base.ts).
 */
import type { Node } from '../sim/node/node';

/**
 * Runs `run` on `node` at simulated time `at` (or now, if the simulation
 * is already past it); an error of the sleep or of `run` goes to `fail`.
 */
export function startAt(node: Node, at: bigint, run: () => Promise<void>, fail: (e: Error) => void): void {
  const when = at > node.now() ? at : node.now();
  void node
    .sleepUntil(when)
    .then(run)
    .catch((e: Error) => fail(e));
}
