// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error the argv parser (argv-parser.ts) throws for a command line the
 * command does not take: bad input, exit 2.
 */
import { InputError } from '../core/input-error';

/** A command line that does not fit the command: unknown option, missing argument, bad choice. */
export class UsageError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
