// SPDX-License-Identifier: GPL-2.0-only
import { InputError } from '../core/input-error';

/** An output directory (`--out`) that cannot be created or written: names the option and the directory. */
export class OutDirError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'OutDirError';
  }
}
