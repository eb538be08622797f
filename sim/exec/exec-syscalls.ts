// SPDX-License-Identifier: GPL-2.0-only
/**
 * The system calls a program may have run in its node's kernel: exactly
 * those the shim forwards (its K_* numbers, asm-generic numbering;
 * test/sim/exec/exec-syscalls.test.ts reads the shim's sources and fails if
 * the two lists differ).  Anything else that arrives on the channel -- a
 * program that writes its own frames can ask for any number -- is
 * answered ENOSYS without entering the kernel: calls such as munmap or
 * kill would act on the kernel's own tasks, which a program has no
 * business reaching.
 */
import { SYS } from '../kernel/syscall-numbers';
import type { SyscallName } from '../kernel/syscall-numbers';

/** Forwarded system calls that liblinux.h names (LIB_SYS_*): their numbers are SYS's. */
const FORWARDED_LIB_SYSCALLS: readonly SyscallName[] = [
  'epoll_create1',
  'epoll_ctl',
  'epoll_pwait',
  'dup',
  'fcntl',
  'ioctl',
  'openat',
  'close',
  'pipe2',
  'getdents64',
  'lseek',
  'read',
  'write',
  'ppoll',
  'nanosleep',
  'uname',
  'socket',
  'socketpair',
  'bind',
  'listen',
  'accept',
  'connect',
  'getsockname',
  'getpeername',
  'sendto',
  'recvfrom',
  'setsockopt',
  'getsockopt',
  'shutdown',
  'sendmsg',
  'recvmsg',
  'accept4',
];

/** Forwarded system calls by name (as the shim's K_<NAME>): the above, and these asm-generic numbers. */
export const FORWARDED_SYSCALLS: Readonly<Record<string, number>> = {
  fsetxattr: 7,
  fgetxattr: 10,
  flistxattr: 13,
  fremovexattr: 16,
  getcwd: 17,
  eventfd2: 19,
  flock: 32,
  statfs: 43,
  fstatfs: 44,
  ftruncate: 46,
  fallocate: 47,
  fchmod: 52,
  fchown: 55,
  pread64: 67,
  pwrite64: 68,
  sendfile: 71,
  splice: 76,
  tee: 77,
  readlinkat: 78,
  fsync: 82,
  fdatasync: 83,
  sync_file_range: 84,
  timerfd_create: 85,
  timerfd_settime: 86,
  timerfd_gettime: 87,
  utimensat: 88,
  clock_nanosleep: 115,
  sethostname: 161,
  setdomainname: 162,
  getpid: 172,
  getppid: 173,
  gettid: 178,
  readahead: 213,
  fadvise64: 223,
  syncfs: 267,
  getrandom: 278,
  copy_file_range: 285,
  statx: 291,
  ...Object.fromEntries(FORWARDED_LIB_SYSCALLS.map((name) => [name, SYS[name]])),
};

const forwarded = new Set<number>(Object.values(FORWARDED_SYSCALLS));

/** Whether a program may have system call `nr` run in its node's kernel. */
export function isForwarded(nr: number): boolean {
  return forwarded.has(nr);
}
