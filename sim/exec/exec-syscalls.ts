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

/** Forwarded system calls by name (as the shim's K_<NAME>). */
export const FORWARDED_SYSCALLS: Readonly<Record<string, number>> = {
  fsetxattr: 7,
  fgetxattr: 10,
  flistxattr: 13,
  fremovexattr: 16,
  getcwd: 17,
  dup: 23,
  fcntl: 25,
  ioctl: 29,
  flock: 32,
  statfs: 43,
  fstatfs: 44,
  ftruncate: 46,
  fallocate: 47,
  fchmod: 52,
  fchown: 55,
  openat: 56,
  close: 57,
  getdents64: 61,
  lseek: 62,
  read: 63,
  write: 64,
  pread64: 67,
  pwrite64: 68,
  sendfile: 71,
  ppoll: 73,
  splice: 76,
  tee: 77,
  readlinkat: 78,
  fsync: 82,
  fdatasync: 83,
  sync_file_range: 84,
  utimensat: 88,
  nanosleep: 101,
  clock_nanosleep: 115,
  uname: 160,
  sethostname: 161,
  setdomainname: 162,
  getpid: 172,
  getppid: 173,
  gettid: 178,
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
  readahead: 213,
  fadvise64: 223,
  accept4: 242,
  syncfs: 267,
  getrandom: 278,
  copy_file_range: 285,
  statx: 291,
};

const forwarded = new Set<number>(Object.values(FORWARDED_SYSCALLS));

/** Whether a program may have system call `nr` run in its node's kernel. */
export function isForwarded(nr: number): boolean {
  return forwarded.has(nr);
}
