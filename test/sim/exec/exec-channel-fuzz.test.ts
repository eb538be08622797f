// SPDX-License-Identifier: GPL-2.0-only
/**
 * A program's arguments never reach a node's kernel as pointers into the
 * simulator (issue 17: zebra's socket filter made the simulator die with
 * SIGSEGV).  The simulator marshals the structures it knows (a socket
 * filter's sock_fprog), and the kernel reaches only the memory of a call's
 * own buffers, so any other address is EFAULT (zero-copy, which would pin
 * a program's pages, is refused); a hostile program that
 * writes its own requests on the shim's channel gets an errno or a result
 * for each, and the node it ran on keeps working.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'bin/libsim');
const QUICKSTART = join(ROOT, 'topologies/quickstart.yaml');

function cli(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 300_000 });
}

describe("exec: pointers in a program's arguments", function () {
  let dir: string;
  before(() => {
    // World-searchable: the shim lets programs read only what every user may.
    dir = mkdtempSync(join(tmpdir(), 'libsim-fuzz-'));
    chmodSync(dir, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a socket filter is carried across, and works as on Linux (checked on the host)', () => {
    const probe = join(dir, 'fprog-probe');
    execFileSync('gcc', ['-O2', '-Wall', '-o', probe, join(ROOT, 'test/sim/exec/fixtures/fprog-probe.c')]);
    // Linux itself is the oracle: the same program on the host's own stack.
    const host = execFileSync(probe, { encoding: 'utf8' });
    expect(host).to.equal(
      'keep 11: 3 bytes "hel"\nkeep 0: Resource temporarily unavailable\ndetached: 6 bytes "hello"\n',
    );
    const r = cli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', probe]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(host);
  });

  it('zero-copy is refused by the shim, and the program sends by copying as Linux does without it', () => {
    const probe = join(dir, 'zerocopy-probe');
    execFileSync('gcc', ['-O2', '-Wall', '-o', probe, join(ROOT, 'test/sim/exec/fixtures/zerocopy-probe.c')]);
    // On the host: without SO_ZEROCOPY, MSG_ZEROCOPY is a plain copying send.
    const host = execFileSync(probe, ['skip'], { encoding: 'utf8' });
    expect(host).to.equal('send MSG_ZEROCOPY: 10\nreceived: 10\n');
    const r = cli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', probe]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(`SO_ZEROCOPY: Operation not supported\n${host}`);
    expect(r.stderr).to.contain("setsockopt SO_ZEROCOPY: the node's kernel cannot pin a program's pages");
  });

  it('10,000 random requests written on the channel each get an errno or a result; the node lives', () => {
    const fuzz = join(dir, 'channel-fuzz');
    execFileSync('gcc', ['-O2', '-Wall', '-o', fuzz, join(ROOT, 'test/sim/exec/fixtures/channel-fuzz.c')]);
    for (const seed of ['1', '2']) {
      const r = cli(['exec', QUICKSTART, 'h1', '--allow-exec', '--exec-timeout', '120s', '--', fuzz, '10000', seed]);
      expect(r.status, `seed ${seed}: ${r.stdout}${r.stderr}`).to.equal(0);
      const [summary, state] = r.stdout.trim().split('\n');
      expect(summary, r.stdout).to.match(/^10000 replies well-formed: \d+ values/);
      // The fuzz reached every boundary: calls the runner refuses, addresses
      // outside the call's memory, and calls that succeed.
      expect(summary).to.match(/ENOSYS \d+/);
      expect(summary).to.match(/EFAULT \d+/);
      expect(Number(/: (\d+) values/.exec(summary!)![1])).to.be.greaterThan(500);
      expect(state).to.equal('alive');
    }
  });
});
