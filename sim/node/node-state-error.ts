// SPDX-License-Identifier: GPL-2.0-only
/** The error Node (node.ts) throws when it is called out of order or wrongly: internal, exit 70. */
import { InternalError } from '../core/errors';

/**
 * A node was used out of order or wrongly by the simulator itself: a call
 * before boot(), a second boot(), a device name or ifindex taken twice, a
 * re-entrant call into a node that is inside an entry.  A bug in the
 * caller, not something the simulated network did.
 */
export class NodeStateError extends InternalError {
  override readonly name = 'NodeStateError';
}
