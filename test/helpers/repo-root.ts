// SPDX-License-Identifier: GPL-2.0-only
/**
 * The checkout a test runs in, for tests that read the repository's own
 * files (liblinux.h, the built library, the sources), whether run from test/
 * or from dist/test/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The checkout's root: the first ancestor of this file holding
 * kernel/include/liblinux.h (works from test/ and from dist/test/).
 */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'kernel', 'include', 'liblinux.h'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no kernel/include/liblinux.h above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
