// SPDX-License-Identifier: GPL-2.0-only
/**
 * The runner's list of forwarded system calls is the shim's: every
 * K_<NAME> number the shim's sources define, and nothing else.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORWARDED_SYSCALLS, isForwarded } from '../../../sim/exec/exec-syscalls';

const SHIM = join(__dirname, '../../../../sim/exec/shim');

describe('exec-syscalls', () => {
  it('forwards exactly the calls the shim makes', () => {
    const shim: Record<string, number> = {};
    for (const f of readdirSync(SHIM).filter((n) => /\.[ch]$/.test(n))) {
      for (const m of readFileSync(join(SHIM, f), 'utf8').matchAll(/^#define K_([A-Z0-9_]+)\s+(\d+)\s*$/gm)) {
        shim[m[1]!.toLowerCase()] = Number(m[2]);
      }
    }
    expect(Object.keys(shim).length).to.be.greaterThan(40);
    expect(shim).to.deep.equal(FORWARDED_SYSCALLS);
  });

  it('refuses what the shim never asks for', () => {
    expect(isForwarded(FORWARDED_SYSCALLS.sendmsg!)).to.equal(true);
    // munmap, kill, exit_group, mmap: the kernel's own tasks and memory.
    for (const nr of [215, 129, 94, 222, -1, 1 << 20]) expect(isForwarded(nr), String(nr)).to.equal(false);
  });
});
