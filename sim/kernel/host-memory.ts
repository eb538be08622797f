// SPDX-License-Identifier: GPL-2.0-only
/**
 * The RAM the host gives its kernels (lib_host_ops.mem_alloc and
 * mem_populate): lazily committed anonymous memory, aligned so that the
 * part boot writes can be one transparent huge page, handed out by the
 * process's RamPool (ram-pool.ts), which has the prefault thread
 * (prefault-thread.ts) back the next kernel's block while this one boots.
 *
 * This module wires the pool to the host: libc's mmap and madvise, and
 * the order in which the thread gets a range (huge pages first).
 */
import {
  libc,
  MADV_HUGEPAGE,
  MADV_POPULATE_WRITE,
  MAP_FAILED,
  MAP_PRIVATE_ANONYMOUS_NORESERVE,
  PROT_READ_WRITE,
} from './libc';
import { prefaultCancel, prefaultSubmit, prefaultWait } from './prefault-thread';
import { AsyncRequest, RamPool } from './ram-pool';

/** A transparent huge page: the host's unit for backing memory cheaply. */
const HUGE = 2n << 20n;

/** Lazily committed, zeroed, aligned to a huge page so that a populated 2 MiB chunk can be backed by one. */
function mapRam(size: bigint): bigint | null {
  const c = libc();
  const raw = c.mmap(null, size + HUGE, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0) as bigint | null;
  if (raw === null || raw === MAP_FAILED) return null;
  const p = (raw + HUGE - 1n) & ~(HUGE - 1n);
  if (p > raw) c.munmap(raw, p - raw);
  c.munmap(p + size, raw + HUGE - p);
  return p;
}

/*
 * Marks the whole aligned 2 MiB chunks of a range a kernel asked to have
 * backed for huge pages, where the host allows them (~0.3 ms for all 512
 * pages, where each 4 KiB page costs 6-19 us on its first write in a VM);
 * only those chunks, so RAM touched later costs a page at a time.
 */
function adviseHuge(addr: bigint, len: bigint): void {
  const huge = hugePart(addr, len);
  if (huge !== null) libc().madvise(huge[0], huge[1] - huge[0], MADV_HUGEPAGE);
}

/** The whole aligned huge pages inside [addr, addr + len): [start, end), or null when there are none. */
function hugePart(addr: bigint, len: bigint): [bigint, bigint] | null {
  const start = (addr + HUGE - 1n) & ~(HUGE - 1n);
  const end = (addr + len) & ~(HUGE - 1n);
  return end > start ? [start, end] : null;
}

/**
 * Queues [addr, addr + len) for the prefault thread: the whole huge pages
 * first (one fault each, which no other thread can share), then the 4 KiB
 * pages around them, as separate requests that RamPool may take back.  A
 * full queue (or no thread) stops it early: the requests queued so far are
 * returned.
 */
function populateAhead(addr: bigint, len: bigint): AsyncRequest[] {
  const huge = hugePart(addr, len);
  const parts: Array<[bigint, bigint]> =
    huge === null
      ? [[addr, len]]
      : [
          [huge[0], huge[1] - huge[0]],
          [addr, huge[0] - addr],
          [huge[1], addr + len - huge[1]],
        ];
  const queued: AsyncRequest[] = [];
  for (const [at, n] of parts) {
    if (n === 0n) continue;
    const ticket = prefaultSubmit(at, n);
    if (ticket < 0) break;
    queued.push({ ticket, addr: at, len: n });
  }
  return queued;
}

let pool: RamPool | null = null;

/** The process's pool of kernel RAM, made on first use. */
export function ramPool(): RamPool {
  if (pool) return pool;
  const c = libc();
  pool = new RamPool({
    map: mapRam,
    unmap: (addr, size) => c.munmap(addr, size),
    // One madvise instead of a fault per page; hosts without MADV_POPULATE_WRITE just fault.
    populate: (addr, len) => {
      adviseHuge(addr, len);
      c.madvise(addr, len, MADV_POPULATE_WRITE);
    },
    populateAsync: (addr, len) => {
      adviseHuge(addr, len);
      return populateAhead(addr, len);
    },
    cancelAsync: prefaultCancel,
    waitAsync: prefaultWait,
  });
  return pool;
}
