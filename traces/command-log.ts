// SPDX-License-Identifier: GPL-2.0-only
/** commands/<node>.txt: the `run:` commands of a node as a terminal would have shown them. */
import type { CommandResult } from '../sim/exec/command-runner';
import { formatTime } from '../sim/core/time';

/** One command: its line, time and status, then its stdout and (marked) stderr. */
export function formatCommand(r: CommandResult): string {
  const status = r.exit !== null ? `exit ${r.exit}` : `killed by ${r.signal}`;
  const stderr = r.stderr === '' ? '' : `--- stderr\n${r.stderr}${r.stderr.endsWith('\n') ? '' : '\n'}`;
  const stdout = r.stdout === '' || r.stdout.endsWith('\n') ? r.stdout : `${r.stdout}\n`;
  return `$ ${r.cmd}    # at ${formatTime(r.at_ns)}, ${status}\n${stdout}${stderr}`;
}

/** Each node's commands in the order they ran, by node in `nodes` order; nodes without commands left out. */
export function commandLogs(
  nodes: readonly string[],
  commands: readonly CommandResult[],
): Array<{ node: string; text: string }> {
  return nodes.flatMap((node) => {
    const mine = commands.filter((r) => r.node === node);
    return mine.length === 0 ? [] : [{ node, text: mine.map(formatCommand).join('') }];
  });
}
