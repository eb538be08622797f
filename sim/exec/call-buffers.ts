// SPDX-License-Identifier: GPL-2.0-only
/**
 * The buffers of a program's calls -- what a request's input carries (a
 * write's bytes, a getsockopt's value and length) and what the kernel
 * writes (a read's or a receive's buffer) -- kept for the next call.  A
 * forwarded call is a few microseconds; a buffer made per argument cost a
 * good part of that: a Buffer of up to 64 bytes lives on V8's heap and is
 * moved off it, at ~1 us, the first time a view or an address of it is
 * taken (both are, for every argument); a larger one costs an allocation,
 * its page faults and its collection (a 128 KiB read per 1448-byte
 * segment in iperf3).
 *
 * Blocks come in powers of two, each an ArrayBuffer of its own (never on
 * V8's heap); a call gets a view of exactly the size it asked for, so the
 * kernel reaches that much and no more (its user memory is the view), and
 * the view itself is kept with its block for the next call of the same
 * size.  Every block kept is all zeros: a buffer the kernel writes into
 * shows zeros where it wrote nothing, the same in every run, never another
 * call's data; whoever gives one back says how much of it may be non-zero.
 */

/** The smallest block, 16 bytes (a socket option's value, a socklen_t), as log2. */
const MIN_SHIFT = 4;
/** Blocks kept per size. */
const PER_SIZE = 8;
/** Bytes kept in all (the 4 MiB blocks a program's largest writes need fit a few times). */
const MAX_KEPT_BYTES = 32 << 20;
/** The largest buffer lent, 1 GiB (a request caps its buffers at 4 MiB). */
const MAX_SHIFT = 30;
/** Up to this many bytes, a loop clears faster than a call to fill(). */
const LOOP_BYTES = 64;

/** The blocks kept, by log2 of their size, each as the view it was last lent as. */
const kept: Buffer[][] = [];
let keptBytes = 0;

/**
 * Every view lent out: a buffer given back that is not one of ours (a
 * test's, Node's shared pool's), or given back twice, must never be handed
 * out as zeros again, nor to two calls at once.
 */
const lent = new WeakSet<Buffer>();

/** Shared by every empty buffer: nothing can be written into it, and its address is never taken. */
const EMPTY = Buffer.alloc(0);

const fill = Uint8Array.prototype.fill;

/** log2 of the block for `size` (> 0) bytes: the power of two at or above it, at least MIN_SHIFT. */
function blockShift(size: number): number {
  return Math.max(MIN_SHIFT, 32 - Math.clz32(size - 1));
}

/**
 * A buffer of `size` bytes, all zeros, for one call: give it back with
 * giveCallBuffer() once nothing refers to it any more.
 */
export function takeCallBuffer(size: number): Buffer {
  if (size === 0) return EMPTY;
  const shift = blockShift(size);
  if (shift > MAX_SHIFT) throw new RangeError(`a call buffer of ${size} bytes`);
  const old = kept[shift]?.pop();
  let view: Buffer;
  if (old === undefined) {
    view = Buffer.from(new ArrayBuffer(1 << shift), 0, size);
  } else {
    keptBytes -= 1 << shift;
    view = old.length === size ? old : Buffer.from(old.buffer, 0, size);
  }
  lent.add(view);
  return view;
}

/**
 * Gives back a buffer from takeCallBuffer() once the call is over and its
 * reply written: `written` bytes from its start may be non-zero (its
 * input, what the kernel wrote), or all of it if `written` is null.
 */
export function giveCallBuffer(buf: Buffer, written: number | null): void {
  if (!lent.delete(buf)) return;
  // A view's length says its block (an empty one is never lent).
  const shift = blockShift(buf.length);
  const size = 1 << shift;
  const list = (kept[shift] ??= []);
  // Beyond the bounds: left to the collector.
  if (list.length >= PER_SIZE || keptBytes + size > MAX_KEPT_BYTES) return;
  const end = written === null ? buf.length : Math.min(written, buf.length);
  if (end <= LOOP_BYTES) for (let i = 0; i < end; i++) buf[i] = 0;
  else fill.call(buf, 0, 0, end);
  keptBytes += size;
  list.push(buf);
}
