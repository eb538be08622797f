// SPDX-License-Identifier: GPL-2.0-only
/**
 * Threads of a process app (sim/exec/shim/threads.c, sim/exec/call-server.ts):
 * each thread calls the node on a kernel task of its own, so one waiting in
 * the kernel does not hold up the others, and one thread runs at a time,
 * so every run gives the same results.  Through the CLI, with real Debian
 * programs: python3's threaded HTTP server against curl, and Python threads
 * that wait for each other on sockets, locks and conditions; and a C
 * program whose threads wait for each other in every way the shim
 * schedules (test/sim/exec/fixtures/threads-probe.c).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDirs } from '../helpers/cli';
import { PYTHON, runProcesses, TWO_HOSTS } from '../helpers/process-run';
import type { ProcessRun } from '../helpers/process-run';

const ROOT = join(__dirname, '../../..');

/** Thread B blocks in a receive on a loopback socket; the main thread sends to it a second later. */
const LOOPBACK = `import socket, threading, time
rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rx.bind(("127.0.0.1", 9000))
got = []
def b():
    data, _ = rx.recvfrom(100)
    got.append((data.decode(), time.time()))
t = threading.Thread(target=b)
t.start()
time.sleep(1)
sent = time.time()
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"ping", ("127.0.0.1", 9000))
t.join()
print(sent, got[0][0], got[0][1])`;

/** An echo server on h2. */
const ECHO = `import socket
s = socket.socket()
s.bind(("10.0.0.2", 9000))
s.listen(1)
c, _ = s.accept()
c.sendall(c.recv(100))
c.close()`;

/** Thread B blocks in a receive on a TCP connection to h2; the main thread sends on it a second later. */
const ACROSS = `import socket, threading, time
c = socket.create_connection(("10.0.0.2", 9000))
got = []
def b():
    got.append((c.recv(100).decode(), time.time()))
t = threading.Thread(target=b)
t.start()
time.sleep(1)
sent = time.time()
c.sendall(b"ping")
t.join()
print(sent, got[0][0], got[0][1])`;

/** A condition wait that times out, then one another thread notifies. */
const CONDITION = `import threading, time
c = threading.Condition()
t0 = time.time()
with c:
    r = c.wait(0.25)
print("timed out", r, round(time.time() - t0, 9))
def later():
    time.sleep(0.5)
    with c:
        c.notify()
t = threading.Thread(target=later)
t.start()
with c:
    r = c.wait(5)
print("notified", r, round(time.time() - t0, 9))
t.join()`;

const yamlString = (s: string): string => JSON.stringify(s);

describe('apps/process: threads', function () {
  this.timeout(120_000);
  const tmp = tempDirs('libsim-threads-');
  after(() => tmp.cleanUp());

  const run = (topology: string): ProcessRun => runProcesses(tmp.make(), topology);

  const apps = (...lines: string[]): string => `${TWO_HOSTS}apps:\n${lines.map((l) => `  - ${l}\n`).join('')}`;

  it("python3 -m http.server answers curl within a few round trips: its threads do not wait for the main thread's poll", () => {
    const { entries } = run(
      apps(
        `{ type: process, node: h2, start: 1s, cmd: ${yamlString(`${PYTHON} -m http.server 8000 --bind 10.0.0.2`)} }`,
        `{ type: process, node: h1, start: 2s, cmd: ${yamlString('curl -sS -o /dev/null -w "%{http_code} %{time_total}\\n" http://10.0.0.2:8000/')} }`,
      ),
    );
    const [server, curl] = entries;
    expect(curl!.exit, curl!.stderr).to.equal(0);
    const [code, total] = curl!.stdout.trim().split(' ');
    expect(code).to.equal('200');
    // ARP, the handshake, the request and its answer: three round trips of 10 ms, and the frames' time
    // on the wire (the server's main thread polls with a timeout of 0.5 s: it must not hold them up).
    expect(Number(total)).to.be.within(0.03, 0.035);
    expect(curl!.end_s! - curl!.start_s!).to.be.within(0.03, 0.035);
    expect(server!.stderr).to.contain('"GET / HTTP/1.1" 200');
    // Still serving at the end of the run.
    expect(server!.signal).to.equal('SIGTERM');
  });

  it('a thread blocked in a receive gets a datagram at the simulated time another thread sent it, the same every run', () => {
    const topology = apps(`{ type: process, node: h1, start: 1s, cmd: ${yamlString(`${PYTHON} -c '${LOOPBACK}'`)} }`);
    const first = run(topology);
    const p = first.entries[0]!;
    expect(p.error).to.equal(null);
    expect(p.exit, p.stderr).to.equal(0);
    // Sent after the sleep of 1 s from 1 s; received at that instant (loopback takes no time).
    expect(p.stdout).to.equal('2.0 ping 2.0\n');
    expect(p.end_s).to.equal(2);
    expect(run(topology).summary).to.equal(first.summary);
  });

  it('a thread blocked in a receive on a connection gets the echo of what another thread sent on it, a round trip later', () => {
    const topology = apps(
      `{ type: process, node: h2, start: 1s, cmd: ${yamlString(`${PYTHON} -c '${ECHO}'`)} }`,
      `{ type: process, node: h1, start: 2s, cmd: ${yamlString(`${PYTHON} -c '${ACROSS}'`)} }`,
    );
    const first = run(topology);
    const client = first.entries[1]!;
    expect(client.exit, client.stderr).to.equal(0);
    const [sent, word, got] = client.stdout.trim().split(' ');
    expect(word).to.equal('ping');
    // From 2 s: ARP and the handshake (two round trips), then the sleep of 1 s.
    expect(Number(sent)).to.be.within(3.02, 3.021);
    // There and back: 2 x 5 ms and the frames' time on the wire.
    expect(Number(got) - Number(sent)).to.be.within(0.01, 0.011);
    expect(run(topology).summary).to.equal(first.summary);
  });

  it('pthread mutexes, condition variables, read-write locks, semaphores, timed waits and joins: in simulated time, the same every run; and as a command', () => {
    const dir = tmp.make();
    chmodSync(dir, 0o755);
    const probe = join(dir, 'threads-probe');
    execFileSync('gcc', [
      '-O2',
      '-Wall',
      '-pthread',
      '-o',
      probe,
      join(ROOT, 'test/sim/exec/fixtures/threads-probe.c'),
    ]);
    const topology = apps(`{ type: process, node: h1, start: 1s, cmd: ${yamlString(probe)} }`);
    const first = run(topology);
    const p = first.entries[0]!;
    expect(p.exit, p.stderr).to.equal(0);
    // Worker i takes its turn after its five sleeps of i + 1 ms; the gate opens at 20 ms, after which
    // each reader sleeps 0.5 ms and posts; the timed wait no one signals ends 300 ms later.
    expect(p.stdout).to.equal(
      [
        'counter 400',
        '1.005000 turn 0',
        '1.010000 turn 1',
        '1.015000 turn 2',
        '1.020000 gate open 0',
        '1.020000 turn 3',
        '1.025000 turn 4',
        '1.030000 turn 5',
        '1.035000 turn 6',
        '1.040000 turn 7',
        '1.040500 all done 8',
        '1.340500 timed out 0',
        '1.340500 joined 280',
        '',
      ].join('\n'),
    );
    expect(run(topology).summary).to.equal(first.summary);
    // A command's time stands still (its sleeps are the host's): the same waits, at one instant.
    const r = runCli(['exec', join(ROOT, 'topologies/quickstart.yaml'), 'h1', '--allow-exec', '--', probe]);
    expect(r.code, r.err).to.equal(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).to.equal('counter 400');
    expect(lines.filter((l) => / turn /.test(l)).map((l) => l.split(' ')[2])).to.deep.equal([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
    expect(lines.slice(-3)).to.deep.equal(['0.000000 all done 8', '0.000000 timed out 0', '0.000000 joined 280']);
  });

  it('a condition wait ends at its deadline in simulated time, or when another thread notifies', () => {
    const { entries } = run(
      apps(`{ type: process, node: h1, start: 1s, cmd: ${yamlString(`${PYTHON} -c '${CONDITION}'`)} }`),
    );
    const p = entries[0]!;
    expect(p.exit, p.stderr).to.equal(0);
    expect(p.stdout).to.equal('timed out False 0.25\nnotified True 0.75\n');
    expect(p.end_s).to.equal(1.75);
  });
});
