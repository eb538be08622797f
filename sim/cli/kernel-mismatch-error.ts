// SPDX-License-Identifier: GPL-2.0-only
import { InputError } from '../core/input-error';

/** `libsim reproduce`: no library here is the build the recorded run used. */
export class KernelMismatchError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'KernelMismatchError';
  }
}
