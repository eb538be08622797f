// SPDX-License-Identifier: GPL-2.0-only
/**
 * What libsim reads as input -- the topology of run, validate and exec,
 * every file test finds -- is a regular file of at most 64 MiB: anything
 * else is bad input naming it, at once (a FIFO used to block forever,
 * /dev/zero to take 16 GB and abort).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { badInputLine, runCli, tempDirs } from '../../helpers/cli';
import { repoRoot } from '../../helpers/repo-root';

const QUICKSTART = join(repoRoot(), 'topologies/quickstart.yaml');
const BOUND = { timeoutMs: 20_000 };

describe('libsim: input files that are not regular files', () => {
  const temp = tempDirs('libsim-files-');
  after(temp.cleanUp);
  const fifo = (): string => {
    const f = join(temp.make(), 'f.yaml');
    execFileSync('mkfifo', [f]);
    return f;
  };

  it('run /dev/zero is bad input naming it, not 16 GB of memory', () => {
    const line = badInputLine(runCli(['run', '/dev/zero', '--out', temp.make()], BOUND));
    expect(line).to.equal('libsim: /dev/zero: not a regular file (a character device)');
  });

  it('a FIFO is bad input for run, validate and exec, without waiting for a writer', () => {
    for (const args of [['run'], ['validate'], ['exec']]) {
      const f = fifo();
      const extra = args[0] === 'exec' ? ['h1', '--', 'ip', 'route'] : args[0] === 'run' ? ['--out', temp.make()] : [];
      const line = badInputLine(runCli([...args, f, ...extra], BOUND));
      expect(line, args[0]).to.equal(`libsim: ${f}: not a regular file (a FIFO)`);
    }
  });

  it('test: a FIFO among the files found is a failed load in TAP, the others still run', () => {
    const dir = temp.make();
    mkdirSync(join(dir, 'sub'));
    execFileSync('mkfifo', [join(dir, 'a.yaml')]);
    copyFileSync(join(repoRoot(), 'topologies/regression/default-route.yaml'), join(dir, 'sub', 'b.yaml'));
    const r = runCli(['test', dir], BOUND);
    expect(r.timedOut, r.err).to.equal(false);
    expect(r.code).to.equal(2);
    expect(r.out)
      .to.contain(`not ok 1 - ${join(dir, 'a.yaml')}: load`)
      .and.to.contain('not a regular file (a FIFO)');
    expect(r.out).to.match(/\nok 2 - /);
  });

  it('a topology larger than 64 MiB is bad input, read no further than the limit', () => {
    const big = join(temp.make(), 'big.yaml');
    copyFileSync(QUICKSTART, big);
    truncateSync(big, 64 * 1024 * 1024 + 1); // the quickstart, then zeros (sparse)
    const line = badInputLine(runCli(['validate', big], BOUND));
    expect(line).to.equal(`libsim: ${big}: larger than 64 MiB (67108865 bytes)`);
  });
});
