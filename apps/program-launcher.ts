// SPDX-License-Identifier: GPL-2.0-only
/**
 * What the process app needs from whoever runs programs against a node's
 * kernel (the simulation's per-node command runners, sim/exec): the app
 * knows its spec and its result, not how a program is confined or served.
 */
import type { TimedOutcome } from '../sim/exec/command-runner';
import type { ProgramHandle } from '../sim/exec/program-steps';

export interface ProgramLauncher {
  /**
   * The program file argv[0] names, as `run:` commands find it (the
   * configuration tools, or anything with --allow-exec).
   * @throws CommandNotAllowedError, CommandNotFoundError
   */
  resolve(argv: readonly string[]): string;
  /** Runs it on `node` from now, in simulated time, until it exits or is stopped (`stopAt`, `handle`). */
  run(
    node: string,
    program: string,
    argv: readonly string[],
    cmd: string,
    stopAt: bigint | null,
    handle: ProgramHandle,
  ): Promise<TimedOutcome>;
}
