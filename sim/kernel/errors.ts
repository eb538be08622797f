// SPDX-License-Identifier: GPL-2.0-only
/**
 * The typed errors of the kernel boundary.  liblinux reports every failure
 * as -errno; sim/kernel (kernel-copy.ts and liblinux.ts, around each call)
 * turns them into these exactly once, so no other layer ever looks at a
 * raw negative number.  Three kinds, three classes (kept together because
 * they are one concern: what can go wrong across the FFI boundary):
 *
 * - KernelError: the kernel refused an operation (a system call, an
 *   rtnetlink request) -- normal network behaviour, e.g. ECONNREFUSED.
 * - KernelFaultError: the instance panicked or made a wild access; it is
 *   dead for good.
 * - KernelApiError: the host used the API wrongly (time going backwards,
 *   an unknown task, a bad device argument) -- a bug in the simulator.
 */
import { errnoName } from './errno';
import { EXIT, InternalError, LibsimError } from '../core/errors';

/** A kernel operation failed with an errno, e.g. "connect: ECONNREFUSED (111)". */
export class KernelError extends InternalError {
  override readonly name = 'KernelError';
  /** The errno, positive (the kernel returned its negation). */
  readonly errno: number;
  /** Its symbolic name, e.g. `'ECONNREFUSED'`. */
  readonly code: string;
  /** What failed: a system call name ("connect") or a request ("rtnetlink addAddress"). */
  readonly operation: string;

  /**
   * @param errno the errno, positive or negative (stored positive)
   * @param operation the system call or request that failed
   */
  constructor(errno: number, operation: string) {
    const e = Math.abs(errno);
    // An errno is routine (EAGAIN ends every non-blocking read loop), and
    // the JS stack where the kernel's result was read names only the
    // simulator's internals, not the app's call: skip capturing it, which
    // cost ~10 us per error, as much as the system call itself.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`${operation}: ${errnoName(e)} (${e})`);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.errno = e;
    this.code = errnoName(e);
    this.operation = operation;
  }
}

/**
 * The instance died: it panicked (panic(), BUG()) or made a wild access
 * (a machine fault the fault guard caught), and liblinux returned
 * LIB_EDEAD.  The instance refuses every later call; the process and the
 * other instances live on.
 */
export class KernelFaultError extends LibsimError {
  override readonly name = 'KernelFaultError';
  readonly exitCode = EXIT.KERNEL_FAULT;
  /** Simulated time (ns) of the entry that died, or of the refused call after death. */
  readonly time: bigint;
  /** The panic message given to the panic hook ("" if the hook never ran). */
  readonly panicMessage: string;
  /** The library call that reported the death, e.g. "lib_debug". */
  readonly operation: string;

  /**
   * @param operation the library call that returned LIB_EDEAD
   * @param time simulated time (ns) of that call
   * @param panicMessage what the kernel passed to the panic hook
   */
  constructor(operation: string, time: bigint, panicMessage: string) {
    super(`${operation}: kernel fault at ${time} ns: ${panicMessage || '(no message)'}`);
    this.operation = operation;
    this.time = time;
    this.panicMessage = panicMessage;
  }
}

/**
 * The host misused the library API: liblinux's own -errno (not a system
 * call's result), or an argument rejected before the call.
 */
export class KernelApiError extends InternalError {
  override readonly name = 'KernelApiError';
  /** The errno, positive. */
  readonly errno: number;
  /** Its symbolic name. */
  readonly code: string;
  /** The library call, e.g. "lib_run". */
  readonly operation: string;

  /**
   * @param operation the library call
   * @param errno its -errno (or errno), stored positive
   * @param detail what was wrong, for the message
   */
  constructor(operation: string, errno: number, detail?: string) {
    const e = Math.abs(errno);
    super(`${operation}: ${errnoName(e)} (${e})${detail ? `: ${detail}` : ''}`);
    this.errno = e;
    this.code = errnoName(e);
    this.operation = operation;
  }
}
