// SPDX-License-Identifier: GPL-2.0-only
/**
 * The highest kernel descriptor a program's calls made, so that what a
 * `run:` command left open can be closed after it (the next command runs
 * on the same kernel task).  A process app's task ends with it instead.
 */
import { SYS } from '../kernel/syscall-numbers';
import type { ExecRequest } from './exec-protocol';
import { FORWARDED_SYSCALLS } from './exec-syscalls';

/** Highest kernel fd tracked (a command's leftovers are closed up to it). */
const MAX_KERNEL_FD = 4096;

/** System calls whose result is a new kernel descriptor. */
const FD_RESULT = new Set<number>([
  SYS.socket,
  SYS.openat,
  SYS.accept,
  SYS.accept4,
  SYS.dup,
  SYS.fcntl,
  SYS.epoll_create1,
  FORWARDED_SYSCALLS.eventfd2!,
  FORWARDED_SYSCALLS.timerfd_create!,
]);

/** System calls that write two new kernel descriptors into a buffer, and which argument that is. */
const FD_PAIR = new Map<number, number>([
  [SYS.socketpair, 3],
  [SYS.pipe2, 0],
]);

/** Notes the descriptors calls return. */
export class KernelFds {
  /** Highest kernel descriptor a call returned (-1: none). */
  highest = -1;

  /** Notes what `req`, which returned `result`, made. */
  note(req: ExecRequest, result: bigint): void {
    if (result < 0n) return;
    if (FD_RESULT.has(req.nr) && result < BigInt(MAX_KERNEL_FD)) this.saw(Number(result));
    const at = FD_PAIR.get(req.nr);
    const pair = at === undefined ? undefined : req.args[at];
    if (pair?.kind === 'out' && pair.data.length >= 8) {
      this.saw(pair.data.readInt32LE(0));
      this.saw(pair.data.readInt32LE(4));
    }
  }

  private saw(fd: number): void {
    if (fd < MAX_KERNEL_FD) this.highest = Math.max(this.highest, fd);
  }
}
