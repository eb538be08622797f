// SPDX-License-Identifier: GPL-2.0-only
/**
 * The steps of a program that lives in simulated time (a `process` app).
 * A step is the program running on the host between two of its calls to
 * the node's kernel: from its start, or from a reply, to its next request
 * or its exit.  Simulated time stands still during a step (the simulator
 * holds it), so the program's computation takes no simulated time and
 * what it does next happens at a simulated time that does not depend on
 * how fast the host is: two runs give the same results.  Between steps,
 * while a call waits in the kernel (a recv, a sleep, a poll), time goes on.
 * A program with threads runs one thread at a time (sim/exec/call-server.ts):
 * its step lasts while any of them runs.
 *
 * A step longer than its wall-clock bound (a program that computes
 * forever, or waits on something that is not the node's) is ended: the
 * program is killed and its result says why, naming node, program and
 * simulated time.
 */
import { formatTime } from '../core/time';

/**
 * Where a stream of a program's output goes as it arrives, whole (the
 * result keeps only its start).  A write that throws kills the program and
 * fails its run with that error.
 */
export interface OutputSink {
  write(chunk: Buffer): void;
}

/**
 * What a program that lives in simulated time (a `process` app) needs
 * beyond a command: it runs only while the simulator holds time for it --
 * from its start, and from each reply, until its next call or its exit --
 * so it does everything at the simulated times its calls give it, one
 * program at a time; a call that blocks in the kernel lets time go on.
 */
export interface TimedRun {
  /** Holds simulated time until the promise settles (Simulator.hold). */
  hold(work: Promise<unknown>): void;
  /** Runs `fn` at simulated time `at` (Simulator.schedule). */
  schedule(at: bigint, fn: () => void): void;
  /** Wall-clock bound of one step (the program running between two calls), ms. */
  readonly stepBoundMs: number;
  /**
   * Environment variables given by the topology (`env:`): they replace
   * libsim's defaults of the same name (PATH, LC_ALL, TZ, PWD, HOME, TMPDIR) but
   * never what the exec shim needs (LD_PRELOAD, LIBSIM_*), which the loader
   * refuses and the runner sets after them.
   */
  readonly env: Readonly<Record<string, string>>;
  /** Bytes of each stream its result keeps; past them the result is cut with `[cut: N bytes in all]`. */
  readonly keptBytes: number;
  /** Receives each stream whole as it arrives, or null: only the kept bytes are recorded. */
  readonly output: { readonly stdout: OutputSink; readonly stderr: OutputSink } | null;
  /** When to send SIGTERM (and SIGKILL a bound later), or null: let it end by itself. */
  readonly stopAt: bigint | null;
  /** Bound by the runner to the program, to stop it at another time (the end of the run). */
  readonly handle: ProgramHandle;
}

/** How long a program may take to exit after SIGTERM before SIGKILL, ms (wall clock). */
const TERMINATE_BOUND_MS = 1000;

/** Lets whoever started a program stop it (SIGTERM, then SIGKILL) while it runs. */
export class ProgramHandle {
  private stopFn: (() => void) | null = null;

  /** Called by the runner once the program runs. */
  bind(stop: () => void): void {
    this.stopFn = stop;
  }

  /** SIGTERM now, SIGKILL if it has not exited a bound later; nothing once it has ended. */
  terminate(): void {
    this.stopFn?.();
  }
}

export class ProgramSteps {
  /** Why the program was killed by libsim, or null. */
  overBound: string | null = null;
  private releaseFn: (() => void) | null = null;
  /**
   * Counts the steps.  A step starts at every call a program's threads
   * make, so it is a number bumped, not a timer set (nor a clock read):
   * one timer, armed for the bound, kills the program only if the step it
   * saw when armed is still the one in progress -- which has then run at
   * least the bound; otherwise it is armed again for the step now in
   * progress (which is thus stopped within twice the bound).
   */
  private step = 0;
  /** The step in progress when the timer was armed. */
  private armedAt = 0;
  private stepTimer: NodeJS.Timeout | undefined;
  /** Whether it waits for another program to give up the run: no step of its own runs then. */
  private queued = false;
  /** terminate()'s SIGKILL, or undefined. */
  private killTimer: NodeJS.Timeout | undefined;
  private ended = false;

  /**
   * @param kill kills the program's whole process group
   * @param now the node's simulated time
   * @param what "node r1: iperf3" for messages
   */
  constructor(
    private readonly run: TimedRun,
    private readonly kill: () => void,
    private readonly now: () => bigint,
    private readonly what: string,
  ) {}

  /** The program runs: time stands still until release() or end(). */
  hold(): void {
    if (this.ended || this.releaseFn !== null) return;
    this.run.hold(new Promise<void>((resolve) => (this.releaseFn = resolve)));
    this.step++;
    this.armStepTimer();
  }

  /**
   * Another of the program's threads runs now, time still held (the one
   * before made its next call): its step has a bound of its own.
   */
  nextStep(): void {
    this.step++;
  }

  /**
   * The program waits for another to give up the run token (CallServer):
   * however long that takes is not its step's.
   */
  waitsForRun(waiting: boolean): void {
    this.queued = waiting;
    this.step++;
  }

  /** The program waits for the kernel: time may go on (after SIGTERM: it answered, no SIGKILL). */
  release(): void {
    clearTimeout(this.killTimer);
    this.killTimer = undefined;
    const release = this.releaseFn;
    this.releaseFn = null;
    release?.();
  }

  /**
   * At the stop time: SIGTERM to the program (through `signal`, which
   * hands it over at this simulated instant: CallServer.deliverSignal),
   * and time held until it has exited (a step like any other: SIGKILL at
   * the bound).
   */
  terminate(signal: () => void): void {
    if (this.ended) return;
    this.hold();
    signal();
    // A handler that never lets the program exit (or never calls the node again): SIGKILL.
    clearTimeout(this.killTimer);
    this.killTimer = setTimeout(() => this.kill(), TERMINATE_BOUND_MS);
  }

  /** The program and its task are gone: nothing more to hold. */
  end(): void {
    this.ended = true;
    clearTimeout(this.stepTimer);
    this.stepTimer = undefined;
    this.release();
  }

  private armStepTimer(): void {
    if (this.stepTimer !== undefined) return;
    this.armedAt = this.step;
    this.stepTimer = setTimeout(() => this.checkStep(), this.run.stepBoundMs);
  }

  /** The step timer: the step it saw has run past the bound, or it watches the step now in progress. */
  private checkStep(): void {
    this.stepTimer = undefined;
    if (this.ended || this.releaseFn === null) return;
    if (this.step !== this.armedAt || this.queued) {
      this.armStepTimer();
      return;
    }
    // After SIGTERM the SIGKILL timer bounds the exit instead.
    if (this.killTimer !== undefined) return;
    this.overrun();
  }

  private overrun(): void {
    this.overBound =
      `${this.what}: one step ran longer than its wall-clock bound of ${this.run.stepBoundMs} ms at ` +
      `${formatTime(this.now())} and was killed (a program runs while simulated time stands still; ` +
      'it must wait in a call to the node to let time go on)';
    this.kill();
  }
}
