// SPDX-License-Identifier: GPL-2.0-only
/** A command line that cannot be split into words (unclosed quote, empty, too long). */
export class CommandSyntaxError extends Error {
  override readonly name = 'CommandSyntaxError';
}
