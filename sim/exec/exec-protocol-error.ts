// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error exec-protocol.ts throws, and command-runner.ts passes on naming
 * the command, for a malformed request on the exec channel: internal,
 * exit 70.
 */
import { InternalError } from '../core/errors';

/** The exec shim sent something that is not a well-formed request (a bug in the shim, or not the shim). */
export class ExecProtocolError extends InternalError {
  override readonly name = 'ExecProtocolError';
}
