// SPDX-License-Identifier: GPL-2.0-only
/**
 * The base of libsim's errors, with the exit code each kind of failure
 * gives the libsim command, and the errors of the simulation core (event
 * queue, simulator, random numbers).
 *
 * Each error class says what its failure means for the command's exit
 * code where it is declared, so the CLI reads it from the error instead
 * of keeping a list of classes that a new error class would have to join.
 */

/** The exit codes of the libsim command (README, "Exit codes"). */
export const EXIT = {
  OK: 0,
  /** A check of `checks:` failed. */
  CHECKS_FAILED: 1,
  /** Bad input: the topology, an option, a command it runs, or more than a node can hold. */
  BAD_INPUT: 2,
  /** A node's kernel faulted. */
  KERNEL_FAULT: 3,
  /** An internal error (EX_SOFTWARE): a bug, not the user's input. */
  INTERNAL: 70,
} as const;

/** One of the exit codes in {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An error of libsim: every error class of the project extends it, mostly
 * through BadInputError or InternalError, and so sets `exitCode`, the exit
 * code the command ends with when the error reaches it.
 */
export abstract class LibsimError extends Error {
  /** What the libsim command exits with when this error ends it. */
  abstract readonly exitCode: ExitCode;
}

/** Input libsim cannot use (the topology, an option, a command it runs): exit 2. */
export abstract class BadInputError extends LibsimError {
  readonly exitCode = EXIT.BAD_INPUT;
}

/** Not about the user's input: reaching the command, it is a bug (ours or the kernel port's): exit 70. */
export abstract class InternalError extends LibsimError {
  readonly exitCode = EXIT.INTERNAL;
}

/** An event was scheduled at a time the simulation has already passed, or with a negative delay. */
export class SchedulingError extends InternalError {
  override readonly name = 'SchedulingError';
}

/** `Simulator.run()` was called from inside an event while a run was already in progress. */
export class ReentrantRunError extends InternalError {
  override readonly name = 'ReentrantRunError';
}

/** A handle from one event queue was given to another. */
export class ForeignHandleError extends InternalError {
  override readonly name = 'ForeignHandleError';
}

/** A core API was called with an argument outside its documented range (e.g. `nextInt(0)`). */
export class InvalidArgumentError extends InternalError {
  override readonly name = 'InvalidArgumentError';
}

/** Promise continuations kept releasing each other without ever blocking (an app that never waits). */
export class SettleError extends InternalError {
  override readonly name = 'SettleError';
}
