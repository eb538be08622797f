// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error splitCommand (command-words.ts) throws for a command line it
 * cannot split into words: bad input, exit 2.
 */
import { BadInputError } from '../core/errors';

/** A command line that cannot be split into words (unclosed quote, empty, too long). */
export class CommandSyntaxError extends BadInputError {
  override readonly name = 'CommandSyntaxError';
}
