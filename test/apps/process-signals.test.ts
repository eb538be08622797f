// SPDX-License-Identifier: GPL-2.0-only
/**
 * Signals and timers of a process app in simulated time
 * (sim/exec/shim/signals.c, itimer.c, tsc.c; sim/exec/call-server.ts,
 * program-timers.ts): alarm and setitimer deliver SIGALRM at the exact
 * simulated time, interrupting a call that waits in the node's kernel, and
 * the call then ends or restarts as on Linux; the app's stop is a SIGTERM
 * delivered at its simulated time.  Through the CLI, with a C probe
 * (test/sim/exec/fixtures/signals-probe.c) and Debian's python3.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '../helpers/cli';
import { pythonCmd, runProcesses, TWO_HOSTS, yamlString } from '../helpers/process-run';
import type { ProcessRun } from '../helpers/process-run';

const ROOT = join(__dirname, '../../..');

/** Blocks in accept() with a SIGTERM handler that says when it ran. */
const TERM = `import signal, socket, sys, time
def bye(sig, frame):
    print("term", time.time(), flush=True)
    sys.exit(3)
signal.signal(signal.SIGTERM, bye)
s = socket.socket()
s.bind(("10.0.0.1", 9000))
s.listen(1)
s.accept()
print("accepted")`;

/** A periodic timer of Python's, and sleeps it interrupts (PEP 475: Python sleeps the rest). */
const PERIODIC = `import signal, time
t0 = time.time()
ticks = []
signal.signal(signal.SIGALRM, lambda s, f: ticks.append(round(time.time() - t0, 9)))
signal.setitimer(signal.ITIMER_REAL, 0.25, 0.5)
time.sleep(1.6)
print(ticks, round(time.time() - t0, 9), signal.getitimer(signal.ITIMER_REAL))`;

/** A thread takes with sigwait() the SIGALRM every thread blocks, while the main thread sleeps. */
const SIGWAIT = `import signal, threading, time
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
got = []
def waiter():
    got.append((signal.sigwait({signal.SIGALRM}), time.time()))
t = threading.Thread(target=waiter)
t.start()
signal.setitimer(signal.ITIMER_REAL, 0.5)
time.sleep(1)
t.join()
print(got[0][0] == signal.SIGALRM, got[0][1], time.time())`;

describe('apps/process: signals and timers', function () {
  this.timeout(120_000);
  const tmp = tempDirs('libsim-signals-');
  after(() => tmp.cleanUp());

  const run = (topology: string): ProcessRun => runProcesses(tmp.make(), topology);
  const apps = (...lines: string[]): string => `${TWO_HOSTS}apps:\n${lines.map((l) => `  - ${l}\n`).join('')}`;

  /** The probe, built into a directory programs run as nobody can reach. */
  const probe = (): string => {
    const dir = tmp.make();
    chmodSync(dir, 0o755);
    const file = join(dir, 'signals-probe');
    execFileSync('gcc', ['-O2', '-Wall', '-o', file, join(ROOT, 'test/sim/exec/fixtures/signals-probe.c')]);
    return file;
  };

  it('alarm and setitimer interrupt calls at their simulated times; calls restart or fail with EINTR as on Linux', () => {
    const topology = apps(`{ type: process, node: h1, start: 1s, cmd: ${yamlString(probe())} }`).replace(
      'duration: 10s',
      'duration: 12s',
    );
    const first = run(topology);
    const p = first.entries[0]!;
    expect(p.error).to.equal(null);
    // Each line against what Linux does (times are from the program's start):
    expect(p.stdout.split('\n')).to.deep.equal([
      // recv() restarts after the first alarm's SA_RESTART handler; the second handler has none.
      '2.000000 recv -1 Interrupted system call after 2 alarms',
      'handler reported on_alarm',
      // A 5 s timer read 1.5 s after it was set; alarm() of a disarmed timer is 0.
      '3.500000 left 3.500000',
      '3.500000 alarm() of a disarmed timer 0',
      // A periodic timer of 0.1 s ends each pause().
      '3.600000 pause -1 Interrupted system call alarms 1',
      '3.700000 pause -1 Interrupted system call alarms 2',
      '3.800000 pause -1 Interrupted system call alarms 3',
      // A handler without SA_RESTART ends sleeps and polls with EINTR and what was left.
      '4.050000 nanosleep -1 Interrupted system call rem 0.750000000',
      '5.050000 sleep(3) left 2',
      '5.550000 poll -1 Interrupted system call',
      // An ignored SIGALRM interrupts nothing.
      '7.550000 sleep(2) left 0',
      // A blocked one is taken by sigwait() when it comes.
      '8.550000 sigwait 0 SIGALRM',
      '',
    ]);
    // With the default action the program ends by the last alarm: 1 s after 8.55 s, from 1 s.
    expect(p.exit).to.equal(null);
    expect(p.signal).to.equal('SIGALRM');
    expect(p.end_s).to.equal(10.55);
    expect(run(topology).summary).to.equal(first.summary);
  });

  it("Python's setitimer ticks at exact simulated times, and its sleep goes on after each", () => {
    const topology = apps(`{ type: process, node: h1, start: 1s, cmd: ${pythonCmd(PERIODIC)} }`);
    const first = run(topology);
    const p = first.entries[0]!;
    expect(p.exit, p.stderr).to.equal(0);
    // At 0.25 s and every 0.5 s after; the sleep of 1.6 s ends at 1.6 s; 0.15 s left to the next tick.
    expect(p.stdout).to.equal('[0.25, 0.75, 1.25] 1.6 (0.15, 0.5)\n');
    expect(run(topology).summary).to.equal(first.summary);
  });

  it('a thread in sigwait() takes the signal the others block, at its time; the sleeping thread sleeps on', () => {
    const topology = apps(`{ type: process, node: h1, start: 1s, cmd: ${pythonCmd(SIGWAIT)} }`);
    const first = run(topology);
    const p = first.entries[0]!;
    expect(p.exit, p.stderr).to.equal(0);
    expect(p.stdout).to.equal('True 1.5 2.0\n');
    expect(run(topology).summary).to.equal(first.summary);
  });

  it('the stop time is a SIGTERM at that simulated time: it ends a blocking accept() and its handler runs', () => {
    const topology = apps(`{ type: process, node: h1, start: 1s, stop: 3s, cmd: ${pythonCmd(TERM)} }`);
    const first = run(topology);
    const p = first.entries[0]!;
    expect(p.stdout).to.equal('term 3.0\n');
    expect(p.exit, p.stderr).to.equal(3);
    expect(p.end_s).to.equal(3);
    expect(run(topology).summary).to.equal(first.summary);
  });

  it('rdtsc counts simulated nanoseconds, where the host lets rdtsc trap', function () {
    const dir = tmp.make();
    const check = join(dir, 'tsc-trap-probe');
    execFileSync('gcc', ['-O2', '-o', check, join(ROOT, 'test/sim/exec/fixtures/tsc-trap-probe.c')]);
    // Some hypervisors (PVM) accept PR_SET_TSC and never trap: nothing to emulate there.
    if (execFileSync(check, { encoding: 'utf8' }).trim() !== 'traps') this.skip();
    const { entries } = run(apps(`{ type: process, node: h1, start: 1s, cmd: ${yamlString(`${probe()} tsc`)} }`));
    expect(entries[0]!.exit, entries[0]!.stderr).to.equal(0);
    expect(entries[0]!.stdout).to.equal('tsc step 1000000, at the clock\n');
  });
});
