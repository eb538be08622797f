// SPDX-License-Identifier: GPL-2.0-only
/** The error PointToPointLink throws when devices are wired to it wrongly: internal, exit 70. */
import { InternalError } from '../core/errors';

/**
 * A link end was used wrongly: a side attached twice, a side that is not
 * 'a' or 'b', or a frame sent towards a side that has no device yet.
 * Always a bug of whoever wires devices to links, never of the traffic.
 */
export class LinkAttachError extends InternalError {
  override readonly name = 'LinkAttachError';
}
