// SPDX-License-Identifier: GPL-2.0-only
/**
 * The progress line `libsim run` and `libsim reproduce` draw on stderr while
 * a run simulates, when stderr is a terminal.
 */
import { formatTime, SimTime } from '../core/time';

/**
 * "simulated 3.200000000s / 10.000000000s" on one terminal line, for runs
 * that take more than a second of wall time.  Wall time is only read
 * here, in the user interface, never in the simulation.
 */
export class ProgressLine {
  private readonly startedAt: number;
  private lastDrawn = 0;
  private shown = false;

  /**
   * @param duration the run's simulated duration
   * @param stream where to draw; nothing is drawn unless it is a terminal
   * @param wallClock milliseconds of wall time (tests pass their own)
   */
  constructor(
    private readonly duration: SimTime,
    private readonly stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'> = process.stderr,
    private readonly wallClock: () => number = Date.now,
  ) {
    this.startedAt = wallClock();
  }

  /** Called as simulated time advances; draws at most five times a second. */
  update(now: SimTime): void {
    if (!this.stream.isTTY) return;
    const wall = this.wallClock();
    if (wall - this.startedAt < 1000 || wall - this.lastDrawn < 200) return;
    this.lastDrawn = wall;
    this.shown = true;
    const pct = this.duration > 0n ? Number((now * 1000n) / this.duration) / 10 : 100;
    this.stream.write(`\r[libsim] simulated ${formatTime(now)} / ${formatTime(this.duration)} (${pct.toFixed(1)}%)`);
  }

  /** Ends the line if one was drawn. */
  done(): void {
    if (this.shown) this.stream.write('\n');
  }
}
