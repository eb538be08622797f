// SPDX-License-Identifier: GPL-2.0-only
/**
 * Zeroed buffers for what the kernel writes in a program's call (a read's
 * or a receive's buffer), kept for the next call of the same size.  A
 * program like iperf3 reads into 128 KiB for every 1448-byte segment: a
 * fresh zeroed buffer each time costs an allocation, its page faults and
 * its collection; one kept needs only the bytes the call wrote zeroed
 * again.  Zeroed, not merely reused, so that a call that reports bytes it
 * did not write (a TCP receive with MSG_TRUNC) shows zeros, the same in
 * every run, never another call's data.
 */

/** Smaller buffers are cheap to make: not kept. */
const MIN_KEPT = 4096;
/** Buffers kept per size, and sizes kept. */
const PER_SIZE = 4;
const SIZES = 32;

const kept = new Map<number, Buffer[]>();

/** A zeroed buffer of `size` bytes. */
export function takeOutputBuffer(size: number): Buffer {
  const list = size >= MIN_KEPT ? kept.get(size) : undefined;
  return list?.pop() ?? Buffer.alloc(Math.max(size, 1)).subarray(0, size);
}

/**
 * Gives back a buffer from takeOutputBuffer() once nothing refers to it
 * any more (the call completed and its reply is written): `written`
 * bytes from its start may be non-zero, or all of it if `written` is null.
 */
export function giveOutputBuffer(buf: Buffer, written: number | null): void {
  if (buf.length < MIN_KEPT) return;
  let list = kept.get(buf.length);
  if (list === undefined) {
    if (kept.size >= SIZES) return;
    list = [];
    kept.set(buf.length, list);
  }
  if (list.length >= PER_SIZE) return;
  buf.fill(0, 0, written === null ? buf.length : Math.min(written, buf.length));
  list.push(buf);
}
