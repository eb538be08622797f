// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error prepareOutDir (out-dir.ts) throws, before anything runs, for an
 * output directory that cannot be used: bad input, exit 2.
 */
import { InputError } from '../core/input-error';

/** An output directory (`--out`) that cannot be created or written: names the option and the directory. */
export class OutDirError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'OutDirError';
  }
}
