// SPDX-License-Identifier: GPL-2.0-only
/**
 * stdio on node files (sim/exec/shim/stdio.c): a node file fopen()ed for
 * reading keeps a buffer when the program asks for none, so an unbuffered
 * fread of 128 KiB from /dev/urandom (iperf3's) is a few calls to the
 * node, not one per byte -- with the same bytes in every run.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '../../helpers/cli';
import { runProcesses, TWO_HOSTS, yamlString } from '../../helpers/process-run';

const ROOT = join(__dirname, '../../../..');

describe('exec: stdio on node files', function () {
  this.timeout(120_000);
  const tmp = tempDirs('libsim-stdio-');
  after(() => tmp.cleanUp());

  it('an unbuffered fread of 128 KiB from /dev/urandom takes a few calls, and the same bytes every run', () => {
    const dir = tmp.make();
    chmodSync(dir, 0o755);
    const probe = join(dir, 'unbuffered-random');
    execFileSync('gcc', ['-O2', '-Wall', '-o', probe, join(ROOT, 'test/sim/exec/fixtures/unbuffered-random.c')]);
    chmodSync(probe, 0o755);
    const topology = `${TWO_HOSTS}apps:\n  - { type: process, node: h1, cmd: ${yamlString(probe)} }\n`;
    const first = runProcesses(tmp.make(), topology).entries[0]!;
    expect(first.exit, first.stderr).to.equal(0);
    const [got, digest] = first.stdout.trim().split(' ');
    expect(got).to.equal(String(128 * 1024));
    // One byte per call would be 131,072 calls; through a stdio buffer (BUFSIZ) it is tens.
    expect(first.syscalls).to.be.within(16, 64);
    const second = runProcesses(tmp.make(), topology).entries[0]!;
    expect(second.stdout.trim().split(' ')[1]).to.equal(digest);
  });
});
