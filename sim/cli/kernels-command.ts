// SPDX-License-Identifier: GPL-2.0-only
/**
 * `libsim kernels`: the liblinux builds kernel/build.sh kept in its cache,
 * with their SHA-256, release, Debian source version and path.  A node's
 * `kernel:` may name one by the first digits of its SHA-256.
 */
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { debianSourceOf, describeKernel, KernelBuild } from '../kernel/kernel-build';
import { KernelApiError } from '../kernel/errors';
import { kernelCacheDir, keptKernelPaths, sha256File } from '../kernel/kernel-store';
import { defaultLibraryPath } from '../kernel/liblinux';

/** The table `libsim kernels` prints; `*` marks the default library's build. */
export function formatKernels(builds: readonly KernelBuild[], defaultSha: string | null): string[] {
  const rows = builds.map((b) => [b.sha256 === defaultSha ? '*' : ' ', b.sha256, b.release, b.debian ?? '-', b.path]);
  const head = [' ', 'SHA-256', 'RELEASE', 'DEBIAN', 'PATH'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** What `libsim kernels` shows as the release of a build this libsim cannot load. */
export const NOT_LOADABLE = '(not loadable)';

/**
 * A kept build, or one this libsim cannot load (kept by an older libsim
 * whose library lacks a function of today's API): listed, not fatal.
 */
function describeKept(path: string): KernelBuild {
  try {
    return describeKernel(path);
  } catch (err) {
    if (!(err instanceof KernelApiError)) throw err;
    return { path, sha256: sha256File(path), release: NOT_LOADABLE, debian: debianSourceOf(path) };
  }
}

/** `libsim kernels`: prints the kept builds; 0. */
export async function kernelsCommand(): Promise<number> {
  const cache = kernelCacheDir();
  const builds = keptKernelPaths(cache).map(describeKept);
  const here = defaultLibraryPath();
  const current = existsSync(here) ? describeKernel(realpathSync(here)) : null;
  // A default library this cache did not keep (built elsewhere, or by hand) is listed too.
  if (current !== null && !builds.some((b) => b.sha256 === current.sha256)) builds.push(current);
  if (builds.length === 0) {
    process.stdout.write(
      `no kept builds in ${join(cache, 'kernels')} (kernel/build.sh keeps each library it builds)\n`,
    );
    return 0;
  }
  for (const line of formatKernels(builds, current?.sha256 ?? null)) process.stdout.write(`${line}\n`);
  process.stdout.write(`* the default library (${here})\n`);
  if (builds.some((b) => b.release === NOT_LOADABLE)) {
    process.stdout.write(`${NOT_LOADABLE}: kept by an older libsim; this one cannot run it (its API changed)\n`);
  }
  return 0;
}
