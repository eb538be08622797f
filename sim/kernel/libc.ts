// SPDX-License-Identifier: GPL-2.0-only
/**
 * The host's libc calls on memory -- mmap, mprotect, munmap, madvise,
 * memset -- and the Linux x86-64 constants they take.  The loader maps
 * library copies with them (library-loader.ts) and the host's RAM for the
 * kernels comes from them (host-memory.ts); bound once per process, on
 * first use.
 */
import { NativeFunction, openLibrary } from './ffi';

/** Address space only: any access faults. */
export const PROT_NONE = 0x0;
/** Page protections, or-ed together. */
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;
export const PROT_READ_WRITE = PROT_READ | PROT_WRITE;
/** MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE: address space, committed only as written. */
export const MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x4022;
/** MAP_PRIVATE | MAP_FIXED: a file's pages at a chosen address, private once written. */
export const MAP_PRIVATE_FIXED = 0x12;
/** MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS: zeroed pages at a chosen address. */
export const MAP_PRIVATE_FIXED_ANONYMOUS = 0x32;
/** mmap()'s (void *)-1, as koffi returns it. */
export const MAP_FAILED = 0xffff_ffff_ffff_ffffn;
/** Back a range with transparent huge pages where the host allows them. */
export const MADV_HUGEPAGE = 14;
/** Backs a range now, in one call instead of a fault per page (Linux >= 5.14; older hosts just fault). */
export const MADV_POPULATE_WRITE = 23;

/** The bound functions; pointers are bigints, NULL is null. */
export interface Libc {
  mmap: NativeFunction;
  mprotect: NativeFunction;
  munmap: NativeFunction;
  madvise: NativeFunction;
  memset: NativeFunction;
}

let bound: Libc | null = null;

/** libc's memory functions, bound on first use. */
export function libc(): Libc {
  if (bound) return bound;
  const c = openLibrary('libc.so.6');
  bound = {
    mmap: c.func('void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off)'),
    mprotect: c.func('int mprotect(void *addr, size_t len, int prot)'),
    munmap: c.func('int munmap(void *addr, size_t len)'),
    madvise: c.func('int madvise(void *addr, size_t len, int advice)'),
    memset: c.func('void *memset(void *addr, int c, size_t len)'),
  };
  return bound;
}
