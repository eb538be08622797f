// SPDX-License-Identifier: GPL-2.0-only
/** Errors of the simulation core (event queue, simulator, random numbers). */

/** An event was scheduled at a time the simulation has already passed, or with a negative delay. */
export class SchedulingError extends Error {
  override readonly name = 'SchedulingError';
}

/** `Simulator.run()` was called from inside an event while a run was already in progress. */
export class ReentrantRunError extends Error {
  override readonly name = 'ReentrantRunError';
}

/** A handle from one event queue was given to another. */
export class ForeignHandleError extends Error {
  override readonly name = 'ForeignHandleError';
}

/** A core API was called with an argument outside its documented range (e.g. `nextInt(0)`). */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
}

/** Promise continuations kept releasing each other without ever blocking (an app that never waits). */
export class SettleError extends Error {
  override readonly name = 'SettleError';
}
