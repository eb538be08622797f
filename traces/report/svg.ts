// SPDX-License-Identifier: GPL-2.0-only
/** Small helpers for writing SVG and HTML text by hand, deterministically. */

/** Text safe inside XML/HTML element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A coordinate with two decimals, no "-0". */
export function coord(v: number): string {
  const s = v.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** Colours of series, in order (colour-blind safe: Okabe–Ito). */
export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
] as const;

/** The colour of series i. */
export function colour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/**
 * "Nice" axis ticks covering [min, max]: a step of 1, 2 or 5 × 10^k giving
 * about `count` intervals.  Returns the ticks and the decimals to print.
 */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; decimals: number } {
  if (!(max > min)) max = min + 1;
  const raw = (max - min) / count;
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  const f = raw / base;
  const mult = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  const step = mult * base;
  const first = Math.floor(min / step);
  const last = Math.ceil(max / step);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(i * step);
  return { ticks, decimals: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
}
