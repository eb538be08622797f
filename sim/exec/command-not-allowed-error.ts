// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error program-lookup.ts throws for a program the allowlist does not
 * cover (or nstat with options it may not use); checkCommands
 * (node-commands.ts) reports it at the topology entry.  Bad input, exit 2.
 */
import { BadInputError } from '../core/errors';

/** A command names a program outside the allowlist (ip, tc, sysctl, bridge, ss, nstat) and --allow-exec was not given. */
export class CommandNotAllowedError extends BadInputError {
  override readonly name = 'CommandNotAllowedError';
}
