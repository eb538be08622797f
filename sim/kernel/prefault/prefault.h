/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libsim-prefault: a thread that backs memory ahead of the simulator's
 * next kernels (see prefault.c).  sim/kernel/prefault-thread.ts binds
 * these with the same signatures; test-prefault.c checks them.
 */
#ifndef LIBSIM_PREFAULT_H
#define LIBSIM_PREFAULT_H

#include <stddef.h>

long long prefault_submit(void *addr, size_t len);
int prefault_cancel(long long ticket);
void prefault_wait(long long ticket);

#endif
