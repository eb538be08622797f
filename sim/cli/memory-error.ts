// SPDX-License-Identifier: GPL-2.0-only
import { InputError } from '../core/input-error';

/** A run that cannot fit in the memory available. */
export class MemoryError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryError';
  }
}
