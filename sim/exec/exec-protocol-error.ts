// SPDX-License-Identifier: GPL-2.0-only
import { InternalError } from '../core/errors';

/** The exec shim sent something that is not a well-formed request (a bug in the shim, or not the shim). */
export class ExecProtocolError extends InternalError {
  override readonly name = 'ExecProtocolError';
}
