// SPDX-License-Identifier: GPL-2.0-only
/**
 * Every error is one line, whatever the user's text holds: a value with a
 * newline, carriage return, escape sequence or Unicode line separator is
 * shown escaped (values JSON-style in quotes), so that it can neither end
 * libsim's line nor print one that looks like libsim's own.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { badInputLine, runCli, tempDirs } from '../../helpers/cli';
import type { CliResult } from '../../helpers/cli';

/** What must never reach the terminal raw from user text (the newline ending a line aside). */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;
const FORGED = 'libsim: all good';

const BASE = `nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24] }
  h2:
    interfaces:
      eth0: { addresses: [10.0.0.2/24] }
links:
  - endpoints: [h1:eth0, h2:eth0]
`;

/** The one line of a bad-input exit, checked to hold no raw control character and no forged line. */
function errorLine(r: CliResult): string {
  const line = badInputLine(r);
  expect(line, JSON.stringify(line)).to.not.match(RAW);
  expect(r.err.split('\n').some((l) => l.startsWith(FORGED))).to.equal(false);
  return line;
}

describe('libsim: every error is one line, user text escaped', () => {
  const temp = tempDirs('libsim-oneline-');
  after(temp.cleanUp);
  const file = (text: string, name = 't.yaml'): string => {
    const f = join(temp.make(), name);
    writeFileSync(f, text);
    return f;
  };

  it('values of the topology: to:, node:, dev:, link: (newline, carriage return, escape, line separator)', () => {
    const cases: Array<[string, string]> = [
      [
        `apps:\n  - { type: ping, node: h1, to: "10.0.0.2\\n${FORGED}" }\n`,
        `apps[0].to: "10.0.0.2\\n${FORGED}" is not an IP address`,
      ],
      [
        `apps:\n  - { type: ping, node: "h1\\r\\e[2K${FORGED}", to: 10.0.0.2 }\n`,
        `apps[0].node: no node "h1\\r\\u001b[2K${FORGED}"`,
      ],
      [
        `apps:\n  - { type: ping, node: h1, to: "10.0.0.2\\u2028${FORGED}" }\n`,
        `"10.0.0.2\\u2028${FORGED}" is not an IP address`,
      ],
      [
        `checks:\n  - { link: "h1:eth0-h2:eth0\\x9b${FORGED}", expect: { ab.frames: 1 } }\n`,
        `checks[0].link: no link "h1:eth0-h2:eth0\\u009b${FORGED}"`,
      ],
      [`links:\n  - endpoints: ["h1\\n${FORGED}:eth0", h2:eth0]\n`, 'links[0].endpoints[0]: '],
    ];
    for (const [extra, expected] of cases) {
      const text = extra.startsWith('links:') ? BASE.replace(/links:\n.*\n/, '') + extra : BASE + extra;
      expect(errorLine(runCli(['validate', file(text)])), extra).to.contain(expected);
    }
    const dev = BASE.replace(
      '      eth0: { addresses: [10.0.0.1/24] }\n',
      `      eth0: { addresses: [10.0.0.1/24] }\n    routes: [{ to: default, dev: "eth0\\n${FORGED}" }]\n`,
    );
    expect(errorLine(runCli(['validate', file(dev)]))).to.contain(
      `nodes.h1.routes[0].dev: no interface "eth0\\n${FORGED}"`,
    );
  });

  it('keys: the path names an unusual key in quotes', () => {
    const top = errorLine(runCli(['validate', file(`${BASE}"x\\n${FORGED}": 1\n`)]));
    expect(top).to.contain(`["x\\n${FORGED}"]: unknown key`);
    const iface = errorLine(
      runCli([
        'validate',
        file(BASE.replace('      eth0: { addresses: [10.0.0.2/24] }', `      "eth0\\r${FORGED}": {}`)),
      ]),
    );
    expect(iface).to.contain(`nodes.h2.interfaces["eth0\\r${FORGED}"]: an interface name`);
  });

  it('a file name, an option value, a node name on the command line', () => {
    const bad = file('nodes: [', `t\n${FORGED}.yaml`);
    expect(errorLine(runCli(['validate', bad]))).to.contain(`t\\n${FORGED}.yaml": not valid YAML`);
    const ok = file(BASE);
    expect(errorLine(runCli(['run', ok, '--seed', `1\n${FORGED}`]))).to.equal(
      `libsim: --seed "1\\n${FORGED}": not a non-negative integer`,
    );
    expect(errorLine(runCli(['run', ok, '--out', `/proc/x\n${FORGED}`]))).to.match(
      /^libsim: --out "\/proc\/x\\nlibsim: all good": /,
    );
    expect(errorLine(runCli(['exec', ok, `h9\x1b]0;${FORGED}\x07`, '--', 'ip', 'route']))).to.contain(
      `no node "h9\\u001b]0;${FORGED}\\u0007"`,
    );
    expect(errorLine(runCli(['run', ok, `--x\n${FORGED}`]))).to.contain(`unknown option "--x\\n${FORGED}"`);
  });

  it("commands: a program not found, and a tool's own error text", () => {
    const run = (cmd: string): string =>
      file(
        BASE.replace(
          '      eth0: { addresses: [10.0.0.1/24] }\n',
          `      eth0: { addresses: [10.0.0.1/24] }\n    run: [${JSON.stringify(cmd)}]\n`,
        ),
      );
    expect(errorLine(runCli(['validate', run(`"no\n${FORGED}" x`)]))).to.contain(
      `nodes.h1.run[0]: "no\\n${FORGED}": only ip, tc`,
    );
    const failed = errorLine(runCli(['run', run(`ip link set "eth0\n${FORGED}" up`), '--out', temp.make()]));
    expect(failed).to.contain(
      `"ip link set \\"eth0\\n${FORGED}\\" up" exited with status 255: Error: argument "eth0\\n${FORGED}" is wrong`,
    );
  });

  it("a failed check's name, in run's report and in TAP", () => {
    const t = file(
      `${BASE}checks:\n  - { name: "x\\n${FORGED}\\e[0m", link: "h1:eth0-h2:eth0", expect: { ab.frames: -1 } }\n`,
    );
    const r = runCli(['run', t, '--out', temp.make(), '--no-pcap', '--no-report']);
    expect(r.code).to.equal(1);
    expect(r.err).to.not.match(RAW);
    expect(r.err.split('\n')[0]).to.contain(`check failed: x\\n${FORGED}\\u001b[0m (at `);
    expect(r.err.split('\n').some((l) => l.startsWith(FORGED))).to.equal(false);
    const tap = runCli(['test', t]);
    expect(tap.out).to.not.match(RAW);
    expect(tap.out).to.contain(`not ok 1 - ${t}: x\\n${FORGED}\\u001b[0m\n`);
  });
});
