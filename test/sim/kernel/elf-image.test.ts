// SPDX-License-Identifier: GPL-2.0-only
/**
 * Reading the built liblinux.so's segments, symbols and named sections
 * (sim/kernel/elf-image.ts), and refusing what is not one.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bufferSource, ElfFormatError, readElfImage, readNamedSection } from '../../../sim/kernel/elf-image';
import { repoRoot } from '../../helpers/repo-root';

describe('readElfImage', () => {
  const bytes = readFileSync(join(repoRoot(), 'kernel', 'build', 'liblinux.so'));

  it("finds liblinux's segments: read-only, text, read-only data, then one writable with its bss", () => {
    const elf = readElfImage(bufferSource(bytes));
    const kinds = elf.segments.map(
      (s) => `${s.readable ? 'r' : '-'}${s.writable ? 'w' : '-'}${s.executable ? 'x' : '-'}`,
    );
    expect(kinds).to.deep.equal(['r--', 'r-x', 'r--', 'rw-']);
    const data = elf.segments[3]!;
    expect(data.memsz).to.be.greaterThan(data.filesz);
    expect(elf.span % 4096).to.equal(0);
    expect(elf.span).to.be.at.least(data.vaddr + data.memsz);
    expect(elf.relro).to.not.equal(null);
    expect(elf.relro!.vaddr).to.equal(data.vaddr);
  });

  it('reads the exported functions with their addresses inside the text', () => {
    const elf = readElfImage(bufferSource(bytes));
    const text = elf.segments.find((s) => s.executable)!;
    for (const name of ['lib_init', 'lib_run', 'lib_self_relocate', 'lib_status', 'lib_netdev_transmitted_copy']) {
      const at = elf.symbols.get(name);
      expect(at, name).to.be.a('number');
      expect(at!).to.be.within(text.vaddr, text.vaddr + text.filesz - 1);
    }
  });

  it('refuses what is not an x86-64 ELF shared object', () => {
    expect(() => readElfImage(bufferSource(Buffer.from('#!/bin/sh\n')))).to.throw(ElfFormatError, /truncated/);
    expect(() => readElfImage(bufferSource(Buffer.alloc(64)))).to.throw(ElfFormatError, /not a 64-bit/);
    const exec = Buffer.from(bytes.subarray(0, 64));
    exec.writeUInt16LE(2, 16); // ET_EXEC
    expect(() => readElfImage(bufferSource(exec))).to.throw(ElfFormatError, /not an x86-64 shared object/);
    // Headers intact, the rest cut off: a segment reaches past the end.
    expect(() => readElfImage(bufferSource(bytes.subarray(0, 8192)))).to.throw(ElfFormatError, /truncated segment/);
  });
});

describe('readNamedSection', () => {
  const bytes = readFileSync(join(repoRoot(), 'kernel', 'build', 'liblinux.so'));

  it("reads the Debian source that kernel/build.sh records, and the linker's own .comment", () => {
    const source = readNamedSection(bufferSource(bytes), '.liblinux.source')!.toString('utf8');
    expect(source).to.match(/^linux-source-6\.1 \d+\.\d+\.\d+-\S+\n$/);
    // .comment holds the compilers' identification, NUL-terminated.
    expect(readNamedSection(bufferSource(bytes), '.comment')!.toString('latin1')).to.contain('GCC: (Debian');
  });

  it('is null for a section the file does not have, and refuses what is not ELF64', () => {
    expect(readNamedSection(bufferSource(bytes), '.no-such-section')).to.equal(null);
    expect(() => readNamedSection(bufferSource(Buffer.alloc(64)), '.comment')).to.throw(ElfFormatError, /not a 64-bit/);
  });
});
