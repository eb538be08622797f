// SPDX-License-Identifier: GPL-2.0-only
/**
 * What identifies a liblinux build, for the provenance of a run and for
 * `libsim kernels`: its bytes, its kernel release and the Debian source
 * package it was built from.
 */
import { closeSync, openSync } from 'node:fs';
import { fileSource, readNamedSection } from './elf-image';
import { LibLinux } from './liblinux';
import { sha256File } from './kernel-store';

/** The section kernel/build.sh adds: "linux-source-6.1 <Debian version>\n". */
export const SOURCE_SECTION = '.liblinux.source';

/** One library file and what it was built from. */
export interface KernelBuild {
  /** Absolute path of the file. */
  readonly path: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
  /** The kernel release it reports (`6.1.192`). */
  readonly release: string;
  /** Version of Debian's linux-source-6.1 it was built from; null when the build did not record it. */
  readonly debian: string | null;
}

/**
 * The Debian version recorded in the library's .liblinux.source section,
 * or null (a library built by hand with `make ARCH=lib library`).
 */
export function debianSourceOf(path: string): string | null {
  const fd = openSync(path, 'r');
  try {
    const text = readNamedSection(fileSource(fd), SOURCE_SECTION)?.toString('utf8').trim();
    const m = /^linux-source-6\.1 (\S+)$/.exec(text ?? '');
    return m ? m[1]! : null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Describes the library at `path` (loads one copy to read its release).
 * @throws KernelApiError if it is not a liblinux this simulator can load
 */
export function describeKernel(path: string): KernelBuild {
  const lib = new LibLinux({ path });
  let release: string;
  try {
    release = lib.kernelVersion();
  } finally {
    lib.close();
  }
  return { path, sha256: sha256File(path), release, debian: debianSourceOf(path) };
}
