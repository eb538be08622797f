// SPDX-License-Identifier: GPL-2.0-only
/**
 * A program's timers in simulated time (the shim's SIM_TIMER: alarm,
 * setitimer): each expires at an exact simulated time, as an event of the
 * simulation, and then delivers its signal through the call server, which
 * interrupts a call the program waits in.  A periodic one is armed again
 * from its expiry (not from when the signal was taken), as Linux's
 * hrtimer-based interval timers are.
 */

/** One armed timer. */
interface Armed {
  readonly signal: number;
  /** Simulated ns. */
  expiry: bigint;
  readonly interval: bigint;
  /** Counts arms: an expiry event of an earlier arm finds it changed. */
  readonly generation: number;
}

/** What the timers need from their owner. */
export interface TimerClock {
  now(): bigint;
  /** Resolves at simulated time `at`; rejects if the node dies. */
  sleepUntil(at: bigint): Promise<void>;
}

/** The timers of one program, by the shim's number. */
export class ProgramTimers {
  private readonly armed = new Map<bigint, Armed>();
  private generations = 0;
  private stopped = false;

  /**
   * @param deliver sends a signal to the program (CallServer.deliverSignal)
   */
  constructor(
    private readonly clock: TimerClock,
    private readonly deliver: (signal: number) => void,
  ) {}

  /**
   * Sets timer `id` to deliver `signal` `value` ns from now, then every
   * `interval` ns (value 0: disarms it; negative: leaves it as it is).
   * Returns what it had left before and its interval (0, 0 if disarmed).
   */
  set(id: bigint, signal: number, value: bigint, interval: bigint): [bigint, bigint] {
    const now = this.clock.now();
    const before = this.armed.get(id);
    const old: [bigint, bigint] = before === undefined ? [0n, 0n] : [before.expiry - now, before.interval];
    if (value < 0n) return old;
    this.armed.delete(id);
    if (value > 0n && !this.stopped) {
      const timer: Armed = { signal, expiry: now + value, interval, generation: ++this.generations };
      this.armed.set(id, timer);
      this.wait(id, timer);
    }
    return old;
  }

  /** No timer expires from now on (the program is gone). */
  stop(): void {
    this.stopped = true;
    this.armed.clear();
  }

  private wait(id: bigint, timer: Armed): void {
    this.clock.sleepUntil(timer.expiry).then(
      () => {
        if (this.armed.get(id)?.generation !== timer.generation) return;
        if (timer.interval > 0n) {
          timer.expiry += timer.interval;
          this.wait(id, timer);
        } else {
          this.armed.delete(id);
        }
        this.deliver(timer.signal);
      },
      // The node died: the program is being ended.
      () => undefined,
    );
  }
}
