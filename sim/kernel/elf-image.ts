// SPDX-License-Identifier: GPL-2.0-only
/**
 * What a loader needs from liblinux's ELF file: its loadable segments, the
 * part made read-only after relocation, and the addresses of its exported
 * functions, and any named section (the build's record of its source).
 * Parsing only (ELF64, little-endian, x86-64); the mapping is
 * library-loader.ts's.
 */
import { readSync } from 'node:fs';
import { InternalError } from '../core/errors';

/** One PT_LOAD segment. */
export interface LoadSegment {
  /** Offset of its first byte in the file. */
  readonly offset: number;
  /** Its address relative to the load base. */
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly executable: boolean;
}

/** A parsed library file. */
export interface ElfImage {
  readonly segments: readonly LoadSegment[];
  /** Bytes of address space the segments span from the base, page-rounded. */
  readonly span: number;
  /** PT_GNU_RELRO, relative to the base: read-only once relocated (null if none). */
  readonly relro: { readonly vaddr: number; readonly memsz: number } | null;
  /** Defined dynamic symbols by name, relative to the base. */
  readonly symbols: ReadonlyMap<string, number>;
}

/** The file is not an ELF64 x86-64 shared object we can map. */
export class ElfFormatError extends InternalError {
  override readonly name = 'ElfFormatError';
}

export const PAGE_SIZE = 4096;

const PT_LOAD = 1;
const PT_GNU_RELRO = 0x6474e552;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
const ET_DYN = 3;
const EM_X86_64 = 62;
const SHT_DYNSYM = 11;
const SYM_SIZE = 24;

/**
 * Reads `length` bytes at `offset` of the file; fewer only at its end.  The
 * parser reads headers and the dynamic symbols only: a few KiB of a file
 * of megabytes (reading it all costs a page fault per page of the buffer).
 */
export type ElfSource = (offset: number, length: number) => Buffer;

/** An ElfSource over an open file. */
export function fileSource(fd: number): ElfSource {
  return (offset, length) => {
    const b = Buffer.alloc(length);
    const n = readSync(fd, b, 0, length, offset);
    return b.subarray(0, n);
  };
}

/** An ElfSource over bytes in memory. */
export function bufferSource(bytes: Buffer): ElfSource {
  return (offset, length) => bytes.subarray(offset, offset + length);
}

/** Reads exactly `length` bytes at `offset`, or throws ElfFormatError naming `what`. */
type StrictRead = (offset: number, length: number, what: string) => Buffer;

function strict(read: ElfSource): StrictRead {
  return (offset, length, what) => {
    const b = read(offset, length);
    if (b.length < length) throw new ElfFormatError(`truncated ${what}`);
    return b;
  };
}

/** The ELF header, checked to be 64-bit little-endian. */
function elf64Header(part: StrictRead): Buffer {
  const bytes = part(0, 64, 'ELF header');
  if (bytes.readUInt32BE(0) !== 0x7f454c46 || bytes[4] !== 2 || bytes[5] !== 1) {
    throw new ElfFormatError('not a 64-bit little-endian ELF file');
  }
  return bytes;
}

/** Parses the library file `read` reads. */
export function readElfImage(read: ElfSource): ElfImage {
  const part = strict(read);
  const bytes = elf64Header(part);
  if (bytes.readUInt16LE(16) !== ET_DYN || bytes.readUInt16LE(18) !== EM_X86_64) {
    throw new ElfFormatError('not an x86-64 shared object');
  }
  const phoff = Number(bytes.readBigUInt64LE(0x20));
  const phentsize = bytes.readUInt16LE(0x36);
  const phnum = bytes.readUInt16LE(0x38);
  const phs = part(phoff, phnum * phentsize, 'program headers');
  const num = (off: number): number => Number(phs.readBigUInt64LE(off));
  const segments: LoadSegment[] = [];
  let relro: ElfImage['relro'] = null;
  for (let i = 0; i < phnum; i++) {
    const ph = i * phentsize;
    const type = phs.readUInt32LE(ph);
    if (type === PT_GNU_RELRO) relro = { vaddr: num(ph + 16), memsz: num(ph + 40) };
    if (type !== PT_LOAD) continue;
    const flags = phs.readUInt32LE(ph + 4);
    const seg: LoadSegment = {
      offset: num(ph + 8),
      vaddr: num(ph + 16),
      filesz: num(ph + 32),
      memsz: num(ph + 40),
      readable: (flags & PF_R) !== 0,
      writable: (flags & PF_W) !== 0,
      executable: (flags & PF_X) !== 0,
    };
    if (seg.filesz > 0) part(seg.offset + seg.filesz - 1, 1, 'segment');
    if (seg.offset % PAGE_SIZE !== seg.vaddr % PAGE_SIZE) {
      throw new ElfFormatError('segment offset and address differ modulo the page size');
    }
    segments.push(seg);
  }
  if (segments.length === 0) throw new ElfFormatError('no loadable segment');
  const end = Math.max(...segments.map((s) => s.vaddr + s.memsz));
  return { segments, span: pageUp(end), relro, symbols: dynamicSymbols(bytes, part) };
}

/** The defined symbols of .dynsym, found through the section headers. */
function dynamicSymbols(header: Buffer, part: StrictRead): Map<string, number> {
  const shoff = Number(header.readBigUInt64LE(0x28));
  const shentsize = header.readUInt16LE(0x3a);
  const shnum = header.readUInt16LE(0x3c);
  const shs = part(shoff, shnum * shentsize, 'section headers');
  const symbols = new Map<string, number>();
  for (let i = 0; i < shnum; i++) {
    const sh = i * shentsize;
    if (shs.readUInt32LE(sh + 4) !== SHT_DYNSYM) continue;
    const syms = part(Number(shs.readBigUInt64LE(sh + 24)), Number(shs.readBigUInt64LE(sh + 32)), '.dynsym');
    const strSh = shs.readUInt32LE(sh + 40) * shentsize;
    if (strSh + shentsize > shs.length) throw new ElfFormatError('bad .dynsym string table index');
    const strs = part(Number(shs.readBigUInt64LE(strSh + 24)), Number(shs.readBigUInt64LE(strSh + 32)), '.dynstr');
    for (let s = 0; s + SYM_SIZE <= syms.length; s += SYM_SIZE) {
      if (syms.readUInt16LE(s + 6) === 0) continue; // undefined
      const nameAt = syms.readUInt32LE(s);
      const nameEnd = strs.indexOf(0, nameAt);
      if (nameEnd < 0) throw new ElfFormatError('unterminated symbol name');
      symbols.set(strs.toString('latin1', nameAt, nameEnd), Number(syms.readBigUInt64LE(s + 8)));
    }
  }
  return symbols;
}

/**
 * The contents of the section called `name` (null when the file has none),
 * found by name through the section header string table.
 * @throws ElfFormatError if the file is not ELF64 or its headers are truncated
 */
export function readNamedSection(read: ElfSource, name: string): Buffer | null {
  const part = strict(read);
  const header = elf64Header(part);
  const shoff = Number(header.readBigUInt64LE(0x28));
  const shentsize = header.readUInt16LE(0x3a);
  const shnum = header.readUInt16LE(0x3c);
  const shstrndx = header.readUInt16LE(0x3e);
  if (shnum === 0 || shstrndx >= shnum) return null;
  const shs = part(shoff, shnum * shentsize, 'section headers');
  const field = (i: number, off: number): number => Number(shs.readBigUInt64LE(i * shentsize + off));
  const names = part(field(shstrndx, 24), field(shstrndx, 32), 'section names');
  for (let i = 0; i < shnum; i++) {
    const at = shs.readUInt32LE(i * shentsize);
    const end = names.indexOf(0, at);
    if (end >= 0 && names.toString('latin1', at, end) === name) {
      return Buffer.from(part(field(i, 24), field(i, 32), name));
    }
  }
  return null;
}

/** `n` rounded up to a page. */
export function pageUp(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}

/** `n` rounded down to a page. */
export function pageDown(n: number): number {
  return Math.floor(n / PAGE_SIZE) * PAGE_SIZE;
}
