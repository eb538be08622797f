// SPDX-License-Identifier: GPL-2.0-only
/** How checks are described and judged (sim/check/check-evaluator.ts), on made-up check specs and command results. */
import { expect } from 'chai';
import type { CommandResult } from '../../../sim/exec/command-runner';
import { describeCheck, judgeCommand, judgeExpect } from '../../../sim/check/check-evaluator';
import type { AppCheckSpec, CommandCheckSpec, LinkCheckSpec } from '../../../sim/topology/topology';

const cmd = (over: Partial<CommandCheckSpec>): CommandCheckSpec => ({
  kind: 'command',
  name: null,
  path: 'checks[0]',
  line: 1,
  at: 2_500_000_000n,
  node: 'r1',
  cmd: 'ip -j route',
  argv: ['ip', '-j', 'route'],
  stdin: null,
  json: undefined,
  expect: [],
  match: null,
  stderr: null,
  exit: 0,
  ...over,
});
const result = (over: Partial<CommandResult>): CommandResult => ({
  node: 'r1',
  at_ns: 2_500_000_000n,
  cmd: 'ip -j route',
  exit: 0,
  signal: null,
  stdout: '',
  stderr: '',
  syscalls: 1,
  ...over,
});

describe('check evaluator', () => {
  it('describes checks by name, or by what they check', () => {
    expect(describeCheck(cmd({}))).to.equal('r1 at 2.5s: ip -j route');
    expect(describeCheck(cmd({ name: 'mine' }))).to.equal('mine');
    const app: AppCheckSpec = {
      kind: 'app',
      name: null,
      path: '',
      line: 1,
      app: 1,
      expect: [
        ['received', { kind: 'equal', value: 5 }],
        ['min_ms', { kind: 'range', min: 6, max: null }],
      ],
    };
    expect(describeCheck(app, 'ping on h1')).to.equal('app 1 (ping on h1): received = 5, min_ms >= 6');
    const link: LinkCheckSpec = {
      kind: 'link',
      name: null,
      path: '',
      line: 1,
      link: 'a:e-b:e',
      expect: [['ab.dropsQueue', { kind: 'range', min: 1, max: 9 }]],
    };
    expect(describeCheck(link)).to.equal('link a:e-b:e: 1 <= ab.dropsQueue <= 9');
  });

  it('judges a command on exit status first, then json, match and stderr', () => {
    expect(judgeCommand(cmd({}), result({})).ok).to.equal(true);
    const exit = judgeCommand(cmd({}), result({ exit: 2, stderr: 'RTNETLINK answers: Network is unreachable\n' }));
    expect(exit).to.include({ ok: false, message: 'exit status 2, expected 0', node: 'r1', time_ns: 2_500_000_000n });
    expect(exit.actual).to.deep.equal({ exit: 2, signal: null, stderr: 'RTNETLINK answers: Network is unreachable\n' });
    expect(
      judgeCommand(
        cmd({ exit: 2, stderr: 'unreachable$' }),
        result({ exit: 2, stderr: 'RTNETLINK answers: Network is unreachable\n' }),
      ).ok,
    ).to.equal(true);
    expect(judgeCommand(cmd({}), result({ exit: null, signal: 'SIGKILL' })).message).to.equal(
      'exit status killed by SIGKILL, expected 0',
    );
    expect(judgeCommand(cmd({ json: [] }), result({ stdout: 'nope' })).message).to.match(/^stdout is not JSON/);
    const json = judgeCommand(cmd({ json: [{ dev: 'eth1' }] }), result({ stdout: '[{"dev":"eth0"}]' }));
    expect(json.message).to.equal(
      'json: expected element 0 matches no element of the actual array (at [0].dev: expected "eth1", found "eth0")',
    );
    expect([json.expected, json.actual]).to.deep.equal([[{ dev: 'eth1' }], [{ dev: 'eth0' }]]);
    // One JSON text per line (ip -j -batch -): matched as the array of the texts.
    const batch = result({
      stdout: '[{"gateway":"10.0.12.2"}]\n[{"gateway":"10.0.13.2"}]\n[{"gateway":"10.0.12.2"}]\n',
    });
    const r2 = [{ gateway: '10.0.12.2' }];
    expect(judgeCommand(cmd({ json: [r2, r2] }), batch).ok).to.equal(true);
    const three = judgeCommand(cmd({ json: [r2, r2, r2] }), batch);
    expect(three.message).to.equal('json: expected element 2 matches no element of the actual array after index 2');
    expect(three.actual).to.deep.equal([
      [{ gateway: '10.0.12.2' }],
      [{ gateway: '10.0.13.2' }],
      [{ gateway: '10.0.12.2' }],
    ]);
    expect(judgeCommand(cmd({ match: '^b$' }), result({ stdout: 'a\nb\n' })).ok).to.equal(true);
    expect(judgeCommand(cmd({ match: '^c$' }), result({ stdout: 'a\nb\n' })).message).to.equal(
      'stdout does not match /^c$/m',
    );
    expect(judgeCommand(cmd({}), null, 'the kernel of r1 is dead').message).to.equal(
      'the command did not run: the kernel of r1 is dead',
    );
  });

  it("judges a command's expect: against its parsed stdout, after json:", () => {
    const lookups = result({
      stdout: '[{"gateway":"10.0.12.2"}]\n[{"gateway":"10.0.12.2"}]\n[{"gateway":"10.0.13.2"}]\n',
    });
    const spec = (e: CommandCheckSpec['expect']): CommandCheckSpec => cmd({ expect: e });
    expect(judgeCommand(spec([['length', { kind: 'equal', value: 3 }]]), lookups).ok).to.equal(true);
    const split = judgeCommand(
      spec([
        ['length', { kind: 'equal', value: 3 }],
        ['*.0.gateway', { kind: 'same' }],
      ]),
      lookups,
    );
    expect(split).to.deep.include({
      ok: false,
      message: 'expect: 2.0.gateway (of *.0.gateway): "10.0.13.2" differs from "10.0.12.2" at 0.0.gateway',
      expected: { '*.0.gateway': { same: true } },
      actual: { '2.0.gateway': '10.0.13.2' },
    });
    // Not JSON: said once, with the expectations as written.
    const text = judgeCommand(spec([['length', { kind: 'range', min: 32, max: null }]]), result({ stdout: 'x\n' }));
    expect(text.message).to.match(/^stdout is not JSON/);
    expect(text.expected).to.deep.equal({ expect: { length: { min: 32 } } });
    // json: is judged first.
    expect(
      judgeCommand(cmd({ json: [[{ gateway: 'x' }]], expect: [['length', { kind: 'equal', value: 9 }]] }), lookups)
        .message,
    ).to.match(/^json: /);
  });

  it('judges expect: equal as a subset, bounds on numbers, missing keys, array lengths', () => {
    const spec = (expect: AppCheckSpec['expect']): AppCheckSpec => ({
      kind: 'app',
      name: null,
      path: '',
      line: 1,
      app: 0,
      expect,
    });
    const subject = { received: 4, icmpErrors: [{ from: '10.0.1.1', type: 11 }], streams: [{ lost: 0 }], size: 5n };
    const judge = (e: AppCheckSpec['expect']): string | null => judgeExpect(spec(e), subject, 'h1', 1n).message;
    expect(judge([['received', { kind: 'equal', value: 4 }]])).to.equal(null);
    expect(judge([['received', { kind: 'range', min: 5, max: null }]])).to.equal('received: 4 is below the minimum 5');
    expect(judge([['received', { kind: 'range', min: null, max: 3 }]])).to.equal('received: 4 is above the maximum 3');
    expect(judge([['icmpErrors.length', { kind: 'equal', value: 1 }]])).to.equal(null);
    expect(judge([['icmpErrors', { kind: 'equal', value: [{ type: 11 }] }]])).to.equal(null);
    expect(judge([['streams.0.lost', { kind: 'equal', value: 0 }]])).to.equal(null);
    expect(judge([['size', { kind: 'equal', value: 5 }]])).to.equal(null);
    expect(judge([['streams.1.lost', { kind: 'equal', value: 0 }]])).to.equal('streams.1.lost: no such key');
    expect(judge([['icmpErrors.0', { kind: 'range', min: 1, max: null }]])).to.match(/expected a number/);
    const failed = judgeExpect(spec([['received', { kind: 'range', min: 5, max: 9 }]]), subject, 'h1', 7n);
    expect(failed).to.deep.include({
      ok: false,
      node: 'h1',
      time_ns: 7n,
      expected: { received: { min: 5, max: 9 } },
      actual: { received: 4 },
    });
  });
});
