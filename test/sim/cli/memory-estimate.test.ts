// SPDX-License-Identifier: GPL-2.0-only
/**
 * The memory check before boot (sim/cli/memory-estimate.ts): on given
 * numbers, and bin/libsim refusing more nodes than this machine holds.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableMemory, BASE_BYTES, checkMemory, NODE_BYTES } from '../../../sim/cli/memory-estimate';
import { MemoryError } from '../../../sim/cli/memory-error';

const ROOT = join(__dirname, '../../../..');

describe('memory estimate before boot', () => {
  it('reads MemAvailable from /proc/meminfo text', () => {
    expect(availableMemory('MemTotal:       24576000 kB\nMemFree:  1 kB\nMemAvailable:   20000000 kB\n')).to.equal(
      20000000 * 1024,
    );
    expect(availableMemory('MemTotal: 1 kB\n')).to.equal(null);
  });

  it('refuses nodes whose floor exceeds what is available, with the numbers; --force and an unknown size let it run', () => {
    const available = BASE_BYTES + 1000 * NODE_BYTES;
    expect(() => checkMemory(1000, false, available)).to.not.throw();
    expect(() => checkMemory(1001, false, available)).to.throw(
      MemoryError,
      /^1001 nodes need at least 7\.0 GiB \(7 MiB each after boot, plus 200 MiB\), and 7\.0 GiB is available: fewer nodes, or --force/,
    );
    expect(() => checkMemory(1001, true, available)).to.not.throw();
    expect(() => checkMemory(1_000_000, false, null)).to.not.throw();
  });

  it('libsim run with more nodes than fit: exit 2 before booting any, one line', function () {
    const available = availableMemory();
    if (available === null) this.skip();
    const nodes = Math.ceil((available! - BASE_BYTES) / NODE_BYTES) + 10;
    const dir = mkdtempSync(join(tmpdir(), 'libsim-mem-'));
    try {
      const file = join(dir, 'many.yaml');
      writeFileSync(file, `duration: 1s\nnodes:\n${Array.from({ length: nodes }, (_, i) => `  n${i}: {}\n`).join('')}`);
      // Under an address-space limit: should the check ever stop working,
      // the boots fail on their own instead of exhausting the machine.
      const r = spawnSync(
        'prlimit',
        [`--as=${6 * 2 ** 30}`, process.execPath, join(ROOT, 'bin/libsim'), 'run', file, '--out', join(dir, 'out')],
        { encoding: 'utf8' },
      );
      expect(r.status).to.equal(2);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stderr).to.contain(`${nodes} nodes need at least`).and.to.contain('--force');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
