// SPDX-License-Identifier: GPL-2.0-only
/**
 * Which programs a command may run and where they are found
 * (sim/exec/program-lookup.ts), and how a command line splits into words
 * (sim/topology/command-words.ts).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preloadable, resolveProgram, whyNotEveryoneMayRun } from '../../../sim/exec/program-lookup';
import { splitCommand } from '../../../sim/topology/command-words';
import { CommandNotAllowedError } from '../../../sim/exec/command-not-allowed-error';
import { CommandNotFoundError } from '../../../sim/exec/command-not-found-error';
import { CommandSyntaxError } from '../../../sim/topology/command-syntax-error';

describe('sim/exec/program-lookup', () => {
  it('splits on blanks; quotes group; nothing else is special (no shell)', () => {
    expect(splitCommand('ip  route add 10.0.0.0/8 via 10.0.0.1')).to.deep.equal([
      'ip',
      'route',
      'add',
      '10.0.0.0/8',
      'via',
      '10.0.0.1',
    ]);
    expect(splitCommand(`tc qdisc add dev eth0 root netem delay "10ms 2ms" loss '1%'`)).to.deep.equal([
      'tc',
      'qdisc',
      'add',
      'dev',
      'eth0',
      'root',
      'netem',
      'delay',
      '10ms 2ms',
      'loss',
      '1%',
    ]);
    expect(splitCommand('ip route; rm -rf / | cat $HOME')).to.deep.equal([
      'ip',
      'route;',
      'rm',
      '-rf',
      '/',
      '|',
      'cat',
      '$HOME',
    ]);
    expect(splitCommand('a "x\\"y" b\\ c ""')).to.deep.equal(['a', 'x"y', 'b c', '']);
  });

  it('refuses empty lines and unclosed quotes', () => {
    expect(() => splitCommand('   ')).to.throw(CommandSyntaxError, /empty/);
    expect(() => splitCommand('ip "route')).to.throw(CommandSyntaxError, /unclosed " quote/);
  });

  it('finds allowlisted tools in the system directories only', () => {
    for (const tool of ['ip', 'tc', 'sysctl', 'bridge', 'ss']) {
      const file = resolveProgram(tool, false);
      expect(file).to.match(new RegExp(`^/(usr/)?s?bin/${tool}$`));
    }
    expect(realpathSync(resolveProgram('/sbin/ip', false))).to.equal(realpathSync(resolveProgram('ip', false)));
  });

  it("runs nstat only with -a and -s (no history file in the host's /tmp), and only its harmless options", () => {
    for (const ok of [
      ['nstat', '-as'],
      ['nstat', '-a', '-s', '-j', 'IpInAddrErrors'],
      ['nstat', '-asjz', 'Ip*'],
      ['nstat', '--ignore', '--noupdate', '--pretty', '--json', '--zeros'],
      ['nstat', 'Icmp*', '-sa', '--', '-r'],
    ]) {
      expect(resolveProgram('nstat', false, ok), ok.join(' ')).to.match(/\/nstat$/);
    }
    const refused = (argv: string[]): void => {
      expect(() => resolveProgram('nstat', false, argv), argv.join(' ')).to.throw(CommandNotAllowedError);
    };
    for (const bad of [
      ['nstat'],
      ['nstat', '-a'],
      ['nstat', '-s', 'Ip*'],
      ['nstat', '-asr'],
      ['nstat', '-as', '-d', '5'],
      ['nstat', '-as', '--reset'],
      ['nstat', '-as', '--res'],
      ['nstat', '-asn'],
      ['nstat', '-as', '-t', '1'],
    ]) {
      refused(bad);
    }
    expect(() => resolveProgram('nstat', false, ['nstat'])).to.throw(/nstat needs -a and -s/);
    expect(() => resolveProgram('nstat', false, ['nstat', '-asr'])).to.throw(/nstat may not use -r/);
    // --allow-exec runs it as the user writes it.
    expect(resolveProgram('nstat', true, ['nstat'])).to.match(/\/nstat$/);
  });

  it('refuses anything else without allowExec, even a program named like a tool', () => {
    expect(() => resolveProgram('cat', false)).to.throw(
      CommandNotAllowedError,
      /only ip, tc, sysctl, bridge, ss, nstat.*--allow-exec/,
    );
    expect(() => resolveProgram('/bin/cat', false)).to.throw(CommandNotAllowedError);
    // A path whose basename is allowlisted but which is another file.
    expect(() => resolveProgram('/usr/bin/ss/../cat', false)).to.throw(Error);
    expect(() => resolveProgram('/tmp/no-such-dir/ip', false)).to.throw(CommandNotFoundError);
  });

  it('says why not every user may run a program: a closed directory above it, its mode, a script no one else may read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'libsim-everyone-'));
    try {
      chmodSync(dir, 0o755);
      const script = join(dir, 'script');
      writeFileSync(script, '#!/bin/sh\nip route\n');
      chmodSync(script, 0o755);
      expect(whyNotEveryoneMayRun(script)).to.equal(null);
      chmodSync(script, 0o711);
      expect(whyNotEveryoneMayRun(script)).to.equal('mode 0711: a script not readable by every user');
      chmodSync(script, 0o754);
      expect(whyNotEveryoneMayRun(script)).to.equal('mode 0754: not executable by every user');
      chmodSync(script, 0o755);
      const closed = join(dir, 'closed');
      mkdirSync(closed);
      chmodSync(closed, 0o700);
      symlinkSync(script, join(closed, 'via-link'));
      expect(whyNotEveryoneMayRun(join(closed, 'via-link'))).to.equal(`${closed} is not searchable by every user`);
      // The path as given is searchable; where it leads is not.
      writeFileSync(join(closed, 'real'), '#!/bin/sh\n');
      chmodSync(join(closed, 'real'), 0o755);
      symlinkSync(join(closed, 'real'), join(dir, 'to-real'));
      expect(whyNotEveryoneMayRun(join(dir, 'to-real'))).to.equal(`${closed} is not searchable by every user`);
      // Both ends are searchable; the way between passes through a closed directory, as the kernel would.
      symlinkSync(join(closed, 'via-link'), join(dir, 'into-closed'));
      expect(whyNotEveryoneMayRun(join(dir, 'into-closed'))).to.equal(`${closed} is not searchable by every user`);
      // Relative links and "..": resolved where the kernel would.
      mkdirSync(join(dir, 'open'));
      chmodSync(join(dir, 'open'), 0o755);
      symlinkSync('../script', join(dir, 'open', 'up'));
      expect(whyNotEveryoneMayRun(join(dir, 'open', 'up'))).to.equal(null);
      expect(whyNotEveryoneMayRun('/usr/sbin/ip')).to.equal(null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs any existing dynamically linked program or script with allowExec, never a static one', () => {
    expect(resolveProgram('cat', true)).to.match(/\/cat$/);
    expect(() => resolveProgram('no-such-program-libsim', true)).to.throw(CommandNotFoundError);
    const dir = mkdtempSync(join(tmpdir(), 'libsim-static-'));
    try {
      const src = join(dir, 'p.c');
      writeFileSync(src, 'int main(void) { return 0; }\n');
      execFileSync('gcc', ['-o', join(dir, 'dynamic'), src]);
      execFileSync('gcc', ['-static', '-o', join(dir, 'static'), src]);
      writeFileSync(join(dir, 'script'), '#!/bin/sh\nip route\n', { mode: 0o755 });
      expect(preloadable(join(dir, 'dynamic'))).to.equal(true);
      expect(preloadable(join(dir, 'script'))).to.equal(true);
      expect(preloadable(join(dir, 'static'))).to.equal(false);
      expect(() => resolveProgram(join(dir, 'static'), true)).to.throw(
        CommandNotAllowedError,
        /not a dynamically linked program/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
