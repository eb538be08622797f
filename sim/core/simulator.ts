// SPDX-License-Identifier: GPL-2.0-only
/** The discrete-event loop: owns simulated time and runs events in (time, scheduling order). */
import { InvalidArgumentError, ReentrantRunError, SchedulingError } from './errors';
import { EventQueue } from './event-queue';
import type { EventFn, EventHandle } from './event-queue';
import { settleByMacrotask, settleContinuations } from './settle';
import { formatTime } from './time';
import type { SimTime } from './time';
import type { TapFailureSink } from './tap';

/** Called every `everyEvents` events with the current time, e.g. for the CLI's progress line. */
export type ProgressFn = (now: SimTime, eventsRun: number) => void;

/** Options of a {@link Simulator}. */
export interface SimulatorOptions {
  /** Progress reporting; absent means none. */
  progress?: {
    /** Call `onProgress` after every this many events (a positive integer). */
    everyEvents: number;
    /** The callback. It must not schedule events whose effect matters: it is an observer. */
    onProgress: ProgressFn;
  };
  /**
   * `runAsync()` gives Node's event loop a turn after every this many
   * events (0: never), so that what waits for it -- a signal handler
   * (Ctrl-C) -- runs during a long run rather than at its end.  Nothing
   * the simulation does waits for the event loop (settle.ts), so the
   * turn changes no result; it costs ~5 us.
   */
  yieldEvery?: number;
}

/** Why {@link Simulator.run} returned. */
export type RunOutcome = 'empty' | 'until' | 'stopped';

/**
 * The simulator. Time only moves forward, and only when an event is taken off the queue (or when
 * `run(until)` reaches `until`).
 */
export class Simulator implements TapFailureSink {
  private readonly queue = new EventQueue();
  private current: SimTime = 0n;
  private executed = 0;
  private running = false;
  private settleRequested = false;
  private settleRequestCount = 0;
  private readonly holds: Array<Promise<unknown>> = [];
  /** Holds whose promise has not settled yet (holds, awaited or not). */
  private activeHolds = 0;
  /** The running run's `until`. */
  private runUntil: SimTime | undefined;
  private stopRequested = false;
  /** Why the run must end (see fail()); null while nothing failed. */
  private failed: Error | null = null;
  private readonly progressEvery: number;
  private readonly onProgress: ProgressFn | undefined;
  private readonly yieldEvery: number;

  /** @throws InvalidArgumentError if `progress.everyEvents` is not a positive integer, or `yieldEvery` not a non-negative one. */
  constructor(options: SimulatorOptions = {}) {
    const p = options.progress;
    if (p !== undefined && !(Number.isSafeInteger(p.everyEvents) && p.everyEvents > 0)) {
      throw new InvalidArgumentError(`progress.everyEvents must be a positive integer, got ${p.everyEvents}`);
    }
    const y = options.yieldEvery ?? 0;
    if (!(Number.isSafeInteger(y) && y >= 0)) {
      throw new InvalidArgumentError(`yieldEvery must be a non-negative integer, got ${y}`);
    }
    this.progressEvery = p?.everyEvents ?? 0;
    this.onProgress = p?.onProgress;
    this.yieldEvery = y;
  }

  /** The current simulated time in nanoseconds; starts at 0. */
  get now(): SimTime {
    return this.current;
  }

  /** Number of events run so far (cancelled events are not counted). */
  get eventsRun(): number {
    return this.executed;
  }

  /** Number of events still pending. */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Schedules `fn` at absolute time `at`. `at` may equal `now`: the event then runs after every event already
   * scheduled for `now`.
   *
   * @throws SchedulingError if `at` is before `now`.
   */
  schedule(at: SimTime, fn: EventFn): EventHandle {
    if (at < this.current) {
      throw new SchedulingError(
        `cannot schedule an event at ${formatTime(at)}: the simulation is already at ${formatTime(this.current)}`,
      );
    }
    return this.queue.schedule(at, fn);
  }

  /**
   * Schedules `fn` `delay` nanoseconds from now.
   *
   * @throws SchedulingError if `delay` is negative.
   */
  scheduleIn(delay: SimTime, fn: EventFn): EventHandle {
    if (delay < 0n) throw new SchedulingError(`cannot schedule an event with a negative delay (${delay}ns)`);
    return this.queue.schedule(this.current + delay, fn);
  }

  /** Cancels a pending event; true if it was pending. Harmless on events that ran or were cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /**
   * Runs events in order until the queue is empty, `stop()` is called, or the next event is after `until`.
   * Events at exactly `until` run. When `until` is given and `stop()` was not called, `now` is `until` on
   * return (even if the queue emptied earlier), so that a following `run` or `scheduleIn` continues from
   * the stop time. An exception thrown by an event propagates; that event counts as run and the simulator
   * stays usable.  After fail(), it throws that error instead of running another event.
   *
   * @throws SchedulingError if `until` is before `now`.
   * @throws ReentrantRunError if called from inside an event.
   */
  run(until?: SimTime): RunOutcome {
    this.begin(until);
    try {
      for (;;) {
        const outcome = this.step(until);
        if (this.holds.length > 0) throw new SchedulingError('Simulator.hold() needs runAsync(): run() cannot wait');
        if (outcome !== 'ran') return outcome;
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * Like `run()`, but awaits `settle()` after every event that called
   * `requestSettle()`, so that promise continuations it released (an app
   * resuming after a system call completed) run at that event's simulated
   * time, before the next event.
   * The default `settle` returns once the microtask queue has drained (see
   * settle.ts); a test may pass another.
   */
  async runAsync(until?: SimTime, settle: () => Promise<void> = settleContinuations): Promise<RunOutcome> {
    this.begin(until);
    try {
      await settle();
      await this.awaitHolds(settle);
      for (;;) {
        const outcome = this.step(until);
        if (outcome !== 'ran') return outcome;
        if (this.settleRequested) {
          this.settleRequested = false;
          await settle();
        }
        if (this.holds.length > 0) await this.awaitHolds(settle);
        if (this.yieldEvery > 0 && this.executed % this.yieldEvery === 0) await settleByMacrotask();
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * Asks `runAsync()` to settle before the next event.  Whoever resolves
   * or rejects a promise that simulation code may await (a node settling
   * a system call) calls this; events that settle nothing then cost no
   * trip through the event loop.
   */
  requestSettle(): void {
    this.settleRequested = true;
    this.settleRequestCount++;
  }

  /**
   * How many times requestSettle() was called: code that runs on
   * synchronously (sim/exec/call-server.ts serving a program's next call
   * at once) sees from it whether it has released continuations that must
   * run first.
   */
  get settleRequests(): number {
    return this.settleRequestCount;
  }

  /**
   * Holds simulated time until `work` settles: `runAsync()` runs no further
   * event (and time does not move) before every held promise has settled,
   * however long that takes on the wall clock.  For work outside the
   * simulation that must happen at one instant, such as a real program run
   * against a node's kernel (sim/exec/command-runner.ts): called from an event,
   * the work happens at that event's time.  Holds made while others are
   * awaited are awaited too.  If a held promise rejects, `runAsync()`
   * rejects with its reason (after all held work has settled).
   */
  hold(work: Promise<unknown>): void {
    this.activeHolds++;
    // One reaction for both outcomes: it counts the hold ended, and observes a
    // rejection so that it is never "unhandled" while it waits.
    const ended = (): void => {
      this.activeHolds--;
    };
    work.then(ended, ended);
    this.holds.push(work);
  }

  /**
   * Moves time `ns` forward at once, inside the one hold in progress,
   * where that is exactly what a sleep of `ns` would do: runAsync() runs,
   * that hold is the only one (nothing else happens at this instant), no
   * event is due before `now + ns`, and the run does not end before.  For a
   * program that polls in a busy loop, whose every call costs a little
   * simulated time (sim/exec/call-server.ts): it then costs no event.
   * @returns whether time moved (if not, the caller sleeps as usual)
   */
  advanceInHold(ns: SimTime): boolean {
    if (!this.running || this.activeHolds !== 1 || ns <= 0n) return false;
    const to = this.current + ns;
    const next = this.queue.peekTime();
    if ((next !== undefined && next <= to) || (this.runUntil !== undefined && to > this.runUntil)) return false;
    this.current = to;
    return true;
  }

  /** Number of held promises not yet awaited. */
  get held(): number {
    return this.holds.length;
  }

  /** Awaits every hold (and holds made meanwhile); rethrows the first rejection. */
  private async awaitHolds(settle: () => Promise<void>): Promise<void> {
    let failure: { reason: unknown } | null = null;
    while (this.holds.length > 0) {
      const batch = this.holds.splice(0);
      for (const r of await Promise.allSettled(batch)) {
        if (r.status === 'rejected' && failure === null) failure = { reason: r.reason };
      }
      await settle();
    }
    if (failure !== null) throw failure.reason;
  }

  private begin(until: SimTime | undefined): void {
    this.checkFailure();
    if (this.running) throw new ReentrantRunError('Simulator.run() called while already running');
    if (until !== undefined && until < this.current) {
      throw new SchedulingError(
        `cannot run until ${formatTime(until)}: the simulation is already at ${formatTime(this.current)}`,
      );
    }
    this.running = true;
    this.runUntil = until;
    this.stopRequested = false;
  }

  /** Runs the next due event, or says why none is run. */
  private step(until: SimTime | undefined): RunOutcome | 'ran' {
    this.checkFailure();
    if (this.stopRequested) return 'stopped';
    const next = this.queue.peekTime();
    if (next === undefined || (until !== undefined && next > until)) {
      if (until !== undefined) {
        this.current = until;
        return 'until';
      }
      return 'empty';
    }
    const ev = this.queue.pop()!;
    this.current = ev.time;
    this.executed++;
    ev.fn();
    if (this.onProgress !== undefined && this.executed % this.progressEvery === 0) {
      this.onProgress(this.current, this.executed);
    }
    return 'ran';
  }

  /**
   * Ends the run with `error`: the event (or the work outside any event)
   * that calls it finishes, then `run()`/`runAsync()` throw `error` instead
   * of running another event, now and in every later call.  The first
   * error is kept; later ones are usually its consequences.  For a failure
   * that must not go through the model that noticed it, such as a tap's
   * listener that threw (sim/core/tap.ts).
   */
  fail(error: Error): void {
    if (this.failed === null) this.failed = error;
  }

  /** The error given to fail(), or null. */
  get failure(): Error | null {
    return this.failed;
  }

  /**
   * Throws the error given to fail(), if any: for who used the simulation
   * outside run()/runAsync() (building it, a command at a frozen time) and
   * is about to trust what it produced.
   */
  checkFailure(): void {
    if (this.failed !== null) throw this.failed;
  }

  /** Makes the current `run()` return after the event that calls it; outside a run it has no effect. */
  stop(): void {
    if (this.running) this.stopRequested = true;
  }
}
