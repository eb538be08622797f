// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error checkMemory (memory-estimate.ts) throws before any node boots
 * when the nodes will not fit in the memory available (--force runs anyway):
 * bad input, exit 2.
 */
import { InputError } from '../core/input-error';

/** A run that cannot fit in the memory available. */
export class MemoryError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryError';
  }
}
