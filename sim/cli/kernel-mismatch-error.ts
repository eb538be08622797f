// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error `libsim reproduce` ends with when no library here is the kernel
 * build the recorded run used (nor the one --kernel names): bad input,
 * exit 2, as every InputError.
 */
import { InputError } from '../core/input-error';

/** `libsim reproduce`: no library here is the build the recorded run used. */
export class KernelMismatchError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'KernelMismatchError';
  }
}
