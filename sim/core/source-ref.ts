// SPDX-License-Identifier: GPL-2.0-only
/**
 * Where an entry of a topology file is, and the one form of a message about
 * that place.  In sim/core because more than the loader names it: a node's
 * configuration the kernel refuses (sim/node) and a node's `kernel:` that
 * cannot be loaded (sim/run).
 */
import { quoteIfNeeded } from './quote';

/** Where an entry of a topology file is: the file, its dotted path ("nodes.r1.routes[2]") and its 1-based line. */
export interface SourceRef {
  readonly file: string;
  readonly path: string;
  readonly line: number;
}

/**
 * A message about a place in a topology file, as every such error reads:
 * `file: path: reason (line N)` (no path for the document itself, no line
 * when unknown).
 */
export function atSource(file: string, path: string, line: number, reason: string): string {
  const where = path ? `${path}: ` : '';
  const at = line > 0 ? ` (line ${line})` : '';
  return `${quoteIfNeeded(file)}: ${where}${reason}${at}`;
}
