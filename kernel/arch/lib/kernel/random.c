// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "CPU random number instruction" of ARCH=lib: a generator seeded by
 * the host (splitmix64).  With CONFIG_RANDOM_TRUST_CPU the kernel's CRNG
 * is ready at boot, and every random value the kernel draws (hash
 * secrets, sequence numbers, ports) follows from the seed.
 */
#include <linux/types.h>
#include <asm/archrandom.h>
#include "lib.h"

static u64 state;

void lib_random_seed(u64 seed)
{
	state = seed;
}

static u64 next(void)
{
	u64 z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

size_t lib_random_longs(unsigned long *v, size_t max_longs)
{
	size_t i;

	for (i = 0; i < max_longs; i++)
		v[i] = next();
	return max_longs;
}
