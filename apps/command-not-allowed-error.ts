// SPDX-License-Identifier: GPL-2.0-only
/** A command names a program outside the allowlist (ip, tc, sysctl, bridge, ss, nstat) and --allow-exec was not given. */
export class CommandNotAllowedError extends Error {
  override readonly name = 'CommandNotAllowedError';
}
