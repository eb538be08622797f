// SPDX-License-Identifier: GPL-2.0-only
/**
 * The `--kernel` option of run, exec and test, checked before anything runs:
 * a path that is not a loadable liblinux is a one-line input error, not a
 * failure of the first node's boot.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { KernelApiError } from '../kernel/errors';
import { LibLinux } from '../kernel/liblinux';
import { quoteIfNeeded } from '../core/quote';
import { InputError } from '../core/input-error';

/**
 * `--kernel PATH`: checks that PATH is a liblinux this simulator can load
 * (it loads one copy, reads its kernel release and closes it) and returns
 * the absolute path and the release.  Undefined PATH: the default library.
 * @throws InputError naming the path and what is wrong with it
 */
export function checkKernelOption(path: string | undefined): { path: string | undefined; version: string | null } {
  if (path === undefined) return { path: undefined, version: null };
  const abs = resolve(path);
  const option = `--kernel ${quoteIfNeeded(path)}`;
  if (!existsSync(abs)) throw new InputError(`${option}: no such file`);
  if (!statSync(abs).isFile()) throw new InputError(`${option}: not a file`);
  let lib: LibLinux;
  try {
    lib = new LibLinux({ path: abs });
  } catch (err) {
    if (err instanceof KernelApiError) {
      throw new InputError(`${option}: not a liblinux shared library (${err.message})`);
    }
    throw err;
  }
  try {
    return { path: abs, version: lib.kernelVersion() };
  } finally {
    lib.close();
  }
}
