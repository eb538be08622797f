// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/lib's memcpy, memset and memmove against byte-by-byte references,
 * built on the host (host-headers/ stands in for the kernel headers;
 * the Makefile renames them lib_memcpy, ...): every length 0..4200 (each
 * of memcpy's branches, below and above its 2 KiB switch to rep movsb)
 * at 16 source and 4 destination alignments, with the bytes around the
 * destination checked untouched; memmove with the ranges overlapping
 * either way and apart; memset at every length 0..600 and alignment 0..15.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void *lib_memcpy(void *dest, const void *src, size_t n);
void *lib_memset(void *s, int c, size_t n);
void *lib_memmove(void *dest, const void *src, size_t n);

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_LEN		4200
#define GUARD		64
#define BUF		(MAX_LEN + 2 * GUARD + 16)

static unsigned char src[BUF], got[BUF], want[BUF];
static uint32_t seed = 12345;

static void fill_random(unsigned char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed = seed * 1103515245 + 12345;
		b[i] = seed >> 24;
	}
}

/* got and want start equal; the function under test writes got. */
static void reset(void)
{
	fill_random(got, BUF);
	memcpy(want, got, BUF);
}

static int differs(const char *what, size_t len, int a, int b)
{
	size_t i;

	for (i = 0; i < BUF; i++)
		if (got[i] != want[i]) {
			printf("not ok - %s: length %zu, alignments %d/%d: byte %zu is 0x%02x, expected 0x%02x\n",
			       what, len, a, b, i, got[i], want[i]);
			return 1;
		}
	return 0;
}

static int check_memcpy(void)
{
	static const int dst_align[] = { 0, 1, 7, 13 };
	int failed = 0, s, d;
	size_t len, i;

	fill_random(src, BUF);
	for (len = 0; len <= MAX_LEN && failed < 5; len++)
		for (s = 0; s < 16; s++)
			for (d = 0; d < 4; d++) {
				unsigned char *to = got + GUARD + dst_align[d];

				reset();
				for (i = 0; i < len; i++)
					want[GUARD + dst_align[d] + i] = src[s + i];
				if (lib_memcpy(to, src + s, len) != to) {
					printf("not ok - memcpy: length %zu does not return dest\n", len);
					failed++;
				}
				failed += differs("memcpy", len, s, dst_align[d]);
			}
	return failed;
}

/* dest - src from -70 to 70 bytes: overlapping both ways, and apart. */
static int check_memmove(void)
{
	static const size_t lens[] = { 0, 1, 7, 16, 33, 64, 100, 1500, 3000 };
	int failed = 0, shift;
	size_t k, i;

	for (k = 0; k < ARRAY_SIZE(lens); k++)
		for (shift = -70; shift <= 70; shift++) {
			size_t len = lens[k], from = GUARD + 80, to = from + shift;

			reset();
			for (i = 0; i < len; i++)
				want[to + i] = got[from + i];
			lib_memmove(got + to, got + from, len);
			failed += differs("memmove", len, (int)from, (int)to);
		}
	return failed;
}

static int check_memset(void)
{
	int failed = 0, a;
	size_t len, i;

	for (len = 0; len <= 600; len++)
		for (a = 0; a < 16; a++) {
			reset();
			for (i = 0; i < len; i++)
				want[GUARD + a + i] = 0xa5;
			lib_memset(got + GUARD + a, 0xa5, len);
			failed += differs("memset", len, a, 0);
		}
	return failed;
}

int main(void)
{
	int memcpy_failed = check_memcpy();
	int memmove_failed = check_memmove();
	int memset_failed = check_memset();
	int failed = !!memcpy_failed + !!memmove_failed + !!memset_failed;

	printf("%s - string: memcpy equals a byte copy for all lengths and alignments\n",
	       memcpy_failed ? "not ok" : "ok");
	printf("%s - string: memmove copies overlapping ranges either way\n",
	       memmove_failed ? "not ok" : "ok");
	printf("%s - string: memset writes exactly its range\n",
	       memset_failed ? "not ok" : "ok");
	printf("%d passed, %d failed\n", 3 - failed, failed);
	return failed != 0;
}
