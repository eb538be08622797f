// SPDX-License-Identifier: GPL-2.0-only
/**
 * The layers of the sources point only down (README, "Inside"): a
 * file may import from its own folder or from a folder of a lower layer,
 * never from a higher one or from another folder of its own layer, and no
 * files import each other in a circle.  The imports are read from the
 * sources, so a new import that breaks the rule fails here.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { repoRoot } from './helpers/repo-root';

/** Highest first; folders of one row are one layer and may not import each other. */
const LAYERS: readonly (readonly string[])[] = [
  ['bin', 'sim/bench'],
  ['sim/cli'],
  ['sim/run'],
  ['traces'],
  ['sim/check'],
  ['apps'],
  ['sim/exec'],
  ['sim/topology'],
  ['sim/node'],
  ['sim/net'],
  ['sim/kernel'],
  ['sim/core'],
];

type Graph = ReadonlyMap<string, readonly string[]>;

/** The folder of LAYERS a file belongs to (the longest that holds it), or null. */
function folderOf(file: string): string | null {
  let best: string | null = null;
  for (const row of LAYERS) {
    for (const folder of row) {
      if ((file === folder || file.startsWith(`${folder}/`)) && (best === null || folder.length > best.length)) {
        best = folder;
      }
    }
  }
  return best;
}

function rankOf(folder: string): number {
  return LAYERS.findIndex((row) => row.includes(folder));
}

/** Each import that points up or sideways, as "from -> to". */
function layerViolations(graph: Graph): string[] {
  const bad: string[] = [];
  for (const [from, targets] of graph) {
    const a = folderOf(from);
    for (const to of targets) {
      const b = folderOf(to);
      if (a === null || b === null) bad.push(`${from} -> ${to} (a folder not in LAYERS)`);
      else if (a !== b && rankOf(b) <= rankOf(a)) bad.push(`${from} -> ${to}`);
    }
  }
  return bad;
}

/** The files of each circle of imports (strongly connected components of more than one file, or a self import). */
function importCircles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let next = 0;
  // Iterative Tarjan: the import chains are deep enough to make recursion a worry.
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { file: string; i: number }[] = [{ file: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const targets = graph.get(top.file) ?? [];
      if (top.i < targets.length) {
        const to = targets[top.i++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ file: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(top.file, Math.min(low.get(top.file)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.file;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.file)!));
      }
      if (low.get(top.file) === index.get(top.file)) {
        const component: string[] = [];
        let f: string;
        do {
          f = stack.pop()!;
          onStack.delete(f);
          component.push(f);
        } while (f !== top.file);
        if (component.length > 1 || targets.includes(top.file)) circles.push(component.sort());
      }
    }
  }
  return circles;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'build' ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import of the TypeScript sources (tests excluded), as repo-relative file paths. */
function sourceImports(root: string): Graph {
  const graph = new Map<string, string[]>();
  const files = ['sim', 'apps', 'traces', 'bin'].flatMap((d) => sources(join(root, d)));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const from = relative(root, file);
    const targets = [...text.matchAll(/(?:\bfrom|\bimport|\brequire)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(
      (m) => `${normalize(join(dirname(from), m[1]!))}.ts`,
    );
    graph.set(from, [...new Set(targets)]);
  }
  return graph;
}

describe('layering of the sources', () => {
  const graph = sourceImports(repoRoot());

  it('reads the imports of every source file', () => {
    // The walk must see the tree: a parser that found nothing would pass the checks below.
    expect(graph.size).to.be.greaterThan(150);
    expect(graph.get('sim/run/simulation.ts')).to.include('sim/core/simulator.ts');
    for (const targets of graph.values()) for (const t of targets) expect(graph.has(t), t).to.equal(true);
  });

  it('has every source file in a folder of the layer table', () => {
    expect([...graph.keys()].filter((f) => folderOf(f) === null)).to.deep.equal([]);
  });

  it('has no import that points up or sideways', () => {
    expect(layerViolations(graph)).to.deep.equal([]);
  });

  it('has no circle of imports between files', () => {
    expect(importCircles(graph)).to.deep.equal([]);
  });

  it('finds what it looks for in a made-up tree', () => {
    const made: Graph = new Map([
      ['sim/core/a.ts', ['sim/node/b.ts']],
      ['sim/node/b.ts', ['sim/core/a.ts']],
      ['apps/c.ts', ['sim/exec/d.ts', 'sim/core/a.ts']],
      ['sim/exec/d.ts', ['apps/c.ts']],
      ['bin/f.ts', ['sim/bench/g.ts']],
      ['sim/bench/g.ts', []],
      ['sim/run/e.ts', ['sim/run/e.ts']],
    ]);
    expect(layerViolations(made)).to.deep.equal([
      'sim/core/a.ts -> sim/node/b.ts',
      'sim/exec/d.ts -> apps/c.ts',
      'bin/f.ts -> sim/bench/g.ts',
    ]);
    expect(importCircles(made)).to.deep.equal([
      ['sim/core/a.ts', 'sim/node/b.ts'],
      ['apps/c.ts', 'sim/exec/d.ts'],
      ['sim/run/e.ts'],
    ]);
  });
});
