// SPDX-License-Identifier: GPL-2.0-only
/**
 * The FFI stays behind one module: sim/kernel/ffi.ts is the only source
 * file of the simulator that imports koffi (the design's rule, so that the
 * kernel boundary has one place to change).
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addressOf, memoryAt } from '../../../sim/kernel/ffi';
import { repoRoot } from '../../helpers/repo-root';

/** Every .ts file below `dir`, relative to the repository. */
function sources(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(root, rel));
    else if (e.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

describe('ffi', () => {
  it('is the only module of the simulator that imports koffi', () => {
    const root = repoRoot();
    const importers = ['sim', 'apps', 'traces', 'bin']
      .flatMap((dir) => sources(root, dir))
      .filter((file) =>
        /\bfrom\s+['"]koffi['"]|\brequire\(\s*['"]koffi['"]\s*\)|\bimport\(\s*['"]koffi['"]\s*\)/.test(
          fs.readFileSync(path.join(root, file), 'utf8'),
        ),
      );
    expect(importers).to.deep.equal([path.join('sim', 'kernel', 'ffi.ts')]);
  });

  it("gives a view's address, and the memory at an address without a copy", () => {
    const b = Buffer.from([1, 2, 3, 4]);
    const view = new Uint8Array(memoryAt(addressOf(b), b.length));
    expect([...view]).to.deep.equal([1, 2, 3, 4]);
    b[0] = 9;
    expect(view[0]).to.equal(9);
  });
});
