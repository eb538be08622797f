// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error of a topology file that cannot be used as written, at a path and
 * line: thrown by the loader (topology-loader.ts, yaml-cursor.ts) and by
 * checkCommands (sim/exec/node-commands.ts).  Bad input, exit 2.
 */
import { atSource } from '../core/source-ref';
import { BadInputError } from '../core/errors';

/**
 * A topology file that cannot be used as written: names the file, the
 * path of the offending value (`nodes.h1.interfaces.eth0.addresses[1]`)
 * and its line, so one line of output is enough to fix it.
 */
export class TopologyError extends BadInputError {
  /** The topology file. */
  readonly file: string;
  /** Dotted path of the bad value; empty for the document itself. */
  readonly path: string;
  /** 1-based line of the bad value, or 0 when unknown. */
  readonly line: number;
  /** What is wrong, without file, path or line. */
  readonly reason: string;

  constructor(file: string, path: string, line: number, reason: string) {
    super(atSource(file, path, line, reason));
    this.name = 'TopologyError';
    this.file = file;
    this.path = path;
    this.line = line;
    this.reason = reason;
  }
}
