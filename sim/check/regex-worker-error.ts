// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error bounded-regex.ts throws when the worker thread that runs checks'
 * regular expressions fails to start or to answer: internal, exit 70.
 */
import { InternalError } from '../core/errors';

/** The worker thread that runs checks' regular expressions did not start, or answered nonsense: an internal error. */
export class RegexWorkerError extends InternalError {
  override readonly name = 'RegexWorkerError';
}
