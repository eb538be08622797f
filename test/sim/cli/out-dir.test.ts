// SPDX-License-Identifier: GPL-2.0-only
/**
 * An output directory (--out of run, exec and test) that cannot be
 * created or written is bad input naming it (exit 2), found before
 * anything runs: /proc used to hang in mkdir, a read-only file system
 * to end in exit 70 with no path.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { badInputLine, CLI, runCli, tempDirs } from '../../helpers/cli';
import type { CliResult } from '../../helpers/cli';
import { repoRoot } from '../../helpers/repo-root';

const QUICKSTART = join(repoRoot(), 'topologies/quickstart.yaml');
const BOUND = { timeoutMs: 20_000 };

/** The command line of each command that takes --out, writing to `out`. */
function withOut(out: string): string[][] {
  return [
    ['run', QUICKSTART, '--out', out],
    ['exec', QUICKSTART, 'h1', '--out', out, '--', 'ip', 'route'],
    ['test', join(repoRoot(), 'topologies/regression/default-route.yaml'), '--out', out],
  ];
}

describe('libsim: --out that cannot be created or written', () => {
  const temp = tempDirs('libsim-out-');
  after(temp.cleanUp);

  it('under /proc or /sys: bad input at once, for run, exec and test', () => {
    for (const out of ['/proc/x', '/proc/self/libsim', '/sys/x']) {
      for (const args of withOut(out)) {
        const line = badInputLine(runCli(args, BOUND));
        expect(line, args.join(' ')).to.match(new RegExp(`^libsim: --out ${out}: `));
        expect(line).to.contain('pseudo-file system');
      }
    }
  });

  it('under /dev: refused, and nothing is created there', () => {
    const out = `/dev/libsim-out-test-${process.pid}`;
    try {
      const line = badInputLine(runCli(['run', QUICKSTART, '--out', out], BOUND));
      expect(line).to.match(new RegExp(`^libsim: --out ${out}: .*pseudo-file system`));
      expect(existsSync(out)).to.equal(false);
    } finally {
      if (existsSync(out)) rmdirSync(out);
    }
  });

  it('a file, or a directory below a file: bad input naming it', () => {
    const file = join(temp.make(), 'f');
    writeFileSync(file, '');
    for (const out of [file, join(file, 'sub')]) {
      const line = badInputLine(runCli(['run', QUICKSTART, '--out', out], BOUND));
      expect(line).to.match(new RegExp(`^libsim: --out ${out}: `));
    }
  });

  /**
   * bin/libsim with `mount` done first in a mount namespace of our own, so
   * the host's mounts stay as they are; null when that cannot be done
   * (not root, no unshare).
   */
  const inMountNamespace = (mount: string, args: readonly string[]): CliResult | null => {
    if (spawnSync('unshare', ['-m', 'sh', '-c', mount]).status !== 0) return null;
    const r = spawnSync('unshare', ['-m', 'sh', '-c', `${mount} && exec "$0" "$@"`, process.execPath, CLI, ...args], {
      encoding: 'utf8',
      timeout: 20_000,
      killSignal: 'SIGKILL',
    });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr, ms: 0, timedOut: r.status === null };
  };

  it('on a read-only file system: bad input naming it, for run, exec and test', function () {
    const ro = temp.make();
    for (const out of [ro, join(ro, 'sub')]) {
      for (const args of withOut(out)) {
        const r = inMountNamespace(`mount -t tmpfs -o ro tmpfs "${ro}"`, args);
        if (r === null) this.skip();
        expect(badInputLine(r), args.join(' ')).to.match(new RegExp(`^libsim: --out ${out}: .*EROFS`));
      }
    }
  });

  it('on procfs mounted anywhere: refused by its file system type', function () {
    const mnt = temp.make();
    const r = inMountNamespace(`mount -t proc proc "${mnt}"`, ['run', QUICKSTART, '--out', join(mnt, 'x')]);
    if (r === null) this.skip();
    expect(badInputLine(r)).to.equal(
      `libsim: --out ${join(mnt, 'x')}: ${mnt} is on procfs, a pseudo-file system ` +
        "(the kernel's interfaces), not a place for results",
    );
  });
});
