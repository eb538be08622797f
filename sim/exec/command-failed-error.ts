// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error a `run:` command that failed ends the run with, thrown by
 * checkExit (node-commands.ts) unless its entry allows the failure:
 * bad input, exit 2.
 */
import { BadInputError } from '../core/errors';

/**
 * A command run for a node exited with a non-zero status (or was killed
 * by a signal) and its entry does not say `allow-fail: true`.  The message
 * names the node, the simulated time and the command, and quotes the
 * tool's own error text.
 */
export class CommandFailedError extends BadInputError {
  override readonly name = 'CommandFailedError';
}
