// SPDX-License-Identifier: GPL-2.0-only
/** The error readInputFile (input-file.ts) throws for an input file it will not read: bad input, exit 2. */
import { BadInputError } from '../core/errors';

/**
 * A file libsim reads as input that it cannot use as such: not a regular
 * file, too large, not UTF-8 text, or not readable.  The message is the
 * reason alone; the caller names the file (and what it was for).
 */
export class InputFileError extends BadInputError {
  override readonly name = 'InputFileError';
}
