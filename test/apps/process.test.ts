// SPDX-License-Identifier: GPL-2.0-only
/**
 * The process app through the CLI: real, unmodified Debian programs
 * (python3) run on nodes while simulated time advances.  Their sleeps end
 * at simulated times, their sockets are the nodes' and wait in simulated
 * time, two runs print the same, and a program that never waits is
 * stopped with a message naming node, program and simulated time.
 */
import { expect } from 'chai';
import { PYTHON, pythonCmd, runProcesses, TWO_HOSTS, yamlString } from '../helpers/process-run';
import type { ProcessRun } from '../helpers/process-run';
import { badInputLine, runCli, tempDirs } from '../helpers/cli';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_ENV_STRING_BYTES } from '../../apps/process-params';
import { PROCESS_OUTPUT_KEPT } from '../../apps/process';

/** A TCP server on h2 that answers one line, and a client on h1 that prints when it sent and got it. */
const SERVER = `import socket
s = socket.socket()
s.bind(("10.0.0.2", 9000))
s.listen(1)
c, _ = s.accept()
c.sendall(c.recv(100).upper())
c.close()`;
const CLIENT = `import socket, time
c = socket.create_connection(("10.0.0.2", 9000))
t0 = time.time()
c.sendall(b"hello")
print(c.recv(100).decode(), t0, time.time())`;

describe('apps/process: real programs in simulated time', function () {
  this.timeout(120_000);
  const tmp = tempDirs('libsim-process-');
  after(() => tmp.cleanUp());

  const run = (topology: string, extra: readonly string[] = []): ProcessRun =>
    runProcesses(tmp.make(), topology, extra);

  it('sleeps in simulated time: time.sleep(2) started at 5 s prints 7.0', () => {
    const { entries } = run(
      TWO_HOSTS +
        `apps:\n  - type: process\n    node: h1\n    start: 5s\n` +
        `    cmd: ${yamlString(`${PYTHON} -c "import time; time.sleep(2); print(time.time())"`)}\n`,
    );
    const p = entries[0]!;
    expect(p.error).to.equal(null);
    expect(p.exit).to.equal(0);
    expect(p.stdout).to.equal('7.0\n');
    expect(p.start_s).to.equal(5);
    expect(p.end_s).to.equal(7);
    // The sleep went to the node's kernel.
    expect(p.syscalls).to.be.greaterThan(0);
  });

  it('connects, accepts and receives across nodes while time advances, the same in every run', () => {
    const topology =
      TWO_HOSTS +
      `apps:\n` +
      `  - { type: process, node: h2, start: 1s, cmd: ${yamlString(`${PYTHON} -c '${SERVER}'`)} }\n` +
      `  - { type: process, node: h1, start: 2s, cmd: ${yamlString(`${PYTHON} -c '${CLIENT}'`)} }\n`;
    const first = run(topology);
    const [server, client] = first.entries;
    expect(server!.exit, server!.stderr).to.equal(0);
    expect(client!.exit, client!.stderr).to.equal(0);
    const [word, sent, got] = client!.stdout.trim().split(' ');
    expect(word).to.equal('HELLO');
    // From 2 s: ARP, then the handshake, each a round trip of 2 x 5 ms and the frames' time on the wire.
    expect(Number(sent)).to.be.within(2.02, 2.021);
    // The request and its answer: one more round trip, in simulated time.
    expect(Number(got) - Number(sent)).to.be.within(0.01, 0.011);
    expect(client!.end_s).to.equal(Number(got));
    // The server ended when it had answered: before the client read the answer.
    expect(server!.end_s).to.be.lessThan(client!.end_s!);
    expect(run(topology).summary).to.equal(first.summary);
  });

  it("reads random bytes and pids from the node: the same for a seed, another node's or seed's differ", () => {
    const topology =
      TWO_HOSTS +
      `apps:\n` +
      `  - { type: process, node: h1, cmd: "od -An -tx1 -N8 /dev/urandom" }\n` +
      `  - { type: process, node: h2, cmd: "od -An -tx1 -N8 /dev/urandom" }\n` +
      `  - { type: process, node: h1, start: 1s, cmd: ${yamlString(`${PYTHON} -c 'import os; print(os.urandom(8).hex(), os.getpid())'`)} }\n`;
    const outputs = (extra: readonly string[]): string[] => run(topology, extra).entries.map((e) => e.stdout.trim());
    const one = outputs(['--seed', '1']);
    expect(one[0]).to.match(/^([0-9a-f]{2} ){7}[0-9a-f]{2}$/);
    expect(one[1]).to.not.equal(one[0]);
    const [hex, pid] = one[2]!.split(' ');
    expect(hex).to.match(/^[0-9a-f]{16}$/);
    // A pid of the node's kernel (a few dozen tasks exist after boot), not the host's.
    expect(Number(pid)).to.be.within(2, 1000);
    expect(outputs(['--seed', '1'])).to.deep.equal(one);
    const two = outputs(['--seed', '2']);
    expect(two[0]).to.not.equal(one[0]);
    expect(two[2]!.split(' ')[0]).to.not.equal(hex);
  });

  it('stops a program that never waits after its step bound, naming node, program and simulated time', () => {
    const { entries } = run(
      TWO_HOSTS +
        `apps:\n  - type: process\n    node: h1\n    start: 3s\n` +
        `    cmd: ${yamlString(`${PYTHON} -c "while True: pass"`)}\n`,
      ['--exec-timeout', '1s'],
    );
    const p = entries[0]!;
    expect(p.signal).to.equal('SIGKILL');
    expect(p.error).to.match(
      /^node h1: \/usr\/bin\/python3: one step ran longer than its wall-clock bound of 1000 ms at 3\.000/,
    );
  });

  it('refuses a command line that cannot be split at load, naming file, key and line', () => {
    const dir = tmp.make();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, `${TWO_HOSTS}apps:\n  - type: process\n    node: h1\n    cmd: 'ping "10.0.0.2'\n`);
    const line = badInputLine(runCli(['run', file, '--allow-exec', '--out', join(dir, 'out')]));
    expect(line).to.equal(`libsim: ${file}: apps[0].cmd: unclosed " quote (line 16)`);
  });

  it('stops a program still waiting at its stop time, at that simulated time', () => {
    const { entries } = run(
      TWO_HOSTS +
        `apps:\n  - type: process\n    node: h1\n    start: 1s\n    stop: 4s\n` +
        `    cmd: ${yamlString(`${PYTHON} -c "import time; time.sleep(100)"`)}\n`,
    );
    const p = entries[0]!;
    expect(p.signal).to.equal('SIGTERM');
    expect(p.end_s).to.equal(4);
  });

  it("gives the program its env: variables, which replace libsim's defaults but not what the shim needs", () => {
    const { entries } = run(
      TWO_HOSTS +
        `apps:\n  - type: process\n    node: h1\n` +
        `    cmd: ${pythonCmd('import os, json; print(json.dumps(dict(os.environ), sort_keys=True))')}\n` +
        `    env:\n      FOO: "bar baz"\n      N: 1.50\n      EMPTY: ""\n      HOME: /home/someone\n` +
        `      LC_ALL: C.UTF-8\n`,
    );
    const p = entries[0]!;
    expect(p.exit, p.stderr).to.equal(0);
    const env = JSON.parse(p.stdout) as Record<string, string>;
    expect(env).to.include({ FOO: 'bar baz', N: '1.50', EMPTY: '', HOME: '/home/someone', LC_ALL: 'C.UTF-8' });
    // The defaults not given stay, and the shim was loaded (its own variables are set by libsim alone).
    expect(env).to.include({ TZ: 'UTC', PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LIBSIM_TIMED: '1' });
    expect(env['LD_PRELOAD']).to.match(/^\/proc\/self\/fd\/\d+$/);
  });

  it("refuses the variables libsim's shim relies on, and bad names, naming file, key path and line", () => {
    const dir = tmp.make();
    const refused = (env: string): string => {
      const file = join(dir, 'env.yaml');
      writeFileSync(file, `${TWO_HOSTS}apps:\n  - type: process\n    node: h1\n    cmd: "sleep 1"\n    env:\n${env}`);
      return badInputLine(runCli(['validate', file, '--allow-exec'])).replace(file, 'FILE');
    };
    expect(refused('      OK: 1\n      LD_PRELOAD: /tmp/x.so\n')).to.equal(
      'libsim: FILE: apps[0].env.LD_PRELOAD: "LD_PRELOAD" may not be set: the LD_ variables are the dynamic ' +
        "loader's, and libsim loads its exec shim into the program through them (line 19)",
    );
    for (const name of ['LD_LIBRARY_PATH', 'LD_AUDIT', 'LD_DEBUG']) {
      expect(refused(`      ${name}: x\n`)).to.match(
        new RegExp(`apps\\[0\\]\\.env\\.${name}: "${name}" may not be set: the LD_`),
      );
    }
    for (const name of ['LIBSIM_NOW_NS', 'LIBSIM_SHIM_FD', 'LIBSIM_NODE_DIR', 'LIBSIM_TIMED', 'LIBSIM_ANYTHING']) {
      expect(refused(`      ${name}: "0"\n`)).to.equal(
        `libsim: FILE: apps[0].env.${name}: "${name}" may not be set: the LIBSIM_ variables are libsim's own: ` +
          'they tell the exec shim its channel, node and simulated time (line 18)',
      );
    }
    expect(refused('      2FOO: x\n')).to.equal(
      'libsim: FILE: apps[0].env.2FOO: "2FOO" is not an environment variable name ' +
        '(a letter or _, then letters, digits or _) (line 18)',
    );
    expect(refused('      FOO:\n')).to.equal(
      'libsim: FILE: apps[0].env.FOO: "FOO" has no value (write "" for an empty string) (line 18)',
    );
    // Linux's bound on one environment string (name, =, value and NUL): 4 + 131068 + 1 passes, one more does not.
    expect(refused(`      A: 1\n      BIG: ${'x'.repeat(MAX_ENV_STRING_BYTES)}\n`)).to.equal(
      'libsim: FILE: apps[0].env.BIG: BIG=... is 131077 bytes with its NUL: Linux passes at most 131072 ' +
        'to a program (MAX_ARG_STRLEN) (line 19)',
    );
  });

  it('writes each stream whole to apps/<index>-<node>.stdout and .stderr, the same in every run', () => {
    const big =
      'import sys; sys.stdout.write("".join(chr(97 + i % 26) for i in range(100000))); sys.stderr.write("e" * 70000)';
    const topology =
      TWO_HOSTS +
      `apps:\n` +
      `  - { type: process, node: h1, cmd: ${pythonCmd(big)} }\n` +
      `  - { type: ping, node: h2, to: 10.0.0.1, count: 1 }\n` +
      // More than the 8 MiB a run: command keeps: nothing of a process's output is bounded but its summary.
      `  - { type: process, node: h2, start: 1s, cmd: "head -c 9000000 /dev/zero" }\n` +
      `  - { type: process, node: h1, start: 20s, cmd: "true" }\n`;
    const first = run(topology);
    const [p, , zeros, never] = first.entries;
    expect(p!.exit, p!.stderr).to.equal(0);
    expect([p!.stdout_file, p!.stderr_file]).to.deep.equal(['apps/0-h1.stdout', 'apps/0-h1.stderr']);
    const stdout = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    expect(readFileSync(join(first.out, 'apps', '0-h1.stdout'), 'latin1')).to.equal(stdout);
    expect(readFileSync(join(first.out, 'apps', '0-h1.stderr'), 'latin1')).to.equal('e'.repeat(70_000));
    // The summary keeps 64 KiB of each and says how much there was.
    expect(p!.stdout).to.equal(`${stdout.slice(0, PROCESS_OUTPUT_KEPT)}\n[cut: 100000 bytes in all]\n`);
    expect(p!.stderr).to.equal(`${'e'.repeat(PROCESS_OUTPUT_KEPT)}\n[cut: 70000 bytes in all]\n`);
    expect(zeros!.exit, zeros!.stderr).to.equal(0);
    expect([zeros!.stdout_file, zeros!.stderr_file]).to.deep.equal(['apps/2-h2.stdout', 'apps/2-h2.stderr']);
    const file = readFileSync(join(first.out, zeros!.stdout_file!));
    expect(file.length).to.equal(9_000_000);
    expect(file.every((b) => b === 0)).to.equal(true);
    expect(zeros!.stdout).to.equal(`${'\0'.repeat(PROCESS_OUTPUT_KEPT)}\n[cut: 9000000 bytes in all]\n`);
    // A program that never started has no files.
    expect([never!.start_s, never!.stdout_file, never!.stderr_file]).to.deep.equal([null, null, null]);
    expect(readdirSync(join(first.out, 'apps')).sort()).to.deep.equal([
      '0-h1.stderr',
      '0-h1.stdout',
      '2-h2.stderr',
      '2-h2.stdout',
    ]);
    const second = run(topology);
    expect(second.summary).to.equal(first.summary);
    for (const f of readdirSync(join(first.out, 'apps'))) {
      expect(readFileSync(join(second.out, 'apps', f)).equals(readFileSync(join(first.out, 'apps', f))), f).to.equal(
        true,
      );
    }
    expect(existsSync(join(second.out, 'apps', '3-h1.stdout'))).to.equal(false);
  });
});
