// SPDX-License-Identifier: GPL-2.0-only
/**
 * The one line libsim prints when commands will run on a host kernel
 * without Landlock: the allowlisted tools run anyway (they call glibc, and
 * the shim sees every call they make), but what keeps them off the host's
 * files is then the shim's rules alone, and the user should know it.
 * Said on libsim's own stderr, once: a command's stderr goes into the
 * results, which must not depend on the host.
 */
import type { Topology } from '../topology/topology';
import { hostLandlockAbi } from '../exec/exec-sandbox';

let said = false;

/** Whether `t` runs any program: a `run:` command or a command check. */
export function runsCommands(t: Topology): boolean {
  return t.nodes.some((n) => (n.run?.length ?? 0) > 0) || t.checks.some((c) => c.kind === 'command');
}

/** Prints the note if `commands` and the host kernel has no Landlock (once a process). */
export function noteMissingLandlock(
  commands: boolean,
  stream: Pick<NodeJS.WriteStream, 'write'> = process.stderr,
): void {
  if (said || !commands || hostLandlockAbi() !== 0) return;
  said = true;
  stream.write(
    "libsim: note: this host kernel has no Landlock: commands are kept off the host's files by the exec " +
      'shim\'s rules, with a seccomp filter and no capabilities, but not by the kernel (see README, "What libsim promises")\n',
  );
}
