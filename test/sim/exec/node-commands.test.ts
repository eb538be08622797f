// SPDX-License-Identifier: GPL-2.0-only
/**
 * A node's `run:` commands (sim/exec/node-commands.ts) on two real nodes: a
 * failure's message, timed commands with their stdin, and a kernel fault
 * during a command.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandFailedError } from '../../../sim/exec/command-failed-error';
import type { CommandResult } from '../../../sim/exec/command-runner';
import { checkExit, NodeCommands } from '../../../sim/exec/node-commands';
import { KernelFaultError } from '../../../sim/kernel/errors';
import type { CommandSpec } from '../../../sim/topology/topology';
import { twoNodes } from '../../helpers/two-nodes';

const ROOT = join(__dirname, '../../../..');
const LIB_DEBUG_BUG = 1;

const spec = (at: bigint, cmd: string, allowFail = false, stdin: string | null = null): CommandSpec => ({
  at,
  cmd,
  argv: cmd.split(' '),
  allowFail,
  stdin,
  path: 'nodes.a.run[0]',
  line: 1,
});

describe('sim/exec/node-commands', () => {
  it("checkExit: a failure names node, time, command, status and the tool's text; allow-fail passes", () => {
    const r: CommandResult = {
      node: 'r1',
      at_ns: 2_500_000_000n,
      cmd: 'ip link set nosuch up',
      exit: 1,
      signal: null,
      stdout: '',
      stderr: 'Cannot find device "nosuch"\n',
      syscalls: 12,
    };
    expect(() => checkExit(r, false)).to.throw(
      CommandFailedError,
      /^node r1 at 2\.500000000s: "ip link set nosuch up" exited with status 1: Cannot find device "nosuch"$/,
    );
    expect(() => checkExit(r, true)).not.to.throw();
    expect(() => checkExit({ ...r, exit: null, signal: 'SIGSEGV' }, false)).to.throw(/was killed by SIGSEGV/);
    expect(() => checkExit({ ...r, exit: 0 }, false)).not.to.throw();
  });

  it('runs timed commands at their time, in order, with time held', async () => {
    const t = twoNodes();
    try {
      const seen: Array<[string, bigint, string]> = [];
      const c = new NodeCommands(
        t.sim,
        t.a,
        [
          spec(1_000_000_000n, 'ip link set eth0 mtu 1400'),
          spec(1_000_000_000n, 'ip -o link show eth0'),
          spec(2_000_000_000n, 'ip -o link show eth0'),
        ],
        { allowExec: false },
        (r) => seen.push([r.cmd, r.at_ns, r.stdout]),
      );
      t.sim.schedule(1_000_000_000n, () => seen.push(['(an event scheduled before)', t.sim.now, '']));
      c.scheduleTimed();
      await t.sim.runAsync(3_000_000_000n);
      expect(seen.map(([cmd, at]) => [cmd, at])).to.deep.equal([
        ['(an event scheduled before)', 1_000_000_000n],
        ['ip link set eth0 mtu 1400', 1_000_000_000n],
        ['ip -o link show eth0', 1_000_000_000n],
        ['ip -o link show eth0', 2_000_000_000n],
      ]);
      expect(seen[2]![2]).to.contain('mtu 1400');
    } finally {
      t.close();
    }
  });

  it('a timed command gets its stdin: ip -batch - runs the lines', async () => {
    const t = twoNodes();
    try {
      const seen: string[] = [];
      const c = new NodeCommands(
        t.sim,
        t.a,
        [spec(1_000_000_000n, 'ip -batch -', false, 'link set eth0 mtu 1400\nlink show eth0\n')],
        { allowExec: false },
        (r) => seen.push(r.stdout),
      );
      c.scheduleTimed();
      await t.sim.runAsync(2_000_000_000n);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.match(/^2: eth0: <[^>]+> mtu 1400 /);
    } finally {
      t.close();
    }
  });

  it("a kernel fault during a command ends that node's commands, not the run", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'libsim-slow-'));
    // Commands run as nobody when libsim runs as root: the program must be one every user may run.
    chmodSync(dir, 0o755);
    const prog = join(dir, 'slow-socket');
    execFileSync('gcc', ['-O2', '-o', prog, join(ROOT, 'test/sim/exec/fixtures/slow-socket.c')]);
    const t = twoNodes();
    try {
      const seen: CommandResult[] = [];
      const c = new NodeCommands(
        t.sim,
        t.a,
        [spec(1_000_000_000n, prog), spec(1_500_000_000n, 'ip route')],
        { allowExec: true },
        (r) => seen.push(r),
      );
      // While the program sleeps on the host (time held at 1 s), a's kernel dies.
      t.sim.schedule(1_000_000_000n, () =>
        setTimeout(() => {
          try {
            t.a.enter('debug BUG', (k, now) => k.debug(LIB_DEBUG_BUG, 0n, now));
          } catch (e) {
            if (!(e instanceof KernelFaultError)) throw e;
          }
        }, 50),
      );
      c.scheduleTimed();
      let afterwards = 0n;
      t.sim.schedule(2_000_000_000n, () => {
        afterwards = t.sim.now;
      });
      await t.sim.runAsync(3_000_000_000n);
      expect(t.a.fault()?.time).to.equal(1_000_000_000n);
      // The command the fault killed is recorded, saying so; the later one never ran.
      expect(seen.map((r) => [r.cmd, r.exit, r.signal])).to.deep.equal([[prog, null, 'SIGKILL']]);
      expect(seen[0]!.stderr).to.match(/^libsim: the kernel of a faulted during this command, which was killed: /m);
      expect(afterwards).to.equal(2_000_000_000n);
      expect(t.b.isDead()).to.equal(false);
    } finally {
      t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
