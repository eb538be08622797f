// SPDX-License-Identifier: GPL-2.0-only

/**
 * A file libsim reads as input that it cannot use as such: not a regular
 * file, too large, not UTF-8 text, or not readable.  The message is the
 * reason alone; the caller names the file (and what it was for).
 */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}
