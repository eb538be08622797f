// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "CPU random number instruction" of ARCH=lib: a generator seeded by
 * the host (splitmix64).  With CONFIG_RANDOM_TRUST_CPU the kernel's CRNG
 * is ready at boot, and every random value the kernel draws (hash
 * secrets, sequence numbers, ports) follows from the seed.
 */
#include <linux/init.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/utsname.h>
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

/*
 * random_init_early() mixes init_utsname() into the input pool, and with
 * it the build's version text: the release ("6.1.192") and the version
 * string.  A rebuild that changes no code (another Debian revision,
 * another build host) would then change every random value of every
 * node.  Both fields are hidden from setup_arch() until trap_init(), the
 * first arch hook after random_init_early(), so that the pool holds only
 * the host's seed, constant text and the command line.
 */
static char saved_release[__NEW_UTS_LEN + 1] __initdata;
static char saved_version[__NEW_UTS_LEN + 1] __initdata;

void __init lib_random_hide_build_text(void)
{
	struct new_utsname *u = init_utsname();

	memcpy(saved_release, u->release, sizeof(saved_release));
	memcpy(saved_version, u->version, sizeof(saved_version));
	memset(u->release, 0, sizeof(u->release));
	memset(u->version, 0, sizeof(u->version));
}

void __init lib_random_show_build_text(void)
{
	struct new_utsname *u = init_utsname();

	memcpy(u->release, saved_release, sizeof(u->release));
	memcpy(u->version, saved_version, sizeof(u->version));
}
