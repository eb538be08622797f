// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error of an app built with settings it cannot run with, thrown by
 * apps/app-factory.ts and the apps' constructors before the run starts:
 * bad input, exit 2.
 */
import { BadInputError } from '../sim/core/errors';

/**
 * An application was given settings it cannot run with (a destination of
 * the wrong family, a negative count ...).  Raised when the app is built,
 * before the simulation runs; the message names the app and the setting.
 */
export class AppConfigError extends BadInputError {
  override readonly name = 'AppConfigError';
}
