// SPDX-License-Identifier: GPL-2.0-only
/**
 * The process group of one command (sim/exec/command-runner.ts): the command
 * is spawned detached, so it leads a group of its own that the shim's
 * seccomp filter keeps it and anything it could start in (setsid and
 * setpgid fail).  At the end of the command the whole group is killed and
 * the command is over only when no member is left.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** How long a killed group may take to disappear, ms. */
export const GROUP_EXIT_BOUND_MS = 2000;
/** How often the group is looked at while waiting for it, ms. */
const POLL_MS = 5;

/** One live (not zombie) member of a process group. */
export interface GroupMember {
  pid: number;
  /** Its command name (/proc/<pid>/comm). */
  comm: string;
}

/** The groups of the commands running now, for killing on an interrupt (killRunningGroups). */
const running = new Set<number>();

/** Notes that a command leads group `pgid` until untrackGroup(). */
export function trackGroup(pgid: number): void {
  running.add(pgid);
}

export function untrackGroup(pgid: number): void {
  running.delete(pgid);
}

/**
 * SIGKILL to the group of every command running now: libsim is being
 * interrupted (Ctrl-C), and its commands are detached, out of reach of
 * the terminal's signal.  Synchronous, for a signal handler that exits.
 */
export function killRunningGroups(): void {
  for (const pgid of running) killGroup(pgid);
  running.clear();
}

/** SIGKILL to every member of group `pgid`; none left is fine. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

/**
 * The members of group `pgid` that still run, found in /proc.  Zombies
 * are left out: they run nothing, and their new parent (pid 1 or a
 * subreaper) may take its time to reap them.
 */
export function groupMembers(pgid: number): GroupMember[] {
  try {
    // Cheap answer for the usual case: no member at all, zombie or not.
    process.kill(-pgid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return [];
    throw e;
  }
  const members: GroupMember[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid pgrp ...; comm may hold blanks and parentheses.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    if (fields[0] === 'Z' || Number(fields[2]) !== pgid) continue;
    members.push({ pid: Number(name), comm: stat.slice(stat.indexOf('(') + 1, close) });
  }
  return members;
}

/**
 * Kills group `pgid` and waits, at most `boundMs`, until no member runs.
 * Resolves with the members that were there before the kill (in pid
 * order) and those still there after the bound (normally none).
 */
export async function emptyGroup(
  pgid: number,
  boundMs = GROUP_EXIT_BOUND_MS,
): Promise<{ killed: GroupMember[]; left: GroupMember[] }> {
  const killed = groupMembers(pgid);
  // A bound on waiting for host processes, on the monotonic clock: it
  // decides nothing of the simulation (survivors are an error either way).
  const end = process.hrtime.bigint() + BigInt(boundMs) * 1_000_000n;
  let left = killed;
  while (left.length > 0) {
    killGroup(pgid);
    if (process.hrtime.bigint() >= end) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
    left = groupMembers(pgid);
  }
  return { killed, left };
}
