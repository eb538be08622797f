// SPDX-License-Identifier: GPL-2.0-only
import { BadInputError } from './errors';

/** A command-line value that cannot be used (an override, a path). */
export class InputError extends BadInputError {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
