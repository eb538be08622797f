/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _ASM_LIB_PAGE_H
#define _ASM_LIB_PAGE_H

/*
 * Physical memory is one block the host hands over at boot, wherever its
 * allocator placed it (typically near 0x7f...).  With no MMU, virtual and
 * physical addresses are the same, so the first page frame number is a
 * value known only at run time.
 */
#ifndef __ASSEMBLY__
extern unsigned long lib_pfn_offset;
#endif
#define ARCH_PFN_OFFSET		(lib_pfn_offset)

#include <asm-generic/page.h>

/* Only the host block is memory the page allocator knows about. */
#undef virt_addr_valid
#define virt_addr_valid(kaddr)	((unsigned long)(kaddr) >= memory_start && \
				 (unsigned long)(kaddr) < memory_end)

#endif
