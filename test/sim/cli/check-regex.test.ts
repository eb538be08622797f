// SPDX-License-Identifier: GPL-2.0-only
/**
 * A check's regular expression runs with a wall-clock bound: one that
 * backtracks without end (`(a+)+b` on a long line) fails its check and
 * says so, and the run goes on (it used to hang for over a minute).
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDirs } from '../../helpers/cli';

const A40 = 'a'.repeat(40);
const TOPOLOGY = `duration: 2s
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24] }
    run:
      - ip link set eth0 alias ${A40}
checks:
  - { at: 1s, node: h1, cmd: "ip link show eth0", match: "(a+)+b" }
  - { at: 1s, node: h1, cmd: "ip route get ${A40}", exit: 1, stderr: "(a+)+b" }
  - { at: 1s, node: h1, cmd: "ip link show eth0", match: "alias a+$" }
`;

describe("libsim: checks' regular expressions with a time bound", () => {
  const temp = tempDirs('libsim-regex-');
  after(temp.cleanUp);

  it('run: a pattern past the bound fails its check, saying so; the other checks are judged', () => {
    const dir = temp.make();
    writeFileSync(join(dir, 't.yaml'), TOPOLOGY);
    const r = runCli(['run', join(dir, 't.yaml'), '--out', join(dir, 'out'), '--no-pcap', '--no-report'], {
      timeoutMs: 30_000,
    });
    expect(r.timedOut, 'the run hung').to.equal(false);
    expect(r.code, r.err).to.equal(1);
    expect(r.out).to.contain('checks: 1 of 3 ok');
    expect(r.err).to.contain('stdout: /(a+)+b/m did not finish within 1 s');
    expect(r.err).to.contain('stderr: /(a+)+b/m did not finish within 1 s');
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as {
      checks: Array<{ ok: boolean; message: string }>;
    };
    expect(summary.checks.map((c) => c.ok)).to.deep.equal([false, false, true]);
  });

  it('test: the same check is not ok in TAP, with the reason', () => {
    const dir = temp.make();
    writeFileSync(join(dir, 't.yaml'), TOPOLOGY);
    const r = runCli(['test', join(dir, 't.yaml')], { timeoutMs: 30_000 });
    expect(r.timedOut, 'the run hung').to.equal(false);
    expect(r.code).to.equal(1);
    expect(r.out).to.match(/not ok 1 - .*\n {2}---\n {2}message: .*did not finish within 1 s/);
    expect(r.out).to.match(/\nok 3 - /);
  });
});
