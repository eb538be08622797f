/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _ASM_LIB_TIMEX_H
#define _ASM_LIB_TIMEX_H

/*
 * The only "cycle counter" is the host's virtual clock: the kernel never
 * reads a host clock, so entropy sampled from it is the same every run.
 */
typedef unsigned long cycles_t;

extern unsigned long long lib_now_ns;

static inline cycles_t get_cycles(void)
{
	return lib_now_ns;
}
#define get_cycles get_cycles

/*
 * random_init() takes a counter that reads 0 at boot for a missing one
 * and warns (taint 512); the host's clock may well stand at 0 then.
 * Entropy samples count from 1: still the virtual clock, so still the
 * same every run.
 */
#define random_get_entropy()	((unsigned long)(lib_now_ns + 1))

#define CLOCK_TICK_RATE		1000000000

#endif
