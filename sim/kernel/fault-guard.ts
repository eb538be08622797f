// SPDX-License-Identifier: GPL-2.0-only
/**
 * Registration with the host's fault guard (kernel/host/fault-guard.c,
 * built as kernel/host/build/liblinux-fault-guard.so).
 *
 * Every copy of a library that has lib_fault_target() is registered, its
 * RAM too once boot asked for it: a machine fault in its kernel (a bad
 * pointer, not a BUG) then ends that copy as a panic does -- the call in
 * progress returns LIB_EDEAD, a KernelFaultError -- and the process and the
 * other copies live on.  Faults anywhere else still end the process.
 * Nothing of the guard runs before a fault: registering writes a table
 * entry.  The guard is required: without it such a fault would silently
 * crash the simulator again.
 */
import * as path from 'node:path';
import { findBuildOutput } from './build-outputs';
import { ERRNO } from './errno';
import { KernelApiError } from './errors';
import { NativeFunction, openLibrary } from './ffi';
import { FAULT_TARGET, LAYOUT } from './liblinux-abi';
import { bindFunction, MappedCopy } from './library-loader';

interface FaultGuard {
  add: NativeFunction;
  setRam: NativeFunction;
  remove: NativeFunction;
}

let bound: FaultGuard | undefined;

/**
 * The guard's library, bound on first use.
 * @throws KernelApiError (ENOENT) when it was not built
 */
function faultGuard(): FaultGuard {
  if (bound === undefined) {
    const relative = path.join('kernel', 'host', 'build', 'liblinux-fault-guard.so');
    const file = findBuildOutput(relative);
    if (file === null) throw new KernelApiError('load', ERRNO.ENOENT, `${relative} not found (npm run build makes it)`);
    const lib = openLibrary(file);
    bound = {
      add: lib.func('long fault_guard_add(void *target)'),
      setRam: lib.func('int fault_guard_set_ram(long id, void *addr, size_t len)'),
      remove: lib.func('void fault_guard_remove(long id)'),
    };
  }
  return bound;
}

/**
 * Puts a mapped copy under the guard: lib_fault_target() says what is the
 * copy's.  Returns the copy's entry, or -1 for a library too old to have
 * lib_fault_target() (its faults end the process, as they always did).
 * @throws KernelApiError when the guard refuses it (ENOMEM) or is not built
 */
export function guardCopy(copy: MappedCopy): number {
  if (!copy.elf.symbols.has(FAULT_TARGET.symbol)) return -1;
  const target = Buffer.alloc(LAYOUT.faultTarget.size);
  const ret = bindFunction(copy, FAULT_TARGET)(target) as number;
  if (ret !== 0) throw new KernelApiError('lib_fault_target', ret, copy.file);
  const id = Number(faultGuard().add(target));
  if (id < 0) throw new KernelApiError('fault_guard_add', id, copy.file);
  return id;
}

/** Adds a copy's RAM block to its entry: kernel stacks are in it, so a fault on one is the copy's. */
export function guardRam(id: number, addr: bigint, len: bigint): void {
  faultGuard().setRam(id, addr, len);
}

/** Removes a copy's entry; before the memory it names is unmapped, and perhaps mapped again for another copy. */
export function unguardCopy(id: number): void {
  faultGuard().remove(id);
}
