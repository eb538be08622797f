// SPDX-License-Identifier: GPL-2.0-only
/**
 * liblinux's test-only operations (lib_debug, LIB_DEBUG_* of
 * kernel/include/liblinux.h) that the simulator's tests and its fault
 * injection use, by name instead of by number.
 */

/** enum lib_debug_op. */
export const DEBUG_OP = {
  /** BUG() in kernel context: a panic. */
  bug: 1,
  /** WARN() in kernel context: a warning and taint 512. */
  warn: 10,
  /** A wild access of a kind of WILD_ACCESS: a machine fault, not a BUG(). */
  fault: 11,
} as const;

/**
 * enum lib_debug_fault: the wild accesses real kernels make.  The names
 * are also the values of the boot option `lib_debug_fault=`.
 */
export const WILD_ACCESS = {
  /** A write through a NULL struct pointer: SIGSEGV. */
  write: 0,
  /** A read of a poisoned list pointer: SIGSEGV (general protection). */
  poison: 1,
  /** A call through a NULL function pointer: SIGSEGV. */
  call: 2,
  /** A push on a stack pointer gone bad: SIGSEGV. */
  stack: 3,
  /** An integer division by zero: SIGFPE. */
  divide: 4,
  /** An undefined instruction: SIGILL. */
  illegal: 5,
} as const;

/** A kind of wild access, by name. */
export type WildAccess = keyof typeof WILD_ACCESS;
