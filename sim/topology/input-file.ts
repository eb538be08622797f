// SPDX-License-Identifier: GPL-2.0-only
/**
 * Reading a file given as input (a topology): a regular file of UTF-8
 * text of at most MAX_INPUT_BYTES, or an InputFileError.
 *
 * The file is opened once, without blocking (a FIFO with no writer would
 * otherwise block the open forever), and everything is judged on that
 * descriptor: fstat says what it is, and the read itself stops past the
 * limit -- so the check and the read see the same file, and a file whose
 * size the file system does not report (procfs says 0) or that grows
 * while read cannot make libsim read without end (/dev/zero once took
 * 16.8 GB before Node aborted).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { InputFileError } from './input-file-error';

/** The largest input file, bytes: 64 MiB, far above any topology (the largest example is a few KB). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** What a file that is not a regular file is, for the message. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

/** `n` bytes as the messages say it: "64 MiB" for whole MiB, else "n bytes". */
function sizeText(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

/**
 * The text of regular file `path`, byte for byte (a byte-order mark is
 * kept, so a copy of the text is the file).
 * @param maxBytes the largest size accepted (default MAX_INPUT_BYTES)
 * @throws InputFileError when it cannot be opened or read, is not a regular
 *   file, holds more than `maxBytes` bytes, or is not UTF-8
 */
export function readInputFile(path: string, maxBytes = MAX_INPUT_BYTES): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw new InputFileError(`cannot read: ${(err as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputFileError(`not a regular file (${kindOf(st)})`);
    if (st.size > maxBytes) throw new InputFileError(`larger than ${sizeText(maxBytes)} (${st.size} bytes)`);
    return decode(readAtMost(fd, st.size, maxBytes));
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads `fd` to its end, but no more than `maxBytes`: one byte more is an InputFileError.  The buffer
 * starts at the size fstat reported and grows only if the file turns out longer.
 */
function readAtMost(fd: number, reported: number, maxBytes: number): Buffer {
  let buf = Buffer.allocUnsafe(Math.min(Math.max(reported, 4096), maxBytes) + 1);
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    let got: number;
    try {
      got = readSync(fd, buf, n, buf.length - n, null);
    } catch (err) {
      throw new InputFileError(`cannot read: ${(err as Error).message}`);
    }
    if (got === 0) return buf.subarray(0, n);
    n += got;
    if (n > maxBytes) throw new InputFileError(`larger than ${sizeText(maxBytes)}`);
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 text, or an InputFileError: a file whose bytes are not UTF-8 cannot be copied as text. */
function decode(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new InputFileError('not UTF-8 text');
  }
}
