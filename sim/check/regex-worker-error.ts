// SPDX-License-Identifier: GPL-2.0-only

/** The worker thread that runs checks' regular expressions did not start, or answered nonsense: an internal error. */
export class RegexWorkerError extends Error {
  override readonly name = 'RegexWorkerError';
}
