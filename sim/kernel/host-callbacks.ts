// SPDX-License-Identifier: GPL-2.0-only
/**
 * The four callbacks of struct lib_host_ops (memory, populate, log, panic),
 * registered with the FFI once per process and shared by every copy:
 * lib_host_ops.ctx carries the copy's id, which selects its hooks.  koffi
 * has a fixed number of callback slots (8192), so one set per copy would
 * cap the number of nodes.  The library calls them synchronously, on the
 * host's stack, from inside the entry in progress, so plain JS functions
 * are safe.
 */
import { registerCallback, textAt } from './ffi';
import { HOST_CALLBACK } from './liblinux-abi';

/** What a copy's callbacks land in; KernelCopy implements it. */
export interface HostHooks {
  hostAlloc(size: bigint): bigint | null;
  hostPopulate(addr: bigint, len: bigint): void;
  hostLog(line: string): void;
  hostPanic(message: string): void;
}

/** The callbacks' C addresses, for lib_host_ops. */
export interface HostCallbacks {
  alloc: bigint;
  populate: bigint;
  log: bigint;
  panic: bigint;
}

/** Live copies' hooks by id. */
const byId = new Map<number, HostHooks>();
let nextId = 1;
let callbacks: HostCallbacks | null = null;

function hooks(ctx: unknown): HostHooks | undefined {
  return typeof ctx === 'bigint' ? byId.get(Number(ctx)) : undefined;
}

/** Registers a copy's hooks; returns the id its lib_host_ops.ctx must carry. */
export function addHostHooks(h: HostHooks): number {
  const id = nextId++;
  byId.set(id, h);
  return id;
}

/** Forgets a copy's hooks: its callbacks, should any still come, do nothing. */
export function removeHostHooks(id: number): void {
  byId.delete(id);
}

/** The callbacks, registered on first use. */
export function hostCallbacks(): HostCallbacks {
  if (callbacks) return callbacks;
  // No exception may cross back into the kernel: koffi would hand C a zero
  // and rethrow later, in the middle of our bookkeeping.  Each hook catches.
  callbacks = {
    alloc: registerCallback(
      (ctx: unknown, size: number | bigint): bigint | null => hooks(ctx)?.hostAlloc(BigInt(size)) ?? null,
      HOST_CALLBACK.memAlloc,
    ),
    populate: registerCallback((ctx: unknown, addr: unknown, len: number | bigint): void => {
      if (typeof addr === 'bigint') hooks(ctx)?.hostPopulate(addr, BigInt(len));
    }, HOST_CALLBACK.memPopulate),
    log: registerCallback((ctx: unknown, line: unknown, len: number | bigint): void => {
      const n = Number(len);
      const text = typeof line === 'bigint' && n > 0 ? textAt(line, n) : '';
      hooks(ctx)?.hostLog(text);
    }, HOST_CALLBACK.log),
    panic: registerCallback((ctx: unknown, message: unknown): void => {
      const text = typeof message === 'bigint' ? textAt(message, -1) : '';
      hooks(ctx)?.hostPanic(text);
    }, HOST_CALLBACK.panic),
  };
  return callbacks;
}
