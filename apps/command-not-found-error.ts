// SPDX-License-Identifier: GPL-2.0-only
/** A command names a program that does not exist (or the exec shim is not built). */
export class CommandNotFoundError extends Error {
  override readonly name = 'CommandNotFoundError';
}
