// SPDX-License-Identifier: GPL-2.0-only
/**
 * The drawing of the topology in report.html: a layout of the nodes that is
 * the same for the same topology, and its SVG.
 */
import { coord, escapeXml } from './svg';

/** A link between two nodes, with the label drawn on it. */
export interface GraphEdge {
  a: string;
  b: string;
  label: string;
}

const W = 760;
const H = 420;
const MARGIN = 60;
const ITERATIONS = 300;

/**
 * Positions for `nodes` (in the given order) by a force-directed layout
 * (Fruchterman–Reingold): linked nodes attract, all nodes repel, with a
 * cooling step limit.  It starts from a circle in node order and runs a
 * fixed number of iterations in a fixed order, so the same graph always
 * gets the same picture.  Coordinates fit [MARGIN, W − MARGIN] × [MARGIN, H − MARGIN].
 */
export function layoutGraph(nodes: readonly string[], edges: readonly GraphEdge[]): Map<string, [number, number]> {
  const n = nodes.length;
  const index = new Map(nodes.map((name, i) => [name, i] as const));
  const px = nodes.map((_, i) => Math.cos((2 * Math.PI * i) / Math.max(1, n)));
  const py = nodes.map((_, i) => Math.sin((2 * Math.PI * i) / Math.max(1, n)));
  const k = 1 / Math.sqrt(Math.max(1, n));
  for (let it = 0; it < ITERATIONS; it++) {
    const dx = new Array<number>(n).fill(0);
    const dy = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const ex = px[i]! - px[j]!;
        const ey = py[i]! - py[j]!;
        const d = Math.max(1e-6, Math.hypot(ex, ey));
        const f = (k * k) / d;
        dx[i]! += (ex / d) * f;
        dy[i]! += (ey / d) * f;
      }
    }
    for (const e of edges) {
      const i = index.get(e.a)!;
      const j = index.get(e.b)!;
      const ex = px[i]! - px[j]!;
      const ey = py[i]! - py[j]!;
      const d = Math.max(1e-6, Math.hypot(ex, ey));
      const f = (d * d) / k;
      dx[i]! -= (ex / d) * f;
      dy[i]! -= (ey / d) * f;
      dx[j]! += (ex / d) * f;
      dy[j]! += (ey / d) * f;
    }
    const t = 0.1 * (1 - it / ITERATIONS);
    for (let i = 0; i < n; i++) {
      const d = Math.max(1e-6, Math.hypot(dx[i]!, dy[i]!));
      const step = Math.min(d, t);
      px[i]! += (dx[i]! / d) * step;
      py[i]! += (dy[i]! / d) * step;
    }
  }
  const fit = (v: number[], lo: number, hi: number): number[] => {
    const min = Math.min(...v);
    const max = Math.max(...v);
    return v.map((x) => (max > min ? lo + ((x - min) / (max - min)) * (hi - lo) : (lo + hi) / 2));
  };
  const fx = fit(px, MARGIN, W - MARGIN);
  const fy = fit(py, MARGIN, H - MARGIN);
  return new Map(nodes.map((name, i) => [name, [fx[i]!, fy[i]!] as [number, number]]));
}

/**
 * The topology drawn as a graph inside a <figure class="plot">: a "datum"
 * line per link (labelled with its rate and delay) and a "datum" circle
 * per node (labelled with its name).  data-expected = nodes + links.
 */
export function topologyGraph(
  id: string,
  title: string,
  nodes: readonly string[],
  edges: readonly GraphEdge[],
): string {
  const pos = layoutGraph(nodes, edges);
  const parts: string[] = [];
  for (const e of edges) {
    const [x1, y1] = pos.get(e.a)!;
    const [x2, y2] = pos.get(e.b)!;
    parts.push(`<line class="datum link" x1="${coord(x1)}" y1="${coord(y1)}" x2="${coord(x2)}" y2="${coord(y2)}"/>`);
    parts.push(
      `<text class="edge-label" x="${coord((x1 + x2) / 2)}" y="${coord((y1 + y2) / 2 - 6)}" text-anchor="middle">${escapeXml(e.label)}</text>`,
    );
  }
  for (const name of nodes) {
    const [x, y] = pos.get(name)!;
    parts.push(`<circle class="datum node" cx="${coord(x)}" cy="${coord(y)}" r="18"/>`);
    parts.push(
      `<text class="node-label" x="${coord(x)}" y="${coord(y + 4)}" text-anchor="middle">${escapeXml(name)}</text>`,
    );
  }
  return (
    `<figure class="plot" id="${escapeXml(id)}" data-expected="${nodes.length + edges.length}">` +
    `<figcaption>${escapeXml(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg></figure>`
  );
}
