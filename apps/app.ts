// SPDX-License-Identifier: GPL-2.0-only
/**
 * What the simulation needs of every app.  Generic in its result so that
 * this file names no app: the apps import it, and the union of their
 * results (app-result.ts) imports them.
 */

/** An app on a node: started once, asked for its result at the end of the run. */
export interface App<R = unknown> {
  /** Schedules the app at its start time. */
  start(): void;
  /** The result so far (final once the app has finished; servers never finish). */
  result(): R;
  /** Whether a client has finished (servers: false). */
  readonly isFinished: boolean;
  /** At the end of the run: stops what still runs outside the simulator (a program), once it has. */
  end?(): Promise<void>;
}
