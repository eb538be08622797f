// SPDX-License-Identifier: GPL-2.0-only
/*
 * memcpy, memset and memmove for x86-64, instead of lib/string.c's byte
 * loops.  memset and memmove use the string instructions ("fast short rep
 * mov/stos" on current CPUs).  memcpy carries every packet: each frame is
 * copied into an skb, linearised, copied out to the host and to or from a
 * socket's user buffer, 1-1.5 KiB at a time, plus many small copies of
 * headers.  There, rep movsb's start-up cost shows: it took 2.5x as long
 * as 16-byte SSE2 moves for 64 bytes and 1.1-1.3x for a 1.5 KiB frame
 * (measured in this VM), so copies below 2 KiB use those.
 */
#include <linux/string.h>

/* SSE2, which every x86-64 has; the library runs in a host thread. */
typedef u8 v16 __attribute__((vector_size(16)));

static __always_inline v16 load16(const u8 *p)
{
	v16 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static __always_inline void store16(u8 *p, v16 v)
{
	__builtin_memcpy(p, &v, sizeof(v));
}

/* n <= 16: two overlapping moves of the widest size that fits. */
static __always_inline void copy_small(u8 *d, const u8 *s, size_t n)
{
	if (n >= 8) {
		u64 a, b;

		__builtin_memcpy(&a, s, 8);
		__builtin_memcpy(&b, s + n - 8, 8);
		__builtin_memcpy(d, &a, 8);
		__builtin_memcpy(d + n - 8, &b, 8);
	} else if (n >= 4) {
		u32 a, b;

		__builtin_memcpy(&a, s, 4);
		__builtin_memcpy(&b, s + n - 4, 4);
		__builtin_memcpy(d, &a, 4);
		__builtin_memcpy(d + n - 4, &b, 4);
	} else if (n) {
		u8 a = s[0], b = s[n / 2], c = s[n - 1];

		d[0] = a;
		d[n / 2] = b;
		d[n - 1] = c;
	}
}

void *memcpy(void *dest, const void *src, size_t n)
{
	u8 *d = dest;
	const u8 *s = src;
	v16 a, b, c, e;
	u8 *last;

	if (n <= 16) {
		copy_small(d, s, n);
		return dest;
	}
	if (n >= 2048) {
		asm volatile("rep movsb"
			     : "+D" (d), "+S" (s), "+c" (n)
			     : : "memory");
		return dest;
	}
	if (n <= 32) {
		a = load16(s);
		b = load16(s + n - 16);
		store16(d, a);
		store16(d + n - 16, b);
		return dest;
	}
	/*
	 * The last 64 bytes (or the first and last 32) are loaded first and
	 * stored last, overlapping the loop's: no tail loop.  The buffers do
	 * not overlap (memcpy), so loading ahead is safe.
	 */
	if (n <= 64) {
		a = load16(s);
		b = load16(s + 16);
		c = load16(s + n - 32);
		e = load16(s + n - 16);
		store16(d, a);
		store16(d + 16, b);
		store16(d + n - 32, c);
		store16(d + n - 16, e);
		return dest;
	}
	a = load16(s + n - 64);
	b = load16(s + n - 48);
	c = load16(s + n - 32);
	e = load16(s + n - 16);
	last = d + n - 64;
	for (; d < last; d += 64, s += 64) {
		v16 w = load16(s), x = load16(s + 16);
		v16 y = load16(s + 32), z = load16(s + 48);

		store16(d, w);
		store16(d + 16, x);
		store16(d + 32, y);
		store16(d + 48, z);
	}
	store16(last, a);
	store16(last + 16, b);
	store16(last + 32, c);
	store16(last + 48, e);
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
