// SPDX-License-Identifier: GPL-2.0-only
/**
 * The loader: maps a private copy of the liblinux file for each kernel and
 * binds its functions at that copy's address.
 *
 * dlopen() of one path twice returns the same handle, and dlmopen() runs
 * out of namespaces after about 15; a private memfd copy per instance
 * scales (kernel/test/instance.c does that) but gives every node its own
 * physical copy of the kernel's 3.4 MB of text.  So this module maps the
 * library file itself, at a new address per copy: text and read-only data
 * are MAP_PRIVATE mappings of the one file, shared in the page cache
 * (memory, and CPU caches, across nodes); the writable segment becomes
 * private as it is written.  The library then relocates itself
 * (lib_self_relocate(): its only relocations are relative) and its
 * functions are called through their mapped addresses.  The file is parsed
 * (elf-image.ts) and opened once per process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findBuildOutput } from './build-outputs';
import { ERRNO } from './errno';
import { ElfFormatError, ElfImage, fileSource, pageDown, pageUp, readElfImage } from './elf-image';
import { KernelApiError } from './errors';
import { functionAt, NativeFunction } from './ffi';
import { API, CFunction, SELF_RELOCATE } from './liblinux-abi';
import {
  libc,
  MADV_POPULATE_WRITE,
  MAP_FAILED,
  MAP_PRIVATE_ANONYMOUS_NORESERVE,
  MAP_PRIVATE_FIXED,
  MAP_PRIVATE_FIXED_ANONYMOUS,
  PROT_EXEC,
  PROT_NONE,
  PROT_READ,
  PROT_WRITE,
} from './libc';

/** A library file, parsed and opened once per process; every copy maps it. */
interface Image {
  elf: ElfImage;
  /** Open for the process's life: copies map it, and it must stay the same file if the path is replaced. */
  fd: number;
}

/** A copy mapped and relocated, ready to be called. */
export interface MappedCopy {
  /** The file it was mapped from. */
  readonly file: string;
  readonly elf: ElfImage;
  /** Where it is mapped ... */
  readonly base: bigint;
  /** ... and how much address space it spans from there. */
  readonly span: number;
}

/** The functions of one copy, by the names of API (liblinux-abi.ts). */
export type Api = Record<keyof typeof API, NativeFunction>;

const images = new Map<string, Image>();

/**
 * Parses and opens a library file once per process.
 * @throws KernelApiError (ENOENT: cannot be read; ENOEXEC: not a library we can map)
 */
function loadImage(file: string): Image {
  const cached = images.get(file);
  if (cached) return cached;
  try {
    const fd = fs.openSync(file, 'r');
    let elf: ElfImage;
    try {
      elf = readElfImage(fileSource(fd));
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
    const image = { elf, fd };
    images.set(file, image);
    return image;
  } catch (e) {
    const errno = e instanceof ElfFormatError ? ERRNO.ENOEXEC : ERRNO.ENOENT;
    throw new KernelApiError('load', errno, `${file}: ${(e as Error).message}`);
  }
}

/**
 * Maps every PT_LOAD of the file at a fresh base: file-backed and private
 * (pages are shared until written), the bss zeroed and anonymous; then the
 * library relocates itself and the RELRO part becomes read-only.
 * @throws KernelApiError (ENOENT, ENOEXEC: see loadImage; ENOMEM: no
 *   address space; ENOEXEC: the library refused to relocate)
 */
export function mapCopy(file: string): MappedCopy {
  const { elf, fd } = loadImage(file);
  const c = libc();
  const base = c.mmap(null, elf.span, PROT_NONE, MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0) as bigint;
  if (base === MAP_FAILED) throw new KernelApiError('load', ERRNO.ENOMEM, `${file}: no address space for a copy`);
  const copy: MappedCopy = { file, elf, base, span: elf.span };
  try {
    for (const seg of elf.segments) {
      const prot = (seg.readable ? PROT_READ : 0) | (seg.writable ? PROT_WRITE : 0) | (seg.executable ? PROT_EXEC : 0);
      const start = pageDown(seg.vaddr);
      const fileEnd = seg.vaddr + seg.filesz;
      const memEnd = pageUp(seg.vaddr + seg.memsz);
      if (seg.filesz > 0) {
        const at = c.mmap(
          base + BigInt(start),
          pageUp(fileEnd) - start,
          prot,
          MAP_PRIVATE_FIXED,
          fd,
          pageDown(seg.offset),
        ) as bigint;
        if (at === MAP_FAILED) throw new KernelApiError('load', ERRNO.ENOMEM, `${file}: cannot map a segment`);
      }
      if (seg.writable && seg.memsz > seg.filesz) {
        // bss: the rest of the last file page holds whatever follows in the file.
        if (pageUp(fileEnd) > fileEnd) c.memset(base + BigInt(fileEnd), 0, pageUp(fileEnd) - fileEnd);
        if (memEnd > pageUp(fileEnd)) {
          const at = c.mmap(
            base + BigInt(pageUp(fileEnd)),
            memEnd - pageUp(fileEnd),
            prot,
            MAP_PRIVATE_FIXED_ANONYMOUS,
            -1,
            0,
          ) as bigint;
          if (at === MAP_FAILED) throw new KernelApiError('load', ERRNO.ENOMEM, `${file}: cannot map the bss`);
        }
      }
      // Relocation and boot write most of the writable segment: one madvise
      // instead of a page fault each (~12 us in a VM).  Not left to the
      // prefault thread: it is busy with the next node's RAM, and this
      // thread would wait for it (measured: slower).
      if (seg.writable) c.madvise(base + BigInt(start), memEnd - start, MADV_POPULATE_WRITE);
    }
    const ret = bindFunction(copy, SELF_RELOCATE)() as number;
    if (ret !== 0) throw new KernelApiError('lib_self_relocate', ret, file);
    if (elf.relro !== null) {
      const from = pageDown(elf.relro.vaddr);
      const to = pageDown(elf.relro.vaddr + elf.relro.memsz);
      if (to > from) c.mprotect(base + BigInt(from), to - from, PROT_READ);
    }
    return copy;
  } catch (e) {
    unmapCopy(copy);
    throw e;
  }
}

/** Unmaps a copy: nothing of it may be called afterwards. */
export function unmapCopy(copy: MappedCopy): void {
  libc().munmap(copy.base, copy.span);
}

/**
 * A function of a mapped copy, callable.
 * @throws KernelApiError (ENOEXEC) when the library does not export it
 */
export function bindFunction(copy: MappedCopy, f: CFunction): NativeFunction {
  const offset = copy.elf.symbols.get(f.symbol);
  if (offset === undefined) {
    throw new KernelApiError('load', ERRNO.ENOEXEC, `${copy.file}: not a liblinux of this version (no ${f.symbol})`);
  }
  return functionAt(copy.base + BigInt(offset), f.proto);
}

/**
 * Every function of API, bound at the copy's address.
 * @throws KernelApiError (ENOEXEC) when the library lacks one
 */
export function bindApi(copy: MappedCopy): Api {
  const api: Partial<Api> = {};
  for (const key of Object.keys(API) as Array<keyof Api>) api[key] = bindFunction(copy, API[key]);
  return api as Api;
}

/** $LIBLINUX_SO, else kernel/build/liblinux.so in the first ancestor of this file that has one. */
export function defaultLibraryPath(): string {
  const env = process.env['LIBLINUX_SO'];
  if (env) return env;
  return (
    findBuildOutput(path.join('kernel', 'build', 'liblinux.so')) ??
    path.resolve(__dirname, '../../kernel/build/liblinux.so')
  );
}
