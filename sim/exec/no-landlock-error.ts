// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error requireLandlock (exec-sandbox.ts) throws, when a program is
 * looked up, for a program outside the allowlist on a host without Landlock:
 * bad input, exit 2.
 */
import { BadInputError } from '../core/errors';

/**
 * A command names a program outside the allowlist (--allow-exec) on a host
 * whose kernel has no Landlock: nothing but the program's own good
 * behaviour would keep its writes in its node's directory.
 */
export class NoLandlockError extends BadInputError {
  override readonly name = 'NoLandlockError';
}
