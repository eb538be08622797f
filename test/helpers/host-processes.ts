// SPDX-License-Identifier: GPL-2.0-only
/**
 * The host's processes as tests see them: which still run a command line
 * holding a marker, to show that nothing a command started outlives it.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Host processes (zombies aside: they run nothing) whose command line holds `marker`, as "pid cmdline". */
export function running(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(marker)) found.push(`${pid} ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
