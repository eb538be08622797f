// SPDX-License-Identifier: GPL-2.0-only
/**
 * System call numbers liblinux is tested with: the LIB_SYS_* of
 * kernel/include/liblinux.h (asm-generic numbering, as on arm64 and
 * riscv -- not the host's x86-64 numbers).  Written out, never parsed at
 * run time; test/sim/kernel/syscall-numbers.test.ts reads the header and
 * fails if the two drift apart.
 */

/** LIB_SYS_<name> of liblinux.h, by name. */
export const SYS = {
  epoll_create1: 20,
  epoll_ctl: 21,
  epoll_pwait: 22,
  dup: 23,
  dup3: 24,
  fcntl: 25,
  ioctl: 29,
  openat: 56,
  close: 57,
  pipe2: 59,
  getdents64: 61,
  lseek: 62,
  read: 63,
  write: 64,
  readv: 65,
  writev: 66,
  ppoll: 73,
  nanosleep: 101,
  uname: 160,
  getpid: 172,
  socket: 198,
  socketpair: 199,
  bind: 200,
  listen: 201,
  accept: 202,
  connect: 203,
  getsockname: 204,
  getpeername: 205,
  sendto: 206,
  recvfrom: 207,
  setsockopt: 208,
  getsockopt: 209,
  shutdown: 210,
  sendmsg: 211,
  recvmsg: 212,
  accept4: 242,
  recvmmsg: 243,
  sendmmsg: 269,
  getrandom: 278,
} as const;

/** A system call name liblinux is tested with, e.g. `'sendmsg'`. */
export type SyscallName = keyof typeof SYS;

const NAMES: ReadonlyMap<number, SyscallName> = new Map(
  (Object.keys(SYS) as SyscallName[]).map((name) => [SYS[name], name] as const),
);

/**
 * The name of system call `nr` for messages ("sendto"), or "syscall <nr>"
 * for a number outside the table (still a valid call to submit).
 */
export function syscallName(nr: number): string {
  return NAMES.get(nr) ?? `syscall ${nr}`;
}
