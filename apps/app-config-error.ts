// SPDX-License-Identifier: GPL-2.0-only

/**
 * An application was given settings it cannot run with (a destination of
 * the wrong family, a negative count ...).  Raised when the app is built,
 * before the simulation runs; the message names the app and the setting.
 */
export class AppConfigError extends Error {
  override readonly name = 'AppConfigError';
}
