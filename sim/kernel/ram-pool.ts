// SPDX-License-Identifier: GPL-2.0-only
/**
 * RAM for the next kernels, backed ahead of time on a worker thread.
 *
 * A kernel's boot writes the first ~2.3 MiB of its RAM block.  Backing
 * fresh memory costs ~10 us per 4 KiB page in a VM (the guest's first touch
 * of memory its hypervisor has not backed yet): ~6 ms of each boot when
 * many kernels boot in a row.  The pool maps a block for the next boot and
 * has a worker thread populate the ranges the boots before asked for, on
 * another core, while this thread boots the current kernel; when the
 * worker falls behind, this thread does the part it has not started.
 * Contents are zero either way: only timing changes, never a result.
 *
 * This module does no system calls itself: host-memory.ts hands it the
 * ones it needs (mmap, madvise, the prefault thread), so it can be tested
 * with fakes.
 */

/** The memory operations the pool needs from the host. */
export interface RamOps {
  /** A lazily committed, zeroed block of `size` bytes; null if there is no memory. */
  map(size: bigint): bigint | null;
  unmap(addr: bigint, size: bigint): void;
  /** Backs [addr, addr + len) now, on this thread. */
  populate(addr: bigint, len: bigint): void;
  /**
   * The same on a worker thread, returning at once: the requests queued,
   * in the order the worker will do them (it may split the range); only
   * some or none when its queue is full.  Their ranges must stay mapped
   * until waited for.
   */
  populateAsync(addr: bigint, len: bigint): readonly AsyncRequest[];
  /**
   * Takes back a request the worker has not started: true when it will
   * not be done.  The worker starts requests in ticket order.
   */
  cancelAsync(ticket: number): boolean;
  /** Returns once the request with this ticket, and every earlier one, is done. */
  waitAsync(ticket: number): void;
}

/** A range queued for the worker. */
export interface AsyncRequest {
  /** For waitAsync() and cancelAsync(); tickets count up in queueing order. */
  ticket: number;
  /** The range: its start ... */
  addr: bigint;
  /** ... and length in bytes. */
  len: bigint;
}

/** Most populate requests remembered per block size (boot makes one). */
const MAX_RANGES = 8;

interface Block {
  addr: bigint;
  size: bigint;
  /** Plan entries already queued for it, as "offset:len". */
  prepared: Set<string>;
  /** The worker's requests for it, in ticket order. */
  requests: AsyncRequest[];
}

/**
 * Hands out RAM blocks.  Each is prepared by replaying, on a worker thread,
 * the populate requests boots of the same block size made (relative to
 * their block's start); one block per size is kept ready.
 */
export class RamPool {
  private readonly ready: Block[] = [];
  /** Requests seen per block size, as "offset:len" -> [offset, len]. */
  private readonly plans = new Map<bigint, Map<string, [bigint, bigint]>>();
  /** The blocks handed out, by address. */
  private readonly taken = new Map<bigint, Block>();

  constructor(private readonly ops: RamOps) {}

  /**
   * A block of `size` bytes for a kernel: a prepared one when there is one,
   * else a fresh one; then starts preparing the next.  Null when out of memory.
   */
  take(size: bigint): bigint | null {
    const i = this.ready.findIndex((b) => b.size === size);
    let block: Block | undefined = i >= 0 ? this.ready.splice(i, 1)[0] : undefined;
    if (block !== undefined) {
      this.claim(block);
    } else {
      const addr = this.ops.map(size);
      if (addr === null) return null;
      block = { addr, size, prepared: new Set(), requests: [] };
    }
    this.taken.set(block.addr, block);
    const next = this.ready.some((b) => b.size === size) ? null : this.ops.map(size);
    if (next !== null) {
      const fresh: Block = { addr: next, size, prepared: new Set(), requests: [] };
      this.ready.push(fresh);
      this.prepare(fresh);
    }
    return block.addr;
  }

  /**
   * The kernel of `block` asks to have [addr, addr + len) backed: done now
   * (quickly if a worker already did it); blocks kept ready get the same.
   */
  populate(block: bigint, addr: bigint, len: bigint): void {
    this.ops.populate(addr, len);
    const size = this.taken.get(block)?.size;
    if (size === undefined) return;
    let plan = this.plans.get(size);
    if (plan === undefined) this.plans.set(size, (plan = new Map()));
    const key = `${addr - block}:${len}`;
    if (plan.has(key) || plan.size >= MAX_RANGES) return;
    plan.set(key, [addr - block, len]);
    for (const b of this.ready) if (b.size === size) this.prepare(b);
  }

  /** Unmaps a block handed out by take(). */
  release(addr: bigint): void {
    const block = this.taken.get(addr);
    if (block === undefined) return;
    this.taken.delete(addr);
    this.ops.unmap(block.addr, block.size);
  }

  /**
   * Readies a prepared block for its kernel, which gets it only once the
   * worker is done with it (never both at once).  What the worker has not
   * started yet -- it is slower than a boot when the host must back fresh
   * memory -- this thread takes back and does itself, while the worker
   * finishes the rest; then it waits for that.
   */
  private claim(block: Block): void {
    const mine: AsyncRequest[] = [];
    // Once one request cannot be taken back, no earlier one can.
    for (let r = block.requests.pop(); r !== undefined; r = block.requests.pop()) {
      if (!this.ops.cancelAsync(r.ticket)) {
        block.requests.push(r);
        break;
      }
      mine.push(r);
    }
    for (const r of mine.reverse()) this.ops.populate(r.addr, r.len);
    const last = block.requests.at(-1);
    if (last !== undefined) this.ops.waitAsync(last.ticket);
    block.requests = [];
  }

  private prepare(block: Block): void {
    for (const [key, [offset, len]] of this.plans.get(block.size) ?? []) {
      if (block.prepared.has(key)) continue;
      const queued = this.ops.populateAsync(block.addr + offset, len);
      // Waited for even when only part of the range got queued; that is tried again later.
      block.requests.push(...queued);
      if (queued.reduce((n, r) => n + r.len, 0n) === len) block.prepared.add(key);
    }
  }
}
