// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error program-lookup.ts and command-runner.ts throw for a program that
 * cannot be found or started, or a shim that is not built: bad input,
 * exit 2.
 */
import { BadInputError } from '../core/errors';

/** A command names a program that does not exist (or the exec shim is not built). */
export class CommandNotFoundError extends BadInputError {
  override readonly name = 'CommandNotFoundError';
}
