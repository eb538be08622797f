// SPDX-License-Identifier: GPL-2.0-only
/**
 * Buffers for frames, recycled.
 *
 * Every frame a kernel transmits needs a Buffer of its own that lives
 * until the far end's kernel has copied it in -- microseconds to
 * milliseconds later, in a link's queue meanwhile.  Allocating one per
 * frame costs more than the copy: garbage collection, and, in a VM where
 * a fresh page costs ~11 us, the page faults of memory the allocator keeps
 * handing back to the system.  Frames come in few sizes (full segments,
 * ACKs), so a free list per exact length gives a transmitted frame a
 * recycled Buffer of the right size with no allocation at all.
 *
 * Only the owner of a frame may give it back, and only once nothing else
 * refers to it: the node, after its kernel copied the frame in.  A frame
 * never given back (dropped on a link, held by a test) is simply garbage
 * collected.
 */

/** Buffers kept per length, and bytes kept in all: bounds on what an idle pool holds. */
const MAX_PER_LENGTH = 4096;
const MAX_BYTES = 64 << 20;

/** A process-wide free list of frame buffers, by length. */
export class FramePool {
  private readonly free = new Map<number, Buffer[]>();
  private bytes = 0;

  /** A Buffer of exactly `length` bytes, recycled when one is free; its contents are undefined. */
  take(length: number): Buffer {
    const list = this.free.get(length);
    const b = list?.pop();
    if (b === undefined) return Buffer.allocUnsafe(length);
    this.bytes -= length;
    return b;
  }

  /**
   * Returns `frame` for reuse.  The caller must hold the only reference
   * that will ever be used again.  Views that are not Buffers are left to
   * the garbage collector.
   */
  give(frame: Uint8Array): void {
    if (!Buffer.isBuffer(frame) || this.bytes + frame.length > MAX_BYTES) return;
    let list = this.free.get(frame.length);
    if (list === undefined) {
      list = [];
      this.free.set(frame.length, list);
    }
    if (list.length >= MAX_PER_LENGTH) return;
    list.push(frame);
    this.bytes += frame.length;
  }

  /** Bytes held for reuse. */
  get heldBytes(): number {
    return this.bytes;
  }
}

/** The pool every node's transmitted and received frames go through. */
export const framePool = new FramePool();
