// SPDX-License-Identifier: GPL-2.0-only
/**
 * The builds kernel/build.sh keeps: every library it built, never
 * replaced, under <cache>/kernels/<Debian version>/<SHA-256 prefix>/.
 * Debian's archive serves only the newest linux-source-6.1, so a build of
 * an older revision could not be made again.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The build cache, chosen as kernel/build.sh chooses it. */
export function kernelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const own = env['LIBSIM_CACHE'];
  if (own) return own;
  try {
    accessSync('/var/cache/libsim', constants.W_OK);
    return '/var/cache/libsim';
  } catch {
    return join(env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache'), 'libsim');
  }
}

/** Paths of every kept library, sorted (by Debian version, then SHA-256 prefix). */
export function keptKernelPaths(cache: string = kernelCacheDir()): string[] {
  const root = join(cache, 'kernels');
  if (!existsSync(root)) return [];
  const dirs = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  const out: string[] = [];
  for (const debian of dirs(root)) {
    for (const sum of dirs(join(root, debian))) {
      const dir = join(root, debian, sum);
      for (const f of readdirSync(dir).sort()) {
        if (/^liblinux-.*\.so$/.test(f)) out.push(join(dir, f));
      }
    }
  }
  return out;
}

/** SHA-256 of text or bytes, hex. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of a file's bytes, hex. */
export function sha256File(path: string): string {
  return sha256Hex(readFileSync(path));
}

/**
 * The kept libraries whose SHA-256 starts with `id` (hex digits; the
 * directory names the first 12, a longer id is checked against the file).
 */
export function keptKernelsById(id: string, cache: string = kernelCacheDir()): string[] {
  const want = id.toLowerCase();
  return keptKernelPaths(cache).filter((p) => {
    const dirName = p.split('/').at(-2)!;
    if (!dirName.startsWith(want.slice(0, 12))) return false;
    return want.length <= 12 || sha256File(p).startsWith(want);
  });
}
