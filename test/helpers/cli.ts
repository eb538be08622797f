// SPDX-License-Identifier: GPL-2.0-only
/** The real bin/libsim as a user runs it, with a wall-clock bound so that a hang fails the test instead of the suite. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

/** What a run of bin/libsim did: exit code (-1 when killed at the bound), stdout, stderr, wall time. */
export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
  /** It was still running at the bound and was killed. */
  readonly timedOut: boolean;
}

/** The checkout's bin/libsim. */
export const CLI = join(repoRoot(), 'bin/libsim');

/** Runs `bin/libsim ...args`; killed after `timeoutMs` (a hang is reported as timedOut, not waited for). */
export function runCli(
  args: readonly string[],
  options: { timeoutMs?: number; cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 << 20,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
  });
  return {
    code: r.status ?? -1,
    out: r.stdout ?? '',
    err: r.stderr ?? '',
    ms: Number((process.hrtime.bigint() - t0) / 1_000_000n),
    timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT',
  };
}

/** Temporary directories for one describe(): `make()` creates one, `cleanUp()` (in after()) removes them all. */
export function tempDirs(prefix: string): { make: () => string; cleanUp: () => void } {
  const dirs: string[] = [];
  return {
    make: (): string => {
      const d = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
    cleanUp: (): void => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

/**
 * Asserts the shape of a bad-input exit: code 2, within the bound, and
 * stderr exactly one line starting with `libsim: `.  Returns that line.
 */
export function badInputLine(r: CliResult): string {
  if (r.timedOut) throw new Error(`still running after ${r.ms} ms (a hang); stderr so far: ${r.err}`);
  if (r.code !== 2) throw new Error(`exit ${r.code}, expected 2 (bad input); stderr: ${r.err}`);
  const lines = r.err.split('\n');
  if (lines.length !== 2 || lines[1] !== '' || !lines[0]!.startsWith('libsim: ')) {
    throw new Error(`stderr is not one line starting with "libsim: ": ${JSON.stringify(r.err)}`);
  }
  return lines[0]!;
}
