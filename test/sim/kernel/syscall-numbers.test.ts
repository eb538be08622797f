// SPDX-License-Identifier: GPL-2.0-only
/**
 * The system call numbers of sim/kernel/syscall-numbers.ts against the
 * LIB_SYS_* block of kernel/include/liblinux.h.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SYS, syscallName } from '../../../sim/kernel/syscall-numbers';
import { repoRoot } from '../../helpers/repo-root';

describe('syscall-numbers', () => {
  // The header is the contract: every LIB_SYS_* there must be here with the same number, and nothing else.
  const header = fs.readFileSync(path.join(repoRoot(), 'kernel', 'include', 'liblinux.h'), 'utf8');
  const defined = new Map<string, number>();
  for (const m of header.matchAll(/^#define\s+LIB_SYS_(\w+)\s+(\d+)\s*$/gm)) {
    defined.set(m[1] as string, Number(m[2]));
  }

  it('finds the LIB_SYS_* block in liblinux.h', () => {
    // Guards the regex: an empty match would make the next tests vacuous.
    expect(defined.size).to.be.greaterThan(30);
    expect(defined.get('socket')).to.equal(198);
  });

  it('has every header number, with the same value', () => {
    for (const [name, nr] of defined) {
      expect((SYS as Record<string, number>)[name], `LIB_SYS_${name}`).to.equal(nr);
    }
  });

  it('has nothing the header does not define', () => {
    expect(Object.keys(SYS).sort()).to.deep.equal([...defined.keys()].sort());
  });

  it('names numbers for messages', () => {
    expect(syscallName(206)).to.equal('sendto');
    expect(syscallName(4242)).to.equal('syscall 4242');
  });
});
