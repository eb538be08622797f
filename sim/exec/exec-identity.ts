// SPDX-License-Identifier: GPL-2.0-only
/**
 * Who a command runs as on the host.  When libsim runs as root, every
 * command runs as uid 65534 and gid 65534 (nobody and nogroup on Debian,
 * and the kernel's own overflow ids), with no supplementary group:
 * libsim-exec-start changes to them before the program's first
 * instruction (sim/exec/shim/identity.c).  The host kernel's own
 * permission checks then hold the rule "reads only what every user may
 * read" for a program that bypasses the shim (raw system calls), and it
 * owns no host file outside its scratch directory, which is lent to it
 * for the command (sim/exec/scratch-owner.ts).
 *
 * Why these ids and not a user namespace: see README ("Backstops").
 * Debian's policy is that nobody and nogroup own no file, and a fixed
 * number keeps what a program can see of it (the owner of a file it
 * created) the same on every host.
 *
 * libsim run as another user cannot give its uid away: commands then run
 * as that user, as before, and the read rule is the shim's alone.
 */
import { readFileSync } from 'node:fs';

/** A host uid and gid. */
export interface HostIdentity {
  readonly uid: number;
  readonly gid: number;
}

/** The identity commands run as when libsim runs as root. */
export const COMMAND_IDENTITY: HostIdentity = { uid: 65534, gid: 65534 };

/** Asked once: the answer cannot change while the process runs. */
let known: HostIdentity | null | undefined;

/**
 * The identity commands run as, or null when they run as libsim itself:
 * libsim is not root, or runs in a user namespace that has no 65534 (a
 * rootless container's map), where no process could take it.
 */
export function commandIdentity(): HostIdentity | null {
  if (known !== undefined) return known;
  known =
    process.geteuid?.() === 0 && mapped('uid_map', COMMAND_IDENTITY.uid) && mapped('gid_map', COMMAND_IDENTITY.gid)
      ? COMMAND_IDENTITY
      : null;
  return known;
}

/** The identity of libsim itself: what the files it writes belong to. */
export function ownIdentity(): HostIdentity {
  return { uid: process.geteuid?.() ?? 0, gid: process.getegid?.() ?? 0 };
}

/** Whether `id` exists in this process's user namespace (/proc/self/uid_map: inside, outside, count). */
function mapped(map: 'uid_map' | 'gid_map', id: number): boolean {
  let text: string;
  try {
    text = readFileSync(`/proc/self/${map}`, 'utf8');
  } catch {
    // No /proc: assume the initial namespace, where every id exists.
    return true;
  }
  return text.split('\n').some((line) => {
    const [inside, , count] = line.trim().split(/\s+/).map(Number);
    return inside !== undefined && count !== undefined && id >= inside && id < inside + count;
  });
}
