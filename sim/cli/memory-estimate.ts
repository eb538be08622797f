// SPDX-License-Identifier: GPL-2.0-only
/**
 * A run that cannot fit in memory should say so before it boots anything,
 * not be killed by the kernel's OOM killer minutes later with no message.
 * The estimate is a floor: what every node costs right after boot
 * (measured: 6.9 MiB per node for 1,000 nodes, README "Performance"),
 * plus the process itself; traffic (socket buffers, pcaps in flight) only
 * adds to it.
 */
import { readFileSync } from 'node:fs';
import { MemoryError } from './memory-error';

/** Resident memory of one booted node, bytes (rounded up from 6.9 MiB). */
export const NODE_BYTES = 7 * 1024 * 1024;
/** The simulator's own process before any node: Node.js, the code, the heap. */
export const BASE_BYTES = 200 * 1024 * 1024;

/** MemAvailable of /proc/meminfo in bytes; null where it cannot be read. */
export function availableMemory(meminfo?: string): number | null {
  let text = meminfo;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/meminfo', 'utf8');
    } catch {
      return null;
    }
  }
  const m = /^MemAvailable:\s+(\d+) kB$/m.exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

/**
 * Refuses a run of `nodes` nodes whose floor estimate exceeds the memory
 * available, unless `force`.
 * @throws MemoryError with the estimate and what is available
 */
export function checkMemory(nodes: number, force: boolean, available: number | null = availableMemory()): void {
  if (force || available === null) return;
  const need = BASE_BYTES + nodes * NODE_BYTES;
  if (need <= available) return;
  const gib = (b: number): string => (b / 2 ** 30).toFixed(1);
  throw new MemoryError(
    `${nodes} nodes need at least ${gib(need)} GiB (${NODE_BYTES / 2 ** 20} MiB each after boot, ` +
      `plus ${BASE_BYTES / 2 ** 20} MiB), and ${gib(available)} GiB is available: fewer nodes, or --force to try anyway`,
  );
}
