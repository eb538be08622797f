// SPDX-License-Identifier: GPL-2.0-only
import { InputError } from '../core/input-error';

/** Another run is writing the same results directory. */
export class ResultsBusyError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsBusyError';
  }
}
