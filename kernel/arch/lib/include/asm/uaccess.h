/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _ASM_LIB_UACCESS_H
#define _ASM_LIB_UACCESS_H

/*
 * "User" pointers are host pointers, copied with memcpy.  There is no
 * fault handler, so the one thing checked is what a host most often gets
 * wrong: a NULL (or nearly NULL) pointer, or a range that wraps around.
 * Those fail with -EFAULT instead of crashing the host process.
 */
#define LIB_USER_MIN	0x10000UL

static inline int __access_ok(const void __user *ptr, unsigned long size)
{
	unsigned long addr = (unsigned long)ptr;

	if (!size)
		return 1;
	return addr >= LIB_USER_MIN && addr + size > addr;
}
#define __access_ok __access_ok

#include <asm-generic/uaccess.h>

#endif
