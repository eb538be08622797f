// SPDX-License-Identifier: GPL-2.0-only
/**
 * liblinux-abi.ts against the header: the C compiler, given
 * kernel/include/liblinux.h, must agree with every struct size, field
 * offset and #define the TypeScript side declares.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFINE, LAYOUT } from '../../../sim/kernel/liblinux-abi';
import { repoRoot } from '../../helpers/repo-root';

/** LAYOUT's key -> the C struct it declares. */
const STRUCTS: Record<keyof typeof LAYOUT, string> = {
  hostOps: 'lib_host_ops',
  status: 'lib_status',
  completion: 'lib_completion',
  frame: 'lib_frame',
  userRange: 'lib_user_range',
  faultTarget: 'lib_fault_target',
};

/** What the C compiler says, as "name value" lines: sizeof, offsetof and the #defines. */
function fromCompiler(): Map<string, string> {
  const lines: string[] = [];
  for (const [key, struct] of Object.entries(STRUCTS) as Array<[keyof typeof LAYOUT, string]>) {
    lines.push(`printf("${key}.size %zu\\n", sizeof(struct ${struct}));`);
    for (const field of Object.keys(LAYOUT[key].offsetOf)) {
      lines.push(`printf("${key}.${field} %zu\\n", offsetof(struct ${struct}, ${field}));`);
    }
  }
  for (const name of Object.keys(DEFINE)) lines.push(`printf("${name} %lld\\n", (long long)(${name}));`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libsim-abi-'));
  try {
    const source = path.join(dir, 'abi.c');
    const program = path.join(dir, 'abi');
    fs.writeFileSync(
      source,
      `#include <stddef.h>\n#include <stdio.h>\n#include "liblinux.h"\nint main(void) {\n${lines.join('\n')}\nreturn 0;\n}\n`,
    );
    const cc = spawnSync('cc', ['-I', path.join(repoRoot(), 'kernel', 'include'), '-o', program, source], {
      encoding: 'utf8',
    });
    if (cc.status !== 0) throw new Error(`cc failed: ${cc.stderr}`);
    const run = spawnSync(program, [], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`abi program failed: ${run.stderr}`);
    return new Map(
      run.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ') as [string, string]),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('liblinux-abi', () => {
  let c: Map<string, string>;
  before(() => {
    c = fromCompiler();
  });

  it('lays out every struct as the C compiler does', () => {
    for (const key of Object.keys(STRUCTS) as Array<keyof typeof LAYOUT>) {
      const layout = LAYOUT[key];
      expect(String(layout.size), `sizeof(struct ${STRUCTS[key]})`).to.equal(c.get(`${key}.size`));
      for (const [field, offset] of Object.entries(layout.offsetOf)) {
        expect(String(offset), `offsetof(struct ${STRUCTS[key]}, ${field})`).to.equal(c.get(`${key}.${field}`));
      }
    }
  });

  it("declares every field of each struct, in the header's order", () => {
    const header = fs.readFileSync(path.join(repoRoot(), 'kernel', 'include', 'liblinux.h'), 'utf8');
    for (const key of Object.keys(STRUCTS) as Array<keyof typeof LAYOUT>) {
      const body = new RegExp(`^struct ${STRUCTS[key]} \\{\\n([^]*?)^\\};`, 'm').exec(header)?.[1] ?? '';
      // A field is the last identifier before ';' (or before ')(' for a function pointer), comments dropped.
      const code = body.replace(/\/\*[^]*?\*\//g, '');
      const fields = [...code.matchAll(/(\w+)\)?(?:\([^;]*\))?;/g)].map((m) => m[1]);
      expect(Object.keys(LAYOUT[key].offsetOf), `struct ${STRUCTS[key]}`).to.deep.equal(fields);
    }
  });

  it("has the header's #defines", () => {
    for (const [name, value] of Object.entries(DEFINE)) {
      // LIB_NO_DEADLINE is ~0ULL: printed as a signed long long, -1.
      expect(BigInt.asIntN(64, BigInt(value)).toString(), name).to.equal(c.get(name));
    }
  });
});
