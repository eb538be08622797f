/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CPU random number "instruction" generic code asks for: on ARCH=lib,
 * the generator of kernel/random.c, which the host seeds.
 */
#ifndef _ASM_LIB_ARCHRANDOM_H
#define _ASM_LIB_ARCHRANDOM_H

#include <linux/types.h>

/* Seeded by the host: see arch/lib/kernel/random.c. */
size_t lib_random_longs(unsigned long *v, size_t max_longs);

static inline size_t __must_check arch_get_random_longs(unsigned long *v,
							size_t max_longs)
{
	return lib_random_longs(v, max_longs);
}

static inline size_t __must_check
arch_get_random_seed_longs(unsigned long *v, size_t max_longs)
{
	return lib_random_longs(v, max_longs);
}

#endif
