/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The declarations arch/lib's string.c needs, for its host test.  The test
 * builds it with memcpy, memset and memmove renamed (lib_memcpy, ...), so
 * that the C library keeps its own.
 */
#ifndef HOST_HEADERS_STRING_H
#define HOST_HEADERS_STRING_H
#include <linux/types.h>
void *memcpy(void *dest, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
void *memmove(void *dest, const void *src, size_t n);
#endif
