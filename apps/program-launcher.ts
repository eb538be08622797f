// SPDX-License-Identifier: GPL-2.0-only
/**
 * What the process app needs from whoever runs programs against a node's
 * kernel (the simulation's per-node command runners, sim/exec): the app
 * knows its spec and its result, not how a program is confined or served,
 * nor where its output is kept.
 */
import type { TimedOutcome } from '../sim/exec/command-runner';
import type { ProgramHandle } from '../sim/exec/program-steps';

/** One program to run in simulated time. */
export interface ProgramRequest {
  /** The node it runs on. */
  readonly node: string;
  /** The file resolve() found. */
  readonly program: string;
  readonly argv: readonly string[];
  /** The command line as written. */
  readonly cmd: string;
  /** The topology's environment variables for it (`env:`). */
  readonly env: Readonly<Record<string, string>>;
  /** Bytes of each stream its outcome keeps (the rest is cut with a marker, and kept in its files). */
  readonly keptBytes: number;
  /** When to stop it (SIGTERM), or null. */
  readonly stopAt: bigint | null;
  /** Bound to the program, to stop it at another time. */
  readonly handle: ProgramHandle;
}

/** Where a program's whole output is kept: paths relative to the results directory. */
export interface OutputFiles {
  readonly stdout: string;
  readonly stderr: string;
}

/** A program started: where its whole output goes, and how it ends. */
export interface LaunchedProgram {
  /** Its output files. */
  readonly files: OutputFiles;
  /** Settles when it has exited or been stopped. */
  readonly done: Promise<TimedOutcome>;
}

export interface ProgramLauncher {
  /**
   * The program file argv[0] names, as `run:` commands find it (the
   * configuration tools, or anything with --allow-exec).
   * @throws CommandNotAllowedError, CommandNotFoundError
   */
  resolve(argv: readonly string[]): string;
  /**
   * Runs it from now, in simulated time, until it exits or is stopped
   * (`stopAt`, `handle`); its output files are open when this returns.
   */
  run(request: ProgramRequest): LaunchedProgram;
}
