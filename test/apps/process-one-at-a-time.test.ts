// SPDX-License-Identifier: GPL-2.0-only
/**
 * One program at a time in the whole simulation (sim/exec/run-token.ts):
 * two programs woken at the same simulated instant do not run at once on
 * the host, so what one sees of the other does not depend on how fast the
 * host ran either.  Through the CLI with Debian's python3.
 */
import { expect } from 'chai';
import { tempDirs } from '../helpers/cli';
import { pythonCmd, runProcesses, TWO_HOSTS } from '../helpers/process-run';

/** Waits for a first datagram, then takes every one there is without waiting and counts them. */
const COUNTER = `import socket
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r.bind(("127.0.0.1", 9000))
r.recv(10)
r.setblocking(False)
n = 1
try:
    while True:
        r.recv(10)
        n += 1
except BlockingIOError:
    pass
print(n)`;

/** Sends a datagram, computes for a while on the host, sends another. */
const SENDER = `import socket, time
time.sleep(0.1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"1", ("127.0.0.1", 9000))
sum(range(3 * 10 ** 6))
s.sendto(b"2", ("127.0.0.1", 9000))`;

describe('apps/process: one program at a time', function () {
  this.timeout(120_000);
  const tmp = tempDirs('libsim-one-at-a-time-');
  after(() => tmp.cleanUp());

  it('a program woken by another runs once the other waits or ends, however long the other computes', () => {
    const topology =
      `${TWO_HOSTS}apps:\n` +
      `  - { type: process, node: h1, start: 1s, cmd: ${pythonCmd(COUNTER)} }\n` +
      `  - { type: process, node: h1, start: 1s, cmd: ${pythonCmd(SENDER)} }\n`;
    const first = runProcesses(tmp.make(), topology);
    const [counter, sender] = first.entries;
    expect(sender!.exit, sender!.stderr).to.equal(0);
    expect(counter!.exit, counter!.stderr).to.equal(0);
    // The first datagram wakes the counter at 1.1 s, but the sender keeps the run through its
    // computation (which takes no simulated time) to its end: the counter then finds both. Were they
    // to run at once, the counter would find the second only if the host ran the sender faster.
    expect(counter!.stdout).to.equal('2\n');
    expect(counter!.end_s).to.equal(1.1);
    expect(runProcesses(tmp.make(), topology).summary).to.equal(first.summary);
  });
});
