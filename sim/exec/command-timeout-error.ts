// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error command-runner.ts throws for a command killed at its wall-clock
 * bound (--exec-timeout): bad input, exit 2.
 */
import { BadInputError } from '../core/errors';

/**
 * A command run for a node did not finish within its wall-clock bound
 * and was killed.  Simulated time stands still while a command runs, so a
 * tool that waits for the network (or for time) never finishes.
 */
export class CommandTimeoutError extends BadInputError {
  override readonly name = 'CommandTimeoutError';
}
