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

#define CLOCK_TICK_RATE		1000000000

#endif
