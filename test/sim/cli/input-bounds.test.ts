// SPDX-License-Identifier: GPL-2.0-only
/**
 * Every time, rate and size a user gives -- options and topology keys --
 * must fit what the simulator and the kernel hold; anything larger is bad
 * input (exit 2, one line naming the option, or the file, path and line),
 * never a hang or a bound that silently means something else.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { badInputLine, runCli, tempDirs } from '../../helpers/cli';
import { repoRoot } from '../../helpers/repo-root';

const QUICKSTART = join(repoRoot(), 'topologies/quickstart.yaml');
const HUGE = '99999999999999999999999h';
/** A bound well under a run of the quickstart: a hang shows as a timeout, not a stuck suite. */
const BOUND = { timeoutMs: 20_000 };

describe('libsim: times, rates and sizes out of range', () => {
  const temp = tempDirs('libsim-bounds-');
  after(temp.cleanUp);

  /** The quickstart with `from` replaced by `to`, as a file in a temporary directory. */
  const variant = (from: string, to: string): string => {
    const text = readFileSync(QUICKSTART, 'utf8');
    expect(text).to.contain(from);
    const file = join(temp.make(), 't.yaml');
    writeFileSync(file, text.replace(from, to));
    return file;
  };

  it("--duration beyond the kernel's clock (2^63-1 ns) is bad input naming the option", () => {
    const line = badInputLine(runCli(['run', QUICKSTART, '--out', temp.make(), '--duration', HUGE], BOUND));
    expect(line).to.match(/^libsim: --duration: "99999999999999999999999h" is not a duration: .*2\^63-1 ns/);
  });

  it('a 400-digit duration: is bad input naming file, path and line', () => {
    const file = variant('duration: 10s', `duration: ${'9'.repeat(400)}s`);
    const line = badInputLine(runCli(['validate', file], BOUND));
    expect(line).to.contain(`${file}: duration: `).and.to.contain('(line 3)');
  });

  it('the longest time the kernel holds is accepted, one nanosecond more is not', () => {
    const at = (t: string): string => variant('    start: 1s', `    start: ${t}`);
    expect(runCli(['validate', at('9223372036854775807ns')], BOUND).code).to.equal(0);
    const line = badInputLine(runCli(['validate', at('9223372036854775808ns')], BOUND));
    expect(line).to.contain('apps[0].start: ').and.to.contain('(line 22)');
  });

  it('link times, rates and sizes too: delay, jitter, event times, rate, queue bytes', () => {
    const cases: Array<[string, string, string]> = [
      ['    delay: 5ms', `    delay: ${HUGE}`, 'links[0].delay'],
      ['    delay: 5ms', `    delay: 5ms\n    jitter: ${HUGE}`, 'links[0].jitter'],
      ['    delay: 5ms', `    delay: 5ms\n    events: [{ at: ${HUGE}, state: down }]`, 'links[0].events[0].at'],
      ['    rate: 100Mbps', '    rate: 1001Gbps', 'links[0].rate'],
      ['    delay: 5ms', '    delay: 5ms\n    queue: 2TiB', 'links[0].queue'],
    ];
    for (const [from, to, path] of cases) {
      const line = badInputLine(runCli(['validate', variant(from, to)], BOUND));
      expect(line, to).to.contain(`: ${path}: `);
    }
  });

  it('app times, rates and byte counts too, with or without a unit', () => {
    const bulk = (keys: string): string =>
      variant('    start: 1s', `    start: 1s\n  - { type: tcp-bulk, node: h1, to: 10.0.0.2, ${keys} }`);
    const cbr = (keys: string): string =>
      variant('    start: 1s', `    start: 1s\n  - { type: udp-cbr, node: h1, to: 10.0.0.2, ${keys} }`);
    const cases: Array<[string, string]> = [
      [bulk(`bytes: ${'9'.repeat(400)}`), 'apps[1].bytes'],
      [bulk('bytes: 2TiB'), 'apps[1].bytes'],
      [bulk(`duration: ${HUGE}`), 'apps[1].duration'],
      [cbr('rate: 2000Gbps'), 'apps[1].rate'],
      [cbr(`interval: ${HUGE}`), 'apps[1].interval'],
    ];
    for (const [file, path] of cases) {
      const line = badInputLine(runCli(['validate', file], BOUND));
      expect(line, path).to.contain(`: ${path}: `);
    }
  });

  it('run: and check times too', () => {
    const run = variant(
      '      eth0: { addresses: [10.0.0.1/24, "fd00::1/64"] }',
      `      eth0: { addresses: [10.0.0.1/24, "fd00::1/64"] }\n    run: [{ at: ${HUGE}, cmd: "ip route" }]`,
    );
    expect(badInputLine(runCli(['validate', run], BOUND))).to.contain(': nodes.h1.run[0].at: ');
    const check = variant('    start: 1s', `    start: 1s\nchecks:\n  - { at: ${HUGE}, node: h1, cmd: "ip route" }`);
    expect(badInputLine(runCli(['validate', check], BOUND))).to.contain(': checks[0].at: ');
  });

  it("exec --at beyond the kernel's clock is bad input naming the option", () => {
    const line = badInputLine(runCli(['exec', QUICKSTART, 'h1', '--at', HUGE, '--', 'ip', 'route'], BOUND));
    expect(line).to.match(/^libsim: --at: /);
  });

  it('--exec-timeout beyond what a timer holds (2^31-1 ms) is bad input, for run, exec and test', () => {
    for (const args of [
      ['run', QUICKSTART, '--out', temp.make()],
      ['exec', QUICKSTART, 'h1', '--at', '1s'],
      ['test', QUICKSTART],
    ]) {
      const r = runCli(
        [...args, '--exec-timeout', '1000h', ...(args[0] === 'exec' ? ['--', 'ip', 'route'] : [])],
        BOUND,
      );
      const line = badInputLine(r);
      expect(line, args[0]).to.match(/^libsim: --exec-timeout 1000h: at most 2147483647ms/);
      expect(r.err, args[0]).to.not.contain('TimeoutOverflowWarning');
    }
    // The largest bound a timer holds is accepted.
    const ok = runCli(
      ['exec', QUICKSTART, 'h1', '--at', '0s', '--exec-timeout', '2147483647ms', '--', 'ip', 'route'],
      BOUND,
    );
    expect(ok.code, ok.err).to.equal(0);
    expect(ok.err).to.equal('');
  });

  it('--exec-timeout that is not whole milliseconds is bad input (1500us became 1 ms)', () => {
    const r = runCli(['exec', QUICKSTART, 'h1', '--exec-timeout', '1500us', '--', 'ip', 'route'], BOUND);
    expect(badInputLine(r)).to.equal(
      'libsim: --exec-timeout 1500us: a whole number of milliseconds (a timer counts ms)',
    );
    const ok = runCli(['exec', QUICKSTART, 'h1', '--exec-timeout', '1500ms', '--', 'ip', 'route'], BOUND);
    expect(ok.code, ok.err).to.equal(0);
  });

  it('report intervals: no app may record more than a million (a sink every 1ns crashed Node)', () => {
    const sink = variant('    start: 1s', '    start: 1s\n  - { type: udp-sink, node: h2, interval: 1ns }');
    expect(badInputLine(runCli(['validate', sink], BOUND))).to.contain(
      ': apps[1].interval: 10000000000 report intervals in a run of 10000000000 ns, more than 1000000: give a longer interval (line 23)',
    );
    // The default 100ms is fine for 10 s, not for 28 h.
    const tcp = variant('    start: 1s', '    start: 1s\n  - { type: tcp-sink, node: h2 }');
    expect(runCli(['validate', tcp], BOUND).code).to.equal(0);
    expect(badInputLine(runCli(['run', tcp, '--out', temp.make(), '--duration', '28h'], BOUND))).to.match(
      /^libsim: --duration 28h: apps\[1\] of .*: 1008000 report intervals/,
    );
    // A udp-cbr counts only while it sends.
    const cbr = variant(
      '    start: 1s',
      '    start: 1s\n  - { type: udp-cbr, node: h1, to: 10.0.0.2, duration: 1s, interval: 1us }',
    );
    expect(runCli(['validate', cbr], BOUND).code).to.equal(0);
  });

  it('a run longer than a pcap can timestamp (2^32 s) is refused unless pcaps are off', () => {
    const line = badInputLine(runCli(['run', QUICKSTART, '--out', temp.make(), '--duration', '1193047h'], BOUND));
    expect(line).to.contain('--no-pcap');
  });
});
