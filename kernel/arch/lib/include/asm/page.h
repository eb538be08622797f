/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pages for ARCH=lib: their size, and how "physical" addresses map to
 * the host memory block that is the kernel's RAM.
 */
#ifndef _ASM_LIB_PAGE_H
#define _ASM_LIB_PAGE_H

#include <linux/const.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/*
 * Physical memory is one block the host hands over at boot, wherever its
 * allocator placed it (typically near 0x7f...).  There is no MMU, but
 * "physical" addresses are still numbered from a small base rather than
 * equal to the host address: generic boot code walks page frame numbers
 * from 0 up to the first memory, which would take 10^8 steps at 0x7f...
 * lib_phys_offset is what turns one into the other.
 */
#define LIB_PHYS_BASE	_AC(0x1000000, UL)

#ifndef __ASSEMBLY__
#include <asm/setup.h>

extern unsigned long lib_phys_offset;
extern unsigned long memory_start;
extern unsigned long memory_end;

#define clear_page(page)	memset((page), 0, PAGE_SIZE)
#define copy_page(to, from)	memcpy((to), (from), PAGE_SIZE)
#define clear_user_page(page, vaddr, pg)	clear_page(page)
#define copy_user_page(to, from, vaddr, pg)	copy_page(to, from)

typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pmd[16]; } pmd_t;
typedef struct { unsigned long pgd; } pgd_t;
typedef struct { unsigned long pgprot; } pgprot_t;
typedef struct page *pgtable_t;

#define pte_val(x)	((x).pte)
#define pmd_val(x)	((&x)->pmd[0])
#define pgd_val(x)	((x).pgd)
#define pgprot_val(x)	((x).pgprot)
#define __pte(x)	((pte_t) { (x) })
#define __pmd(x)	((pmd_t) { (x) })
#define __pgd(x)	((pgd_t) { (x) })
#define __pgprot(x)	((pgprot_t) { (x) })

#define PAGE_OFFSET		(lib_phys_offset)
#define ARCH_PFN_OFFSET		(LIB_PHYS_BASE >> PAGE_SHIFT)

#define __va(x)		((void *)((unsigned long)(x) + lib_phys_offset))
#define __pa(x)		((unsigned long)(x) - lib_phys_offset)

#define virt_to_pfn(kaddr)	(__pa(kaddr) >> PAGE_SHIFT)
#define pfn_to_virt(pfn)	__va((pfn) << PAGE_SHIFT)
#define virt_to_page(addr)	pfn_to_page(virt_to_pfn(addr))
#define page_to_virt(page)	pfn_to_virt(page_to_pfn(page))
#define page_to_phys(page)	((dma_addr_t)page_to_pfn(page) << PAGE_SHIFT)

#define pfn_valid(pfn)		((pfn) >= ARCH_PFN_OFFSET && \
				 ((pfn) - ARCH_PFN_OFFSET) < max_mapnr)

/* Only the host block is memory the page allocator knows about. */
#define virt_addr_valid(kaddr)	((unsigned long)(kaddr) >= memory_start && \
				 (unsigned long)(kaddr) < memory_end)
#endif /* __ASSEMBLY__ */

#include <asm-generic/memory_model.h>
#include <asm-generic/getorder.h>

#endif
