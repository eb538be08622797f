// SPDX-License-Identifier: GPL-2.0-only

/** A command-line value that cannot be used (an override, a path). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
