// SPDX-License-Identifier: GPL-2.0-only
/**
 * `run:` commands and `libsim exec` through the real CLI: output a user
 * sees, errors naming node, time and command with the tool's own text,
 * the allowlist, the wall-clock bound.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'bin/libsim');
const IPROUTE2 = join(ROOT, 'topologies/iproute2.yaml');

interface Cli {
  code: number;
  out: string;
  err: string;
  ms: number;
}

function cli(...args: string[]): Cli {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return {
    code: r.status ?? -1,
    out: r.stdout,
    err: r.stderr,
    ms: Number((process.hrtime.bigint() - t0) / 1_000_000n),
  };
}

const ONE_NODE = (run: string): string => `duration: 2s
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24] }
    run:
${run}`;

describe('libsim run: commands and libsim exec', function () {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const temp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'libsim-cmd-'));
    dirs.push(d);
    return d;
  };
  const topology = (text: string): { file: string; out: string } => {
    const d = temp();
    writeFileSync(join(d, 't.yaml'), text);
    return { file: join(d, 't.yaml'), out: join(d, 'out') };
  };

  it('exec prints what ip prints on the node at that time', () => {
    const r = cli('exec', IPROUTE2, 'r1', '--at', '2s', '--', 'ip', 'route');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.equal(
      '10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.1 \n' +
        '10.0.2.0/24 dev eth1 proto kernel scope link src 10.0.2.1 \n',
    );
    const h1 = cli('exec', IPROUTE2, 'h1', '--at', '0s', '--', 'ip', '-j', 'route', 'get', '10.0.2.2');
    expect(h1.code, h1.err).to.equal(0);
    expect(JSON.parse(h1.out)[0]).to.include({
      dst: '10.0.2.2',
      gateway: '10.0.1.1',
      dev: 'eth0',
      prefsrc: '10.0.1.2',
    });
  });

  it('exec sees timed commands that ran before --at, and not later ones', () => {
    const { file } = topology(ONE_NODE('      - { at: 1s, cmd: "ip link set eth0 mtu 1300" }\n'));
    const before = cli('exec', file, 'h1', '--at', '999ms', '--', 'ip', '-j', 'link', 'show', 'eth0');
    const after = cli('exec', file, 'h1', '--at', '1s', '--', 'ip', '-j', 'link', 'show', 'eth0');
    expect(JSON.parse(before.out)[0].mtu).to.equal(1500);
    expect(JSON.parse(after.out)[0].mtu).to.equal(1300);
  });

  it("exec passes on the tool's exit status and error text; refuses unknown nodes and programs", () => {
    const r = cli('exec', IPROUTE2, 'h1', '--', 'ip', 'link', 'show', 'nosuch');
    expect(r.code).to.equal(1);
    expect(r.err).to.equal('Device "nosuch" does not exist.\n');
    const node = cli('exec', IPROUTE2, 'zz', '--', 'ip', 'route');
    expect(node.code).to.equal(2);
    expect(node.err).to.contain('no node "zz"');
    const cat = cli('exec', IPROUTE2, 'h1', '--', 'cat', '/proc/net/dev');
    expect(cat.code).to.equal(2);
    expect(cat.err).to.contain('only ip, tc, sysctl, bridge, ss').and.to.contain('--allow-exec');
    const allowed = cli('exec', IPROUTE2, 'r1', '--allow-exec', '--', 'cat', '/proc/net/dev');
    expect(allowed.code, allowed.err).to.equal(0);
    expect(allowed.out).to.contain('  eth1:');
  });

  it("a failing command stops the run: exit 2, one line with node, time, command and the tool's text", () => {
    const { file, out } = topology(ONE_NODE('      - ip route add 10.9.0.0/16 via 10.99.0.1\n'));
    const r = cli('run', file, '--out', out);
    expect(r.code).to.equal(2);
    expect(r.err).to.equal(
      'libsim: node h1 at 0.000000000s: "ip route add 10.9.0.0/16 via 10.99.0.1" exited with status 2: Error: Nexthop has invalid gateway.\n',
    );
    expect(existsSync(join(out, 'summary.json'))).to.equal(false);
    const timed = topology(ONE_NODE('      - { at: 1500ms, cmd: "ip link set nosuch up" }\n'));
    const t = cli('run', timed.file, '--out', timed.out);
    expect(t.code).to.equal(2);
    expect(t.err).to.equal(
      'libsim: node h1 at 1.500000000s: "ip link set nosuch up" exited with status 1: Cannot find device "nosuch"\n',
    );
  });

  it('allow-fail records the failure and goes on', () => {
    const { file, out } = topology(
      ONE_NODE(
        [
          '      - { cmd: "ip route add 10.9.0.0/16 via 10.99.0.1", allow-fail: true }',
          '      - ip route add 10.9.0.0/16 via 10.0.0.99',
          '      - { at: 1s, cmd: "ip route show 10.9.0.0/16" }',
          '',
        ].join('\n'),
      ),
    );
    const r = cli('run', file, '--out', out, '--log-level', 'info');
    expect(r.code, r.err).to.equal(0);
    // libsim.log has every command with its output, as records of component exec.
    const logged = readFileSync(join(out, 'libsim.log'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map(
        (l) =>
          JSON.parse(l) as {
            msg: string;
            component: string;
            node: string;
            cmd: string;
            exit: number;
            stdout: string;
            simTime: string;
          },
      )
      .filter((l) => l.msg === 'command');
    expect(logged.map((l) => [l.component, l.node, l.cmd, l.exit])).to.deep.equal([
      ['exec', 'h1', 'ip route add 10.9.0.0/16 via 10.99.0.1', 2],
      ['exec', 'h1', 'ip route add 10.9.0.0/16 via 10.0.0.99', 0],
      ['exec', 'h1', 'ip route show 10.9.0.0/16', 0],
    ]);
    expect(logged[2]!.stdout).to.equal('10.9.0.0/16 via 10.0.0.99 dev eth0 \n');
    const cmds = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).commands;
    expect(cmds.map((c: { exit: number; at_ns: number }) => [c.exit, c.at_ns])).to.deep.equal([
      [2, 0],
      [0, 0],
      [0, 1e9],
    ]);
    expect(cmds[0].stderr).to.equal('Error: Nexthop has invalid gateway.\n');
    expect(cmds[2].stdout).to.equal('10.9.0.0/16 via 10.0.0.99 dev eth0 \n');
    expect(readFileSync(join(out, 'commands', 'h1.txt'), 'utf8')).to.equal(
      '$ ip route add 10.9.0.0/16 via 10.99.0.1    # at 0.000000000s, exit 2\n' +
        '--- stderr\nError: Nexthop has invalid gateway.\n' +
        '$ ip route add 10.9.0.0/16 via 10.0.0.99    # at 0.000000000s, exit 0\n' +
        '$ ip route show 10.9.0.0/16    # at 1.000000000s, exit 0\n' +
        '10.9.0.0/16 via 10.0.0.99 dev eth0 \n',
    );
  });

  it('a program outside the allowlist is bad input naming path and line, before anything runs', () => {
    const { file, out } = topology(ONE_NODE('      - ip link\n      - { at: 1s, cmd: "cat /etc/hostname" }\n'));
    const r = cli('run', file, '--out', out);
    expect(r.code).to.equal(2);
    expect(r.err).to.match(
      /^libsim: .*t\.yaml: nodes\.h1\.run\[1\]: cat: only ip, tc, sysctl, bridge, ss, nstat may run on a node \(--allow-exec runs other programs\) \(line 8\)\n$/,
    );
    expect(existsSync(join(out, 'summary.json'))).to.equal(false);
    expect(existsSync(join(out, 'commands'))).to.equal(false);
  });

  it('validate checks run: programs against the allowlist too, and counts commands', () => {
    const ok = cli('validate', IPROUTE2);
    expect(ok.code, ok.err).to.equal(0);
    expect(ok.out).to.match(/: ok \(3 nodes, 2 links, 2 apps, 21 commands\)\n$/);
    const { file } = topology(ONE_NODE('      - { at: 1s, cmd: "cat /etc/hostname" }\n'));
    const bad = cli('validate', file);
    expect(bad.code).to.equal(2);
    expect(bad.err).to.contain('nodes.h1.run[0]: cat: only ip, tc, sysctl, bridge, ss');
    expect(cli('validate', file, '--allow-exec').code).to.equal(0);
  });

  it('a command that never finishes is killed at its wall-clock bound, which the error names', () => {
    const { file, out } = topology(ONE_NODE('      - { at: 1s, cmd: "sleep 100" }\n'));
    const r = cli('run', file, '--out', out, '--allow-exec', '--exec-timeout', '300ms');
    expect(r.code).to.equal(2);
    expect(r.err).to.contain(
      'node h1 at 1.000000000s: "sleep 100" did not finish within its wall-clock bound of 300 ms',
    );
    expect(r.ms).to.be.below(20_000);
  });
});
