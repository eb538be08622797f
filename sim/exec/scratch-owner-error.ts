// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error scratch-owner.ts throws when a node's scratch directory cannot
 * change hands between libsim and a command's identity: internal, exit 70.
 */
import { InternalError } from '../core/errors';

/**
 * A node's scratch directory could not be lent to a command's identity or
 * taken back from it (sim/exec/scratch-owner.ts): a directory changed while it
 * was walked, or the host refused a change of owner.
 */
export class ScratchOwnerError extends InternalError {
  override readonly name = 'ScratchOwnerError';
}
