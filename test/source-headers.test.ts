// SPDX-License-Identifier: GPL-2.0-only
/**
 * Every source file says what it is for (issue 18): a TypeScript file of
 * sim/, apps/, traces/, bin/ or test/ starts with the SPDX line and then a
 * header comment; a C file of the kernel port, its host-side code, tests
 * and benchmarks, the exec shim, the prefault thread and the exec test
 * fixtures has its SPDX line first (second at the latest, as kernel style
 * allows) and a comment within its first lines.  The files are read from
 * the tree, so a new file without a header fails here, named.  Whether a
 * header says something true is for the reviewer.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './helpers/repo-root';

const TS_DIRS = ['sim', 'apps', 'traces', 'bin', 'test'];
const C_DIRS = [
  'kernel/arch/lib',
  'kernel/host',
  'kernel/test',
  'kernel/bench',
  'sim/exec/shim',
  'sim/kernel/prefault',
  'test/sim/exec/fixtures',
];
/** Directories of installed or generated files, never sources. */
const SKIPPED = new Set(['node_modules', 'dist', 'build']);
const TS_SPDX = '// SPDX-License-Identifier: GPL-2.0-only';
/** A C file's SPDX line, in either comment form (kernel style: a line comment in .c, a block comment in .h and .S). */
const C_SPDX = /^(\/\/ SPDX-License-Identifier: \S.*|\/\* SPDX-License-Identifier: \S.* \*\/)$/;
const COMMENT = /^\s*(\/\*|\/\/)/;
/**
 * The line by which a C file's header comment must have begun: the SPDX
 * line, an include guard and a blank line may come first.
 */
const C_COMMENT_BY_LINE = 6;

/** The files under `dir` whose names end with one of `exts`, as paths from `root`. */
function sourceFiles(root: string, dir: string, exts: readonly string[]): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return SKIPPED.has(e.name) ? [] : sourceFiles(root, path, exts);
    return e.isFile() && exts.some((x) => e.name.endsWith(x)) ? [path] : [];
  });
}

/** What is wrong with the start of a TypeScript file, or null. */
function tsHeaderProblem(text: string): string | null {
  const [first, second] = text.split(/\r?\n/);
  if (first !== TS_SPDX) return `line 1 is not "${TS_SPDX}"`;
  if (second === undefined || !(second.startsWith('/*') || second.startsWith('//'))) {
    return 'line 2 does not start a header comment';
  }
  return null;
}

/** What is wrong with the start of a C, header or assembly file, or null. */
function cHeaderProblem(text: string): string | null {
  const lines = text.split(/\r?\n/);
  const spdx = lines.slice(0, 2).findIndex((l) => C_SPDX.test(l));
  if (spdx < 0) return 'no SPDX-License-Identifier line on line 1 or 2';
  const comment = lines.findIndex((l, i) => i > spdx && COMMENT.test(l));
  if (comment < 0 || comment >= C_COMMENT_BY_LINE) {
    return `no comment after the SPDX line within the first ${C_COMMENT_BY_LINE} lines`;
  }
  return null;
}

/** "path: problem" for each file whose start `problem` finds fault with. */
function problems(root: string, files: readonly string[], problem: (text: string) => string | null): string[] {
  return files.flatMap((f) => {
    const why = problem(readFileSync(join(root, f), 'utf8'));
    return why === null ? [] : [`${f}: ${why}`];
  });
}

describe('source file headers', () => {
  const root = repoRoot();
  const ts = TS_DIRS.flatMap((d) => sourceFiles(root, d, ['.ts']));
  const c = C_DIRS.flatMap((d) => sourceFiles(root, d, ['.c', '.h', '.S']));

  it('finds the sources', () => {
    // A walk that found nothing would pass the checks below.
    expect(ts.length).to.be.greaterThan(250);
    expect(ts).to.include.members(['sim/run/simulation.ts', 'bin/libsim.ts', 'test/source-headers.test.ts']);
    expect(c.length).to.be.greaterThan(100);
    expect(c).to.include.members([
      'kernel/arch/lib/kernel/switch.S',
      'kernel/arch/lib/include/asm/page.h',
      'sim/exec/shim/shim.h',
      'sim/kernel/prefault/prefault.c',
      'test/sim/exec/fixtures/slow-socket.c',
    ]);
  });

  it('every TypeScript file starts with the SPDX line and a header comment', () => {
    expect(problems(root, ts, tsHeaderProblem)).to.deep.equal([]);
  });

  it('every C file has its SPDX line and a comment near the top', () => {
    expect(problems(root, c, cHeaderProblem)).to.deep.equal([]);
  });

  it('refuses made-up files without a header, and takes ones with', () => {
    const body = "import { x } from './x';\n\nexport const y = x;\n";
    expect(tsHeaderProblem(body)).to.equal(`line 1 is not "${TS_SPDX}"`);
    expect(tsHeaderProblem(`${TS_SPDX}\n${body}`)).to.equal('line 2 does not start a header comment');
    expect(tsHeaderProblem(`${TS_SPDX}\n\n/** What it is for. */\n${body}`)).to.equal(
      'line 2 does not start a header comment',
    );
    expect(tsHeaderProblem(TS_SPDX)).to.equal('line 2 does not start a header comment');
    expect(tsHeaderProblem(`// SPDX-License-Identifier: MIT\n/** What it is for. */\n${body}`)).to.not.equal(null);
    expect(tsHeaderProblem(`${TS_SPDX}\n/** What it is for. */\n${body}`)).to.equal(null);
    expect(tsHeaderProblem(`${TS_SPDX}\r\n/**\r\n * What it is for.\r\n */\r\n${body}`)).to.equal(null);

    const guard = '#ifndef X_H\n#define X_H\n\n';
    const code = 'int x(void);\n\n#endif\n';
    expect(cHeaderProblem(`${guard}/* What it is for. */\n${code}`)).to.equal(
      'no SPDX-License-Identifier line on line 1 or 2',
    );
    expect(cHeaderProblem(`/* SPDX-License-Identifier: GPL-2.0-only */\n${guard}${code}`)).to.equal(
      `no comment after the SPDX line within the first ${C_COMMENT_BY_LINE} lines`,
    );
    expect(
      cHeaderProblem(`/* SPDX-License-Identifier: GPL-2.0-only */\n${guard}#include <a.h>\n\n/* Late. */\n${code}`),
    ).to.equal(`no comment after the SPDX line within the first ${C_COMMENT_BY_LINE} lines`);
    expect(
      cHeaderProblem(`/* SPDX-License-Identifier: GPL-2.0-only */\n/* What it is for. */\n${guard}${code}`),
    ).to.equal(null);
    expect(
      cHeaderProblem(`/* SPDX-License-Identifier: GPL-2.0-only */\n${guard}/* What it is for. */\n${code}`),
    ).to.equal(null);
    expect(cHeaderProblem('// SPDX-License-Identifier: GPL-2.0-only\n/*\n * What it is for.\n */\nint x;\n')).to.equal(
      null,
    );
  });
});
