// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error of a command-line value libsim cannot use, and the base of the
 * CLI's other input errors (usage, --out, memory, a busy results directory,
 * a kernel mismatch): bad input, exit 2.  In sim/core because sim/run throws
 * it too (exec on an unknown node, a node's `kernel:` that is not a
 * liblinux).
 */
import { BadInputError } from './errors';

/** A command-line value that cannot be used (an override, a path). */
export class InputError extends BadInputError {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
