// SPDX-License-Identifier: GPL-2.0-only
/** The error command-runner.ts throws when processes of a killed command outlive it: internal, exit 70. */
import { InternalError } from '../core/errors';

/**
 * Processes a command started were still there after SIGKILL to its
 * process group and a bounded wait (a process stuck in the host kernel):
 * the command cannot be said to have ended.
 */
export class CommandSurvivorsError extends InternalError {
  override readonly name = 'CommandSurvivorsError';
}
