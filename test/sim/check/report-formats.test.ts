// SPDX-License-Identifier: GPL-2.0-only
/** TAP lines and JUnit XML of check results. */
import { expect } from 'chai';
import type { CheckResult } from '../../../sim/check/check-result';
import { junitXml } from '../../../sim/check/junit-writer';
import { tapError, tapLine } from '../../../sim/check/tap-writer';

const ok: CheckResult = {
  description: 'r1 at 2s: ip route # all',
  kind: 'command',
  node: 'r1',
  time_ns: 2_000_000_000n,
  ok: true,
  message: null,
  expected: null,
  actual: null,
};
const bad: CheckResult = {
  description: 'app 0 (ping on h1): received = 6',
  kind: 'app',
  node: 'h1',
  time_ns: 7_000_000_000n,
  ok: false,
  message: 'received: expected 6, found 5',
  expected: { received: 6 },
  actual: { received: 5 },
};

describe('TAP and JUnit of checks', () => {
  it('TAP: ok lines, # escaped; not ok with a YAML block of message, node, time, expected, actual', () => {
    expect(tapLine(1, 'a.yaml', ok)).to.equal('ok 1 - a.yaml: r1 at 2s: ip route \\# all\n');
    expect(tapLine(2, 'a.yaml', bad)).to.equal(
      [
        'not ok 2 - a.yaml: app 0 (ping on h1): received = 6',
        '  ---',
        '  message: "received: expected 6, found 5"',
        '  node: h1',
        '  time: 7.000000000s',
        '  expected:',
        '    received: 6',
        '  actual:',
        '    received: 5',
        '  ...',
        '',
      ].join('\n'),
    );
    expect(tapError(3, 'b.yaml', 'load', 'b.yaml: nodes: missing (line 1)')).to.match(
      /^not ok 3 - b\.yaml: load\n {2}---\n {2}message: .*\n {2}\.\.\.\n$/,
    );
  });

  it('JUnit: a testsuite per file, failures with their message, XML escaped', () => {
    const xml = junitXml([
      { file: 'a<1>.yaml', checks: [ok, bad], error: null },
      { file: 'b.yaml', checks: [], error: 'cannot read "b"' },
    ]);
    expect(xml).to.contain('<testsuites name="libsim test" tests="3" failures="2">');
    expect(xml).to.contain('<testsuite name="a&lt;1&gt;.yaml" tests="2" failures="1">');
    expect(xml).to.contain('<testcase classname="a&lt;1&gt;.yaml" name="r1 at 2s: ip route # all"/>');
    expect(xml).to.contain(
      '<failure message="received: expected 6, found 5">node: h1\ntime: 7.000000000s\n' +
        'expected: {&quot;received&quot;:6}\nactual: {&quot;received&quot;:5}</failure>',
    );
    expect(xml).to.contain(
      '<testcase classname="b.yaml" name="load"><failure message="cannot read &quot;b&quot;"/></testcase>',
    );
  });
});
