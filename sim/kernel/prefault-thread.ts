// SPDX-License-Identifier: GPL-2.0-only
/**
 * The prefault thread (sim/kernel/prefault/, a small C library): a host
 * thread that writes to queued ranges of memory, page by page and without
 * changing a byte, so that the host backs them on the other core while
 * this thread boots a kernel.  host-memory.ts decides what to queue; this
 * module only binds the library.  Without it built, nothing is done ahead
 * (every function here then does nothing).
 */
import * as path from 'node:path';
import { findBuildOutput } from './build-outputs';
import { KernelApiError } from './errors';
import { NativeFunction, openLibrary } from './ffi';

interface PrefaultLibrary {
  submit: NativeFunction;
  cancel: NativeFunction;
  wait: NativeFunction;
}

/** The bound library; null if it was not built, undefined until first asked. */
let bound: PrefaultLibrary | null | undefined;

function prefaultLibrary(): PrefaultLibrary | null {
  if (bound === undefined) {
    const file = findBuildOutput(path.join('sim', 'kernel', 'prefault', 'build', 'libsim-prefault.so'));
    try {
      const lib = file === null ? null : openLibrary(file);
      bound = lib && {
        submit: lib.func('long long prefault_submit(void *addr, size_t len)'),
        cancel: lib.func('int prefault_cancel(long long ticket)'),
        wait: lib.func('void prefault_wait(long long ticket)'),
      };
    } catch {
      // A build older than this module (a function missing): do without, as when not built.
      bound = null;
    }
  }
  return bound;
}

/**
 * Queues [addr, addr + len) for the thread.  Returns its ticket (>= 0), or
 * < 0 when the queue is full or there is no thread.  The range must stay
 * mapped and writable until waited for.
 */
export function prefaultSubmit(addr: bigint, len: bigint): number {
  const lib = prefaultLibrary();
  return lib === null ? -1 : Number(lib.submit(addr, len));
}

/**
 * Takes back a request the thread has not started: true if it will not be done.
 * @throws KernelApiError for a ticket never handed out
 */
export function prefaultCancel(ticket: number): boolean {
  const ret = (bound?.cancel(ticket) ?? 0) as number;
  // Waiting on a ticket never handed out would never return.
  if (ret < 0) throw new KernelApiError('prefault_cancel', ret, `ticket ${ticket} was never handed out`);
  return ret === 1;
}

/** Returns once the request with this ticket (and every earlier one) is done. */
export function prefaultWait(ticket: number): void {
  bound?.wait(ticket);
}
