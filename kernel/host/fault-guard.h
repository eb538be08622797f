/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fault-guard.h - the host's half of liblinux's machine-fault contract
 * (struct lib_fault_target in liblinux.h): a signal handler that ends the
 * copy whose kernel made a wild access instead of the whole process.
 *
 * kernel/test links fault-guard.c; the simulator loads it as
 * build/liblinux-fault-guard.so (sim/kernel/fault-guard.ts binds these
 * with the same signatures).
 *
 * The handler costs nothing until a fault: it is installed once, for
 * SIGSEGV, SIGBUS, SIGFPE and SIGILL, and registering a copy writes a
 * table entry.  Faults that are no registered copy's, and a second fault
 * in a copy, go to the handler installed before (Node's and V8's, which
 * turn WebAssembly's out-of-bounds accesses into exceptions), or get the
 * default action: genuine host crashes still crash.
 */
#ifndef LIBLINUX_FAULT_GUARD_H
#define LIBLINUX_FAULT_GUARD_H

#include <stddef.h>
#include "liblinux.h"

/*
 * Registers a copy, from the thread that will drive it.  The first call
 * installs the handler; each thread that registers gets an alternate
 * signal stack (so that a fault on a bad stack pointer can be handled),
 * unless it has one already, and a stack to resume its copies on.
 * Returns an id (>= 0) or -errno (-EINVAL for a bad target, -ENOMEM).
 */
long fault_guard_add(const struct lib_fault_target *target);

/* The copy's RAM: the block its mem_alloc returned.  0 or -EINVAL. */
int fault_guard_set_ram(long id, void *addr, size_t len);

/* Forgets a copy; call before unmapping it. */
void fault_guard_remove(long id);

#endif
