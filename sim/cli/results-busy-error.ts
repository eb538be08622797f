// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error ResultsDirectory (results-directory.ts) throws when another run
 * holds the lock of the results directory this one would write: bad input,
 * exit 2.
 */
import { InputError } from '../core/input-error';

/** Another run is writing the same results directory. */
export class ResultsBusyError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsBusyError';
  }
}
