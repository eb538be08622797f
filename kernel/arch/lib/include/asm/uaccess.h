/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _ASM_LIB_UACCESS_H
#define _ASM_LIB_UACCESS_H

/*
 * "User" pointers are host pointers.  There is no MMU to fault on a bad
 * one, so every access goes through kernel/uaccess.c, which lets a call
 * reach only the memory ranges its host declared (lib_syscall()): any
 * other address, whatever a program put in an argument or a structure,
 * is -EFAULT instead of a read or write of the host process's memory.
 *
 * access_ok() stays cheap: it refuses only a NULL (or nearly NULL)
 * pointer and a range that wraps around; the ranges are checked where
 * memory is actually touched.
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

unsigned long lib_copy_from_user(void *to, const void __user *from,
				 unsigned long n);
unsigned long lib_copy_to_user(void __user *to, const void *from,
			       unsigned long n);
unsigned long lib_clear_user(void __user *to, unsigned long n);

static inline __must_check unsigned long
raw_copy_from_user(void *to, const void __user *from, unsigned long n)
{
	return lib_copy_from_user(to, from, n);
}

static inline __must_check unsigned long
raw_copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return lib_copy_to_user(to, from, n);
}
#define INLINE_COPY_FROM_USER
#define INLINE_COPY_TO_USER

#define __clear_user lib_clear_user

/* Kernel memory is the kernel's own: read and written directly. */
#define __get_kernel_nofault(dst, src, type, err_label)			\
do {									\
	*((type *)(dst)) = get_unaligned((type *)(src));		\
	if (0)								\
		goto err_label;						\
} while (0)

#define __put_kernel_nofault(dst, src, type, err_label)			\
do {									\
	put_unaligned(*((type *)(src)), (type *)(dst));			\
	if (0)								\
		goto err_label;						\
} while (0)

#include <asm/unaligned.h>
#include <asm-generic/uaccess.h>

#endif
