// SPDX-License-Identifier: GPL-2.0-only
/**
 * Checks' regular expressions in their worker thread
 * (sim/check/bounded-regex.ts): the answers of RegExp.test, a bound on a
 * pattern that backtracks without end, a small cost per check, and a process
 * that can still exit.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REGEX_BOUND_MS, testRegex } from '../../../sim/check/bounded-regex';

/** Wall-clock ms `fn` takes, and what it returns. */
function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { ms: Number((process.hrtime.bigint() - t0) / 1_000_000n), value };
}

describe('sim/check/bounded-regex', () => {
  it('matches as RegExp.test does, with the flags given', () => {
    expect(testRegex('= 1$', 'm', 'net.ipv4.ip_forward = 1\nnet.ipv6 = 0\n')).to.equal('match');
    expect(testRegex('= 1$', '', 'net.ipv4.ip_forward = 1\nnet.ipv6 = 0\n')).to.equal('no-match');
    expect(testRegex('^b', 'm', 'a\nb')).to.equal('match');
    expect(testRegex('x', 'm', 'a\nb')).to.equal('no-match');
  });

  it('a pattern that backtracks without end is "timeout" at the bound, and the next call works', function () {
    this.timeout(20_000);
    expect(REGEX_BOUND_MS).to.equal(1000);
    // 2^40 ways to split 40 a's among the groups: years for a backtracking engine.
    const t = timed(() => testRegex('(a+)+b', 'm', 'a'.repeat(40)));
    expect(t.value).to.equal('timeout');
    expect(t.ms).to.be.within(REGEX_BOUND_MS, REGEX_BOUND_MS + 2000);
    expect(testRegex('(a+)+b', 'm', 'aaab')).to.equal('match');
    expect(timed(() => testRegex('a+', 'm', 'a'.repeat(40), 50)).value).to.equal('match');
  });

  it('the common case is fast: many checks cost little', () => {
    testRegex('warm', 'm', 'up');
    const t = timed(() => {
      for (let i = 0; i < 2000; i++) testRegex(`= ${i % 7}$`, 'm', `net.ipv4.ip_forward = ${i % 7}\n`);
    });
    expect(t.ms).to.be.below(2000); // about 20 µs each when idle
  });

  it('the worker never keeps the process alive, not even one stuck in a match', () => {
    const module = join(__dirname, '../../../sim/check/bounded-regex.js');
    const script = `const { testRegex } = require(${JSON.stringify(module)});
      console.log(testRegex('b$', 'm', 'ab'), testRegex('(a+)+b', 'm', 'a'.repeat(40), 200));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('match timeout');
  });
});
