// SPDX-License-Identifier: GPL-2.0-only
/**
 * What the host kernel confines a command with, besides the shim's own
 * rules: libsim-exec-start (sim/exec/shim/start.c) always installs its
 * seccomp filter and drops every capability, and applies Landlock when the
 * host kernel has it.  Landlock is what keeps the writes of a program that
 * bypasses the shim (a Go program's raw system calls) in its node's
 * directory, so a program outside the allowlist runs only where it is
 * there; the allowlisted tools, which call glibc like any C program the
 * shim was tested with, run anyway.
 */
import { dirname, join } from 'node:path';
import { defaultShimPath } from './command-runner';
import { NoLandlockError } from './no-landlock-error';

/** The starter beside a shim. */
export function starterPath(shimPath: string = defaultShimPath()): string {
  return join(dirname(shimPath), 'libsim-exec-start');
}

/** The process's answer: asked once (it runs a program), kept for good. */
let known: number | null | undefined;

/**
 * The Landlock ABI commands run under (0: none), as the starter finds it
 * -- lowered by $LIBSIM_LANDLOCK_ABI_MAX, with which tests pretend to be
 * an older kernel; null when the starter is not built (the command runner
 * then refuses to run anything, saying so).
 */
export function hostLandlockAbi(): number | null {
  if (known !== undefined) return known;
  // Loaded here: node:child_process costs ~7 ms, and most runs start no program.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const r = spawnSync(starterPath(), ['--landlock-abi'], { encoding: 'utf8', timeout: 10_000 });
  known = r.status === 0 && /^\d+\n$/.test(r.stdout) ? Number(r.stdout) : null;
  return known;
}

/**
 * Refuses `argv0`, a program outside the allowlist, where the host kernel
 * has no Landlock.
 * @throws NoLandlockError
 */
export function requireLandlock(shown: string): void {
  if (hostLandlockAbi() !== 0) return;
  throw new NoLandlockError(
    `${shown}: --allow-exec programs run only where the host kernel has Landlock ` +
      '(Linux 5.13 or later, "landlock" among its LSMs), which keeps the writes of a program that bypasses the exec shim ' +
      "in its node's directory; this kernel has none (the allowlisted tools still run)",
  );
}
