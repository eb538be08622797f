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
#include <linux/page-isolation.h>
#include <linux/pfn.h>
#include <linux/printk.h>
#include "lib.h"

unsigned long memory_start;
unsigned long memory_end;
unsigned long lib_phys_offset;
void *empty_zero_page;

/*
 * Boot writes one compact region at the bottom of the block: the zero
 * page and the page map, then its first unmovable allocations, see
 * mem_init().  Measured with 64 MiB: 511 pages written, none above
 * 2300 KiB; the one gap is TCP's 256 KiB Table-perturb hash, allocated
 * at boot and written one entry at a time by connect().  The host backs
 * the region in one call before those writes rather than fault on each
 * page; the first 2 MiB are one aligned chunk a host can back with a
 * huge page.  A few pages of margin: a page backed in vain costs less
 * than a fault.
 */
#define BOOT_POPULATE_BYTES	(37UL << 16)

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

	lib_upcall_populate(lib_memory, min_t(u64, lib_host.memory_bytes,
					      BOOT_POPULATE_BYTES));

	memblock_add(LIB_PHYS_BASE, lib_host.memory_bytes);
	/* The page map and early tables go to the populated bottom. */
	memblock_set_bottom_up(true);

	empty_zero_page = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!empty_zero_page)
		panic("no memory for the zero page");

	max_zone_pfn[ZONE_NORMAL] = max_low_pfn;
	free_area_init(max_zone_pfn);
}

void __init mem_init(void)
{
	/*
	 * Unmovable allocations would otherwise take a whole free
	 * pageblock elsewhere (the largest fallback); marking the first
	 * one, which the early tables only partly fill, keeps boot's slab
	 * and stacks right above them, inside the populated region.
	 */
	set_pageblock_migratetype(pfn_to_page(min_low_pfn), MIGRATE_UNMOVABLE);
	/*
	 * Reclaimable slab (inodes, dentries, radix tree nodes) would
	 * likewise take the next pageblock, 4 MiB up: ~13 more pages
	 * outside the populated region, a host fault each.  Grouping by
	 * mobility serves compaction, which a kernel without an MMU
	 * never does: every allocation is unmovable here.  (The boot log's
	 * "mobility grouping on" was printed before this.)
	 */
	page_group_by_mobility_disabled = 1;
	memblock_free_all();
}

/*
 * The weak default would hand the image's init sections to the page
 * allocator; they belong to the host's mapping of the library.
 */
void free_initmem(void)
{
}
