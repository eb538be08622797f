// SPDX-License-Identifier: GPL-2.0-only
/**
 * A program asking for the system's names gets the node's: its name as
 * hostname (given to each kernel at boot), the node kernel's release, and
 * the machine its code runs on -- never the host's hostname or kernel,
 * which would put the machine libsim ran on into the results.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { hostname, release } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'bin/libsim');
const QUICKSTART = join(ROOT, 'topologies/quickstart.yaml');

function exec(node: string, ...cmd: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, 'exec', QUICKSTART, node, '--allow-exec', '--', ...cmd], {
    encoding: 'utf8',
  });
}

describe("exec: the system's names are the node's", () => {
  it("uname: the node's name and kernel, the program's machine", () => {
    for (const node of ['h1', 'h2']) {
      const r = exec(node, 'uname', '-s', '-n', '-r', '-v', '-m');
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.match(new RegExp(`^Linux ${node} 6\\.1\\.\\d+ #1 libsim x86_64\\n$`));
      expect(r.stdout).to.not.contain(release());
    }
  });

  it("hostname (gethostname) is the node's name, not the host's", () => {
    const r = exec('h2', 'hostname');
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('h2\n');
    expect(hostname()).to.not.equal('h2');
  });
});
