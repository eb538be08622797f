// SPDX-License-Identifier: GPL-2.0-only
/** The TopologyError a read of a topology (or of part of one) raises. */
import { TopologyError } from '../../sim/topology/topology-error';

/** The TopologyError `read` raises, or a failure if it raises none. */
export function topologyErrorOf(read: () => unknown): TopologyError {
  try {
    read();
  } catch (err) {
    if (err instanceof TopologyError) return err;
    throw err;
  }
  throw new Error('expected a TopologyError');
}
