/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The string functions ARCH=lib provides itself (kernel/string.c) instead
 * of the byte-at-a-time ones of lib/string.c.
 */
#ifndef _ASM_LIB_STRING_H
#define _ASM_LIB_STRING_H

#include <linux/types.h>

/*
 * lib/string.c copies a byte at a time; these use the CPU's string
 * instructions instead (arch/lib/kernel/string.c).  They carry every
 * copy_{to,from}_user and every skb copy.
 */
#define __HAVE_ARCH_MEMCPY
void *memcpy(void *dest, const void *src, __kernel_size_t n);
#define __HAVE_ARCH_MEMSET
void *memset(void *s, int c, __kernel_size_t n);
#define __HAVE_ARCH_MEMMOVE
void *memmove(void *dest, const void *src, __kernel_size_t n);

#endif
