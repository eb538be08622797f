// SPDX-License-Identifier: GPL-2.0-only
import { BadInputError } from '../core/errors';

/** A command line that cannot be split into words (unclosed quote, empty, too long). */
export class CommandSyntaxError extends BadInputError {
  override readonly name = 'CommandSyntaxError';
}
