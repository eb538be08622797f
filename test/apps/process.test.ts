// SPDX-License-Identifier: GPL-2.0-only
/**
 * The process app through the CLI: real, unmodified Debian programs
 * (python3) run on nodes while simulated time advances.  Their sleeps end
 * at simulated times, their sockets are the nodes' and wait in simulated
 * time, two runs print the same, and a program that never waits is
 * stopped with a message naming node, program and simulated time.
 */
import { expect } from 'chai';
import { PYTHON, runProcesses, TWO_HOSTS, yamlString } from '../helpers/process-run';
import type { ProcessEntry } from '../helpers/process-run';
import { badInputLine, runCli, tempDirs } from '../helpers/cli';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

  const run = (topology: string, extra: readonly string[] = []): { entries: ProcessEntry[]; summary: string } =>
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
});
