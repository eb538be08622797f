// SPDX-License-Identifier: GPL-2.0-only
/**
 * Test helpers that drive real liblinux instances without the simulator:
 * boot, blocking-style system calls (submit, then run the kernel at its
 * deadlines until the completion arrives) and socket address structs.
 */
import { KernelError } from '../../sim/kernel/errors';
import { LibLinux, SyscallArg } from '../../sim/kernel/liblinux';

/** Host time tests boot at: 1 s, as kernel/test does. */
export const T0 = 1_000_000_000n;

/** Boots a fresh instance at T0 with a quiet console. */
export function boot(seed: bigint): LibLinux {
  const k = new LibLinux();
  k.init({ seed, cmdline: 'loglevel=4' }, T0);
  return k;
}

/**
 * A system call that may block: submits it at the kernel's clock and, if
 * pending, runs the kernel at its deadlines (at most `maxSteps`) until the
 * completion arrives.  Throws the call's KernelError.
 */
export function callBlocking(
  k: LibLinux,
  task: number,
  nr: number,
  args: readonly SyscallArg[],
  pins: readonly unknown[] = [],
  maxSteps = 1000,
): bigint {
  const r = k.syscall(task, nr, args, k.now(), pins);
  if (r.state === 'done') return r.result;
  for (let i = 0; i < maxSteps; i++) {
    const c = k.completions().find((x) => x.task === task);
    if (c) {
      if (c.error) throw c.error;
      return c.result;
    }
    const d = k.nextDeadline();
    if (d === null) break;
    k.run(d > k.now() ? d : k.now());
  }
  throw new Error(`task ${task}: syscall ${nr} did not complete`);
}

/** Like callBlocking for a call that must not block; returns its result. */
export function callNow(
  k: LibLinux,
  task: number,
  nr: number,
  args: readonly SyscallArg[],
  pins: readonly unknown[] = [],
): bigint {
  const r = k.syscall(task, nr, args, k.now(), pins);
  if (r.state !== 'done') throw new Error(`syscall ${nr} blocked`);
  return r.result;
}

/** struct sockaddr_in for "a.b.c.d" and a port (16 bytes). */
export function sockaddrIn(ip: string, port: number): Buffer {
  const sa = Buffer.alloc(16);
  sa.writeUInt16LE(2, 0); // AF_INET
  sa.writeUInt16BE(port, 2);
  ip.split('.').forEach((p, i) => sa.writeUInt8(Number(p), 4 + i));
  return sa;
}

/** The KernelError a function throws, or a failure if it throws something else or nothing. */
export function kernelErrorOf(fn: () => unknown): KernelError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KernelError) return e;
    throw e;
  }
  throw new Error('expected a KernelError, nothing was thrown');
}
