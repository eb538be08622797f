// SPDX-License-Identifier: GPL-2.0-only
/**
 * Pipes, eventfds and timerfds of a process app are its node kernel's
 * (sim/exec/shim/pipes.c): reads wait in simulated time, timers expire in
 * it, and poll, select and epoll watch them together with sockets.
 * Through the CLI, with a C probe (test/sim/exec/fixtures/waitfds-probe.c)
 * and Debian's python3; and a command, whose are the host's.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDirs } from '../helpers/cli';
import { pythonCmd, runProcesses, TWO_HOSTS, yamlString } from '../helpers/process-run';

const ROOT = join(__dirname, '../../..');

/** A pipe one thread reads while another sleeps 1 s before it writes, then an epoll (selectors) on it. */
const PYTHON_PIPE = `import os, selectors, threading, time
r, w = os.pipe()
def later():
    time.sleep(1)
    os.write(w, b"hi")
threading.Thread(target=later).start()
print(os.read(r, 10).decode(), time.time())
sel = selectors.DefaultSelector()
sel.register(r, selectors.EVENT_READ)
threading.Thread(target=later).start()
print(type(sel).__name__, len(sel.select()), time.time())
os.set_inheritable(r, True)
print(os.get_inheritable(r))`;

/** subprocess makes a pipe for the child's errors, then cannot fork: it must fail, not hang. */
const PYTHON_SUBPROCESS = `import subprocess
try:
    subprocess.run(["/bin/true"])
except OSError as e:
    print("refused", e.errno)`;

describe('apps/process: pipes, eventfds and timerfds in simulated time', function () {
  this.timeout(120_000);
  const tmp = tempDirs('libsim-waitfds-');
  after(() => tmp.cleanUp());

  let probe = '';
  before(() => {
    const dir = tmp.make();
    // Run as nobody: the program and its directory must be reachable by every user.
    chmodSync(dir, 0o755);
    probe = join(dir, 'waitfds-probe');
    execFileSync('gcc', [
      '-O2',
      '-Wall',
      '-pthread',
      '-o',
      probe,
      join(ROOT, 'test/sim/exec/fixtures/waitfds-probe.c'),
    ]);
  });

  const apps = (...lines: string[]): string =>
    `${TWO_HOSTS.replace('duration: 10s', 'duration: 20s')}apps:\n${lines.map((l) => `  - ${l}\n`).join('')}`;

  it('timers expire, and pipes and eventfds wake their readers, at simulated times; poll, select and epoll see them with a socket; the same every run', () => {
    const topology = apps(
      `{ type: process, node: h1, start: 1s, cmd: ${yamlString(probe)} }`,
      `{ type: process, node: h2, start: 1s, cmd: ${yamlString(`${probe} sigpipe`)} }`,
    );
    const first = runProcesses(tmp.make(), topology);
    const [p, sigpipe] = first.entries;
    expect(p!.error).to.equal(null);
    expect(p!.exit, p!.stdout + p!.stderr).to.equal(0);
    expect(p!.stdout).to.equal(
      [
        // From 1 s: a timerfd of 2 s expires at 3 s, once.
        '1.000000000 timerfd armed 2.000000000 left',
        '3.000000000 timerfd 1',
        '3.000000000 timerfd non-blocking EAGAIN',
        // Every 100 ms from 3 s, read after a sleep of 350 ms: three expirations.
        '3.350000000 timerfd periodic 3',
        // Absolute expiries computed from clock_gettime: the kernel's clocks are the program's.
        '3.850000000 timerfd absolute monotonic 1',
        '4.100000000 timerfd absolute realtime 1',
        // The writer thread sleeps 1 s first; the reader wakes then, and sees the end when it closes.
        '5.100000000 pipe read hello',
        '5.100000000 pipe end of file 0',
        '6.100000000 eventfd read 7',
        '6.100000000 eventfd semaphore 1 1 EAGAIN',
        // poll on a timerfd of 2 s and a UDP socket another thread sends to after 1 s: the socket
        // first (POLLIN 1), then the timer.
        '7.100000000 poll timerfd 0 socket 1',
        '8.100000000 poll timerfd 1 socket 0',
        '8.100000000 poll timerfd 1',
        // select on a pipe written after 0.5 s and the socket; then the pipe at its end; then a
        // fresh pipe and the socket, neither ready: the timeout of 0.25 s.
        '8.600000000 select 1 pipe 1 socket 0',
        '8.600000000 select 1 pipe 1 socket 0',
        '8.850000000 select timed out 0',
        // epoll on an eventfd written after 0.5 s, a timerfd of 1 s and the socket.
        '9.350000000 epoll 1',
        '9.850000000 epoll 2',
        '9.850000000 epoll timerfd 1',
        '9.850000000 sigpipe EPIPE caught 1',
        '9.850000000 done',
        '',
      ].join('\n'),
    );
    expect(p!.end_s).to.equal(9.85);
    // A write to a pipe nobody reads kills a program that does not catch SIGPIPE, as on Linux.
    expect(sigpipe!.signal, sigpipe!.stdout + sigpipe!.stderr).to.equal('SIGPIPE');
    expect(sigpipe!.stdout).to.equal('');
    expect(runProcesses(tmp.make(), topology).summary).to.equal(first.summary);
  });

  it("python3's os.pipe between threads, watched by its epoll selector; subprocess still fails cleanly", () => {
    const first = runProcesses(
      tmp.make(),
      apps(
        `{ type: process, node: h1, start: 1s, cmd: ${pythonCmd(PYTHON_PIPE)} }`,
        `{ type: process, node: h2, start: 1s, cmd: ${pythonCmd(PYTHON_SUBPROCESS)} }`,
      ),
    );
    const [pipe, sub] = first.entries;
    expect(pipe!.exit, pipe!.stderr).to.equal(0);
    expect(pipe!.stdout).to.equal('hi 2.0\nEpollSelector 1 3.0\nTrue\n');
    expect(sub!.exit, sub!.stderr).to.equal(0);
    // fork is refused (EPERM) whatever its error pipe is.
    expect(sub!.stdout).to.equal('refused 1\n');
    expect(sub!.end_s).to.equal(1);
  });

  it("a command's are the host's: its epoll watches its pipe, and its time stands still", () => {
    const r = runCli(['exec', join(ROOT, 'topologies/quickstart.yaml'), 'h1', '--allow-exec', '--', probe, 'command']);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.equal(
      '0.000000000 command pipe hello\n0.000000000 command eventfd 7\n0.000000000 command timerfd 1\n',
    );
  });
});
