// SPDX-License-Identifier: GPL-2.0-only
/**
 * The highest kernel descriptor a program's calls made, so that what a
 * `run:` command left open can be closed after it (the next command runs
 * on the same kernel task).  A process app's task ends with it instead.
 */
import { SYS } from '../kernel/syscall-numbers';
import type { ExecRequest } from './exec-protocol';

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
]);

/** Notes the descriptors calls return. */
export class KernelFds {
  /** Highest kernel descriptor a call returned (-1: none). */
  highest = -1;

  /** Notes what `req`, which returned `result`, made. */
  note(req: ExecRequest, result: bigint): void {
    if (result >= 0n && FD_RESULT.has(req.nr) && result < BigInt(MAX_KERNEL_FD)) {
      this.highest = Math.max(this.highest, Number(result));
    }
    if (result >= 0n && req.nr === SYS.socketpair && req.args[3]?.kind === 'out') {
      const pair = req.args[3].data;
      if (pair.length >= 8) this.highest = Math.max(this.highest, pair.readInt32LE(0), pair.readInt32LE(4));
    }
  }
}
