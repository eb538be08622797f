// SPDX-License-Identifier: GPL-2.0-only
/** The error PointToPointLink's constructor throws for a LinkSpec it cannot be built from: internal, exit 70. */
import { InternalError } from '../core/errors';

/**
 * A {@link LinkSpec} that a link cannot be built from (zero rate, negative
 * delay, loss outside 0..1, no queue limit, ...). The topology loader
 * already refuses such values, so this means a builder or a hand-made spec
 * is wrong.
 */
export class LinkSpecError extends InternalError {
  override readonly name = 'LinkSpecError';
}
