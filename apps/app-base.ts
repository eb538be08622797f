// SPDX-License-Identifier: GPL-2.0-only
/**
 * The life every app shares, written once: its logger (component
 * `app.<type>`, the node's name), a start at a simulated time (startAt),
 * the error that stopped it recorded for its result and logged, and for a
 * client the moment it has finished.  An app supplies `run()`, what it
 * does from its start on, and `result()`.
 */
import { childLogger } from '../sim/core/logger';
import type { Logger } from '../sim/core/logger';
import type { Node } from '../sim/node/node';
import type { App } from './app';
import { startAt } from './start-at';

/**
 * A client finishes (its run ends, or fails); a server serves until the
 * simulation ends, so it never finishes, and its run ends only by failing.
 */
export type AppRole = 'client' | 'server';

/** The lifecycle of an app on a node's kernel (see the file comment); `R` its result. */
export abstract class AppBase<R extends { readonly type: string }> implements App<R> {
  /** The app's logger, or undefined when it was given none. */
  protected readonly log: Logger | undefined;
  /** Why the app stopped early, for its result; null while it has not. */
  protected error: string | null = null;
  private started = false;
  private stopped = false;

  /**
   * @param node the node the app runs on
   * @param type the app's type, as in its result (its log component is `app.<type>`)
   * @param role whether it finishes (client) or serves to the end (server)
   * @param startTime simulated time (ns) to start at: now, if the simulation is past it
   * @param logger parent logger
   */
  protected constructor(
    protected readonly node: Node,
    protected readonly type: R['type'],
    private readonly role: AppRole,
    private readonly startTime: bigint,
    logger: Logger | undefined,
  ) {
    this.log = logger === undefined ? undefined : childLogger(logger, { component: `app.${type}`, node: node.name });
  }

  /** Schedules `run()` at the start time.  Call once; later calls do nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    startAt(
      this.node,
      this.startTime,
      () => this.run(),
      (e) => this.stop(e),
    );
  }

  /** Whether a client has finished (a server: never). */
  get isFinished(): boolean {
    return this.stopped && this.role === 'client';
  }

  /** The result so far (final once a client has finished). */
  abstract result(): R;

  /**
   * What the app does from its start: a client calls stop() when done; an
   * error it throws (rejects with) stops the app.
   */
  protected abstract run(): Promise<void>;

  /**
   * Records that the app stopped: with `e`, why (in its result and the
   * log); a client has then finished.  Only the first call counts.
   */
  protected stop(e: Error | null): void {
    if (this.stopped) return;
    this.stopped = true;
    if (e !== null) {
      this.error = e.message;
      this.log?.warn({ err: e.message }, `${this.type} stopped`);
    }
  }
}
