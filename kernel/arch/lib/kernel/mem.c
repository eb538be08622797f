// SPDX-License-Identifier: GPL-2.0-only
/*
 * Memory: one block from the host is all the RAM this kernel has; memblock
 * and then the buddy allocator manage it.  Its "physical" addresses start
 * at LIB_PHYS_BASE (see asm/page.h).  The library image itself (text,
 * data, bss) is outside mem_map, like a kernel image outside lowmem.
 */
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/printk.h>
#include "lib.h"

unsigned long memory_start;
unsigned long memory_end;
unsigned long lib_phys_offset;
void *empty_zero_page;

/* What boot allocates from the bottom of the block (measured: ~1.9 MiB). */
#define BOOT_POPULATE_BYTES	(2UL << 20)

void __init lib_mem_setup(void)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES] = { 0 };
	unsigned long map_start, map_end;

	memory_start = (unsigned long)lib_memory;
	memory_end = memory_start + lib_host.memory_bytes;
	lib_phys_offset = memory_start - LIB_PHYS_BASE;

	min_low_pfn = PFN_UP(LIB_PHYS_BASE);
	max_low_pfn = PFN_DOWN(__pa(memory_end));
	max_pfn = max_low_pfn;
	max_mapnr = max_low_pfn - min_low_pfn;
	high_memory = (void *)memory_end;

	memblock_add(LIB_PHYS_BASE, lib_host.memory_bytes);

	empty_zero_page = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!empty_zero_page)
		panic("no memory for the zero page");

	max_zone_pfn[ZONE_NORMAL] = max_low_pfn;
	free_area_init(max_zone_pfn);

	/*
	 * Boot initialises all of mem_map and takes its first allocations
	 * from the bottom of the block: have the host back both now, in
	 * two calls instead of some 700 page faults.
	 */
	map_start = (unsigned long)mem_map & PAGE_MASK;
	map_end = PAGE_ALIGN((unsigned long)(mem_map + max_mapnr));
	lib_upcall_populate((void *)map_start, map_end - map_start);
	lib_upcall_populate(lib_memory, min_t(u64, lib_host.memory_bytes,
					      BOOT_POPULATE_BYTES));
}

void __init mem_init(void)
{
	memblock_free_all();
}

/*
 * The weak default would hand the image's init sections to the page
 * allocator; they belong to the host's mapping of the library.
 */
void free_initmem(void)
{
}
