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

/*
 * Where boot's allocations land at the bottom of the block (measured:
 * ~1.3 MiB allocated; the pages boot writes all lie in the first 1.5 MiB).
 * Populating more would only add resident pages nobody uses.
 */
#define BOOT_POPULATE_BYTES	(3UL << 19)

/*
 * Boot initialises every struct page of mem_map before it allocates
 * anything: allocate the map here instead of letting free_area_init() do
 * it (the node_mem_map hook ia64 uses), so the host can back it in one
 * call before those writes rather than fault on each of its pages.  The
 * size and alignment are free_area_init()'s for FLATMEM; the block starts
 * at LIB_PHYS_BASE, a MAX_ORDER_NR_PAGES boundary, so no offset applies.
 */
static void __init lib_mem_map_setup(void)
{
	unsigned long pages = ALIGN(max_low_pfn, MAX_ORDER_NR_PAGES) -
			      ALIGN_DOWN(min_low_pfn, MAX_ORDER_NR_PAGES);
	size_t size = pages * sizeof(struct page);
	void *map = memblock_alloc_raw(size, SMP_CACHE_BYTES);

	BUILD_BUG_ON(LIB_PHYS_BASE % (MAX_ORDER_NR_PAGES << PAGE_SHIFT));
	if (!map)
		panic("no memory for mem_map");
	lib_upcall_populate((void *)((unsigned long)map & PAGE_MASK),
			    PAGE_ALIGN((unsigned long)map + size) -
			    ((unsigned long)map & PAGE_MASK));
	NODE_DATA(0)->node_mem_map = map;
}

void __init lib_mem_setup(void)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES] = { 0 };

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

	lib_mem_map_setup();
	max_zone_pfn[ZONE_NORMAL] = max_low_pfn;
	free_area_init(max_zone_pfn);

	/* Boot takes its first allocations from the bottom of the block. */
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
