// SPDX-License-Identifier: GPL-2.0-only
/**
 * Nothing a command starts outlives it (issue 17): every way to start a
 * process or leave the command's process group fails, raw system calls
 * included (the shim's seccomp filter), and whatever is left in the group
 * when the command ends -- exit or timeout -- is killed and named on its
 * stderr.  `iperf3 -s -D` used to leave a daemon that kept the simulator
 * waiting for ever.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { running } from '../../helpers/host-processes';

const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'bin/libsim');
const QUICKSTART = join(ROOT, 'topologies/quickstart.yaml');

function cli(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('exec: nothing a command starts outlives it', function () {
  let dir: string;
  let escape: string;
  /** A program whose library's constructor forks a child that sleeps; with an argument, main sleeps too. */
  let early: string;
  before(() => {
    // World-searchable: the shim lets programs read only what every user may.
    dir = mkdtempSync(join(tmpdir(), 'libsim-procs-'));
    chmodSync(dir, 0o755);
    escape = join(dir, 'libsim-escape-fixture');
    execFileSync('gcc', ['-O2', '-Wall', '-pthread', '-o', escape, join(ROOT, 'test/sim/exec/fixtures/escape.c')]);
    execFileSync('gcc', [
      '-O2',
      '-Wall',
      '-shared',
      '-fPIC',
      '-o',
      join(dir, 'libearlyfork.so'),
      join(ROOT, 'test/sim/exec/fixtures/early-fork.c'),
    ]);
    early = join(dir, 'libsim-early-fixture');
    writeFileSync(
      join(dir, 'early-main.c'),
      '#include <stdio.h>\n#include <unistd.h>\nint main(int argc, char **argv) { (void)argv; puts("main"); if (argc > 1) sleep(60); return 0; }\n',
    );
    execFileSync('gcc', [
      '-O2',
      '-o',
      early,
      join(dir, 'early-main.c'),
      '-Wl,--no-as-needed',
      `-L${dir}`,
      '-learlyfork',
      `-Wl,-rpath,${dir}`,
    ]);
  });
  after(() => {
    for (const p of [...running(dir)]) process.kill(Number(p.split(' ')[0]), 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('every way to start a process or leave the group fails, raw system calls included', () => {
    const t0 = Date.now();
    const r = cli(['exec', QUICKSTART, 'h1', '--allow-exec', '--exec-timeout', '5s', '--', escape, 'raw']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim().split('\n')).to.deep.equal([
      'raw fork: Operation not permitted',
      'raw clone: Operation not permitted',
      // glibc then makes threads with clone, whose flags the filter can read.
      'raw clone3: Function not implemented',
      'raw setsid: Operation not permitted',
      'raw setpgid: Operation not permitted',
      'fork: Operation not permitted',
      'daemon: Operation not permitted',
      'system: -1',
      'raw vfork: Operation not permitted',
      'raw execve: Operation not permitted',
    ]);
    expect(r.stderr).to.equal('');
    expect(Date.now() - t0).to.be.below(5000);
    expect(running(escape)).to.deep.equal([]);
  });

  it('threads still work', () => {
    const r = cli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', escape, 'thread']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('pthread_create: ok\nthread result: 42\n');
  });

  it('iperf3 -s -D as a run: command ends within its bound and leaves no iperf3 behind', function () {
    if (spawnSync('iperf3', ['--version']).error !== undefined) this.skip();
    const marker = `libsim-iperf3-${process.pid}.pid`;
    const file = join(dir, 'iperf3.yaml');
    writeFileSync(
      file,
      `duration: 1s
nodes:
  h1:
    interfaces:
      eth0: {}
    run:
      - { at: 0s, cmd: "iperf3 -s -D --pidfile ${marker}", allow-fail: true }
`,
    );
    const t0 = Date.now();
    const r = cli(['run', file, '--allow-exec', '--exec-timeout', '1s', '--out', join(dir, 'out-iperf3')]);
    expect(r.status, r.stderr).to.equal(0);
    expect(Date.now() - t0).to.be.below(10_000);
    const commands = JSON.parse(readFileSync(join(dir, 'out-iperf3', 'summary.json'), 'utf8')).commands as Array<{
      exit: number;
      stderr: string;
    }>;
    expect(commands[0]!.exit).to.equal(1);
    expect(commands[0]!.stderr).to.equal('iperf3: error - unable to become a daemon: Operation not permitted\n');
    expect(running(marker)).to.deep.equal([]);
  });

  it("a library constructor, run before the shim's, cannot fork either (libsim-exec-start's filter)", () => {
    const t0 = Date.now();
    const r = cli(['exec', QUICKSTART, 'h1', '--allow-exec', '--exec-timeout', '5s', '--', early]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('main\n');
    // Without the filter before exec its child outlived the command (and was killed and named).
    expect(r.stderr).to.equal('');
    expect(Date.now() - t0).to.be.below(5000);
    expect(running(early)).to.deep.equal([]);
  });

  it('a command killed at its wall-clock bound leaves no process behind', () => {
    // The program sleeps (its library's constructor tried to fork a child that would hold the pipes).
    const t0 = Date.now();
    const r = cli(['exec', QUICKSTART, 'h1', '--allow-exec', '--exec-timeout', '500ms', '--', early, 'wait']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/did not finish within its wall-clock bound of 500 ms and was killed \(simulated/);
    expect(Date.now() - t0).to.be.below(5000);
    expect(running(early)).to.deep.equal([]);
  });
});
