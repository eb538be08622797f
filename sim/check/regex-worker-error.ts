// SPDX-License-Identifier: GPL-2.0-only
import { InternalError } from '../core/errors';

/** The worker thread that runs checks' regular expressions did not start, or answered nonsense: an internal error. */
export class RegexWorkerError extends InternalError {
  override readonly name = 'RegexWorkerError';
}
