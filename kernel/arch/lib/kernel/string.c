// SPDX-License-Identifier: GPL-2.0-only
/*
 * memcpy, memset and memmove on x86-64 string instructions ("fast short
 * rep mov/stos" on current CPUs), instead of lib/string.c's byte loops.
 */
#include <linux/export.h>
#include <linux/string.h>

void *memcpy(void *dest, const void *src, size_t n)
{
	void *d = dest;

	asm volatile("rep movsb"
		     : "+D" (d), "+S" (src), "+c" (n)
		     : : "memory");
	return dest;
}

void *memset(void *s, int c, size_t n)
{
	void *d = s;

	asm volatile("rep stosb"
		     : "+D" (d), "+c" (n)
		     : "a" (c)
		     : "memory");
	return s;
}

void *memmove(void *dest, const void *src, size_t n)
{
	char *d;
	const char *s;

	if (dest <= src || (const char *)src + n <= (char *)dest)
		return memcpy(dest, src, n);
	/* Overlapping with dest above src: copy from the end, downwards. */
	d = (char *)dest + n - 1;
	s = (const char *)src + n - 1;
	asm volatile("std\n\trep movsb\n\tcld"
		     : "+D" (d), "+S" (s), "+c" (n)
		     : : "memory");
	return dest;
}
