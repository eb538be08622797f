// SPDX-License-Identifier: GPL-2.0-only
/**
 * A configuration the kernel refuses is named like every other bad input
 * -- file, path of the entry, line -- and a run that fails, at setup or
 * part-way, leaves no partial file behind.
 */
import { expect } from 'chai';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { badInputLine, runCli, tempDirs } from '../../helpers/cli';

/** h1 with `extra` under it, and h2, on one link. */
const TOPOLOGY = (addresses: string, extra: string): string => `duration: 2s
nodes:
  h1:
    interfaces:
      eth0: { addresses: [${addresses}] }
${extra}  h2:
    interfaces:
      eth0: { addresses: [10.0.0.2/24] }
links:
  - endpoints: [h1:eth0, h2:eth0]
`;

/** Every file below `dir`, relative to it. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('libsim: configurations the kernel refuses', () => {
  const temp = tempDirs('libsim-nodecfg-');
  after(temp.cleanUp);

  const cases: Array<[string, string, string, string]> = [
    [
      'a duplicate address',
      '10.0.0.1/24, 10.0.0.1/24',
      '',
      'nodes.h1.interfaces.eth0.addresses[1]: interface eth0: address 10.0.0.1/24: rtnetlink addAddress(2, 10.0.0.1/24): EEXIST (17) (line 5)',
    ],
    [
      'a gateway on no subnet',
      '10.0.0.1/24',
      '    routes:\n      - { to: 10.9.0.0/16, via: 10.8.0.1 }\n',
      'nodes.h1.routes[0]: route 10.9.0.0/16 via 10.8.0.1: ',
    ],
    [
      'a duplicate route',
      '10.0.0.1/24',
      '    routes:\n      - { to: 10.9.0.0/16, dev: eth0 }\n      - { to: 10.9.0.0/16, dev: eth0 }\n',
      'nodes.h1.routes[1]: route 10.9.0.0/16 dev eth0: ',
    ],
    [
      'a sysctl the kernel does not have',
      '10.0.0.1/24',
      '    sysctls:\n      net.ipv4.no_such_knob: 1\n',
      'nodes.h1.sysctls.net.ipv4.no_such_knob: sysctl net.ipv4.no_such_knob="1": ',
    ],
    [
      'a sysctl value the kernel refuses',
      '10.0.0.1/24',
      '    sysctls:\n      net.ipv4.ip_forward: "on\\nlibsim: ok"\n',
      'nodes.h1.sysctls.net.ipv4.ip_forward: sysctl net.ipv4.ip_forward="on\\nlibsim: ok": ',
    ],
  ];
  for (const [what, addresses, extra, expected] of cases) {
    it(`${what}: exit 2 naming file, entry and line; no partial file left`, () => {
      const dir = temp.make();
      const file = join(dir, 't.yaml');
      const text = TOPOLOGY(addresses, extra);
      writeFileSync(file, text);
      const line = badInputLine(runCli(['run', file, '--out', join(dir, 'out')], { timeoutMs: 30_000 }));
      expect(line).to.contain(`libsim: ${file}: ${expected}`);
      const at = /\(line (\d+)\)$/.exec(line);
      expect(at, line).to.not.equal(null);
      const entry = text.split('\n')[Number(at![1]) - 1]!;
      expect(entry, 'the line named holds the entry').to.match(/addresses|10\.9\.0\.0|no_such_knob|ip_forward/);
      expect(filesBelow(join(dir, 'out')).filter((f) => f.endsWith('.partial'))).to.deep.equal([]);
    });
  }

  it('a kernel: that is no liblinux names its entry and line', () => {
    const dir = temp.make();
    const file = join(dir, 't.yaml');
    writeFileSync(join(dir, 'not-a-library.so'), 'text');
    writeFileSync(file, TOPOLOGY('10.0.0.1/24', '    kernel: not-a-library.so\n'));
    const line = badInputLine(runCli(['run', file, '--out', join(dir, 'out')], { timeoutMs: 30_000 }));
    expect(line).to.match(
      new RegExp(`^libsim: ${file}: nodes\\.h1\\.kernel: .*not a liblinux shared library.*\\(line 6\\)$`),
    );
  });

  it("a run that fails part-way removes its pcaps' partial files and keeps its logs", () => {
    const dir = temp.make();
    const file = join(dir, 't.yaml');
    writeFileSync(
      file,
      TOPOLOGY('10.0.0.1/24', '    run: [{ at: 1s, cmd: "ip link set nosuch up" }]\n').concat(
        'apps:\n  - { type: ping, node: h1, to: 10.0.0.2, count: 3, interval: 100ms }\n',
      ),
    );
    const out = join(dir, 'out');
    const line = badInputLine(runCli(['run', file, '--out', out], { timeoutMs: 30_000 }));
    expect(line).to.contain('"ip link set nosuch up" exited with status 1');
    expect(filesBelow(out)).to.deep.equal(['kernel/h1.log', 'kernel/h2.log', 'libsim.log']);
    expect(readdirSync(out).sort()).to.deep.equal(['kernel', 'libsim.log']);
  });
});
