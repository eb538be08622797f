// SPDX-License-Identifier: GPL-2.0-only
import { BadInputError } from '../core/errors';

/** A command names a program outside the allowlist (ip, tc, sysctl, bridge, ss, nstat) and --allow-exec was not given. */
export class CommandNotAllowedError extends BadInputError {
  override readonly name = 'CommandNotAllowedError';
}
