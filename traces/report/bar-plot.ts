// SPDX-License-Identifier: GPL-2.0-only
/**
 * The bar plot of report.html (frames dropped at full link queues, per
 * direction), drawn as SVG text like the other plots, so the page is the
 * same bytes for the same run.
 */
import { colour, coord, escapeXml, niceTicks } from './svg';

/** One bar. */
export interface Bar {
  label: string;
  value: number;
}

/** What a bar plot shows. */
export interface BarPlotSpec {
  id: string;
  title: string;
  yLabel: string;
  bars: readonly Bar[];
}

const H = 300;
const M = { left: 70, right: 20, top: 20, bottom: 110 };
const BAR_W = 36;
const GAP = 14;

/**
 * An SVG bar plot inside a <figure class="plot">; each bar is a "datum"
 * rect (at least 1 px high, so a zero still shows and lays out), with its
 * value written above it.  data-expected is the number of bars.
 */
export function barPlot(spec: BarPlotSpec): string {
  const pw = spec.bars.length * (BAR_W + GAP) + GAP;
  const W = Math.max(360, M.left + pw + M.right);
  const ph = H - M.top - M.bottom;
  const y = niceTicks(0, Math.max(1, ...spec.bars.map((b) => b.value)));
  const y1 = y.ticks[y.ticks.length - 1]!;
  const sy = (v: number): number => M.top + ph - (v / y1) * ph;
  const parts: string[] = [`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" class="frame"/>`];
  for (const t of y.ticks) {
    parts.push(`<line class="grid" x1="${M.left}" x2="${M.left + pw}" y1="${coord(sy(t))}" y2="${coord(sy(t))}"/>`);
    parts.push(
      `<text class="tick" x="${M.left - 6}" y="${coord(sy(t) + 4)}" text-anchor="end">${t.toFixed(y.decimals)}</text>`,
    );
  }
  parts.push(
    `<text class="axis" transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
  );
  spec.bars.forEach((b, i) => {
    const bx = M.left + GAP + i * (BAR_W + GAP);
    const top = Math.min(sy(b.value), M.top + ph - 1);
    const label = escapeXml(b.label);
    parts.push(
      `<rect class="datum" data-label="${label}" x="${bx}" y="${coord(top)}" width="${BAR_W}" height="${coord(M.top + ph - top)}" fill="${colour(0)}"/>`,
    );
    parts.push(
      `<text class="value" x="${bx + BAR_W / 2}" y="${coord(top - 4)}" text-anchor="middle">${b.value}</text>`,
    );
    parts.push(
      `<text class="tick" transform="translate(${bx + BAR_W / 2} ${M.top + ph + 10}) rotate(40)">${label}</text>`,
    );
  });
  return (
    `<figure class="plot" id="${escapeXml(spec.id)}" data-expected="${spec.bars.length}">` +
    `<figcaption>${escapeXml(spec.title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg></figure>`
  );
}
