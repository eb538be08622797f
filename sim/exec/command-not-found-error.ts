// SPDX-License-Identifier: GPL-2.0-only
import { BadInputError } from '../core/errors';

/** A command names a program that does not exist (or the exec shim is not built). */
export class CommandNotFoundError extends BadInputError {
  override readonly name = 'CommandNotFoundError';
}
