// SPDX-License-Identifier: GPL-2.0-only
/**
 * The line plots of report.html (goodput, RTT and cwnd over time), drawn as
 * SVG text like the other plots, so the page is the same bytes for the same
 * run.
 */
import { colour, coord, escapeXml, niceTicks } from './svg';

/** A named series of (x, y) points. */
export interface Series {
  label: string;
  points: ReadonlyArray<readonly [number, number]>;
}

/** What a line plot shows. */
export interface LinePlotSpec {
  /** Element id of the figure. */
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  /** Draw points as markers only (samples), not joined by lines. */
  markers?: boolean;
}

const W = 760;
const H = 320;
const M = { left: 70, right: 20, top: 20, bottom: 50 };

/**
 * An SVG line plot inside a <figure class="plot">.  Every data element has
 * class "datum"; a polyline carries data-n (its number of points).  The
 * figure's data-expected is the number of points drawn, which the
 * report's check script compares with what the browser laid out.
 */
export function linePlot(spec: LinePlotSpec): string {
  const all = spec.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const x = niceTicks(Math.min(...xs), Math.max(...xs));
  const y = niceTicks(Math.min(0, ...ys), Math.max(...ys));
  const x0 = x.ticks[0]!;
  const x1 = x.ticks[x.ticks.length - 1]!;
  const y0 = y.ticks[0]!;
  const y1 = y.ticks[y.ticks.length - 1]!;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (v: number): number => M.left + ((v - x0) / (x1 - x0)) * pw;
  const sy = (v: number): number => M.top + ph - ((v - y0) / (y1 - y0)) * ph;
  const parts: string[] = [];
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" class="frame"/>`);
  for (const t of x.ticks) {
    parts.push(`<line class="grid" x1="${coord(sx(t))}" x2="${coord(sx(t))}" y1="${M.top}" y2="${M.top + ph}"/>`);
    parts.push(
      `<text class="tick" x="${coord(sx(t))}" y="${M.top + ph + 16}" text-anchor="middle">${t.toFixed(x.decimals)}</text>`,
    );
  }
  for (const t of y.ticks) {
    parts.push(`<line class="grid" x1="${M.left}" x2="${M.left + pw}" y1="${coord(sy(t))}" y2="${coord(sy(t))}"/>`);
    parts.push(
      `<text class="tick" x="${M.left - 6}" y="${coord(sy(t) + 4)}" text-anchor="end">${t.toFixed(y.decimals)}</text>`,
    );
  }
  parts.push(
    `<text class="axis" x="${M.left + pw / 2}" y="${H - 10}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
  );
  parts.push(
    `<text class="axis" transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
  );
  let expected = 0;
  spec.series.forEach((s, i) => {
    const c = colour(i);
    const label = escapeXml(s.label);
    if (spec.markers === true || s.points.length === 1) {
      parts.push(`<g fill="${c}" data-series="${label}">`);
      for (const [px, py] of s.points) {
        parts.push(`<circle class="datum" cx="${coord(sx(px))}" cy="${coord(sy(py))}" r="2.5"/>`);
      }
      parts.push('</g>');
    } else if (s.points.length > 1) {
      const pts = s.points.map(([px, py]) => `${coord(sx(px))},${coord(sy(py))}`).join(' ');
      parts.push(
        `<polyline class="datum" data-series="${label}" data-n="${s.points.length}" fill="none" stroke="${c}" stroke-width="1.5" points="${pts}"/>`,
      );
    }
    expected += s.points.length;
  });
  const legend = spec.series
    .map(
      (s, i) =>
        `<span class="key"><span class="swatch" style="background:${colour(i)}"></span>${escapeXml(s.label)}</span>`,
    )
    .join(' ');
  return (
    `<figure class="plot" id="${escapeXml(spec.id)}" data-expected="${expected}">` +
    `<figcaption>${escapeXml(spec.title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>` +
    `<div class="legend">${legend}</div></figure>`
  );
}
