// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/lib's do_csum against the definition of the Internet checksum
 * (RFC 1071): the one's complement sum of the buffer's 16-bit words, here
 * little-endian pairs counted from the buffer's start, folded to 16 bits.
 * Built on the host (host-headers/ stands in for the two kernel headers it
 * includes) and run for every start alignment 0..7, every length 0..600,
 * sums that need several folds (all 0xff bytes) and a 64 KiB buffer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <asm/checksum.h>	/* host-headers/: do_csum() */

static unsigned int reference(const unsigned char *b, int len)
{
	uint64_t s = 0;
	int i;

	for (i = 0; i + 1 < len; i += 2)
		s += b[i] | (unsigned int)b[i + 1] << 8;
	if (len & 1)
		s += b[len - 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (unsigned int)s;
}

static int check(const char *what, const unsigned char *b, int len)
{
	unsigned int got = do_csum(b, len), want = reference(b, len);

	if (got == want)
		return 0;
	printf("not ok - csum: %s, length %d at offset %d: 0x%04x, expected 0x%04x\n",
	       what, len, (int)((uintptr_t)b & 7), got, want);
	return 1;
}

int main(void)
{
	static unsigned char buf[65536 + 16] __attribute__((aligned(16)));
	int failed = 0, align, len;
	uint32_t x = 12345;
	size_t i;

	for (i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245 + 12345;
		buf[i] = x >> 24;
	}
	for (align = 0; align < 8; align++)
		for (len = 0; len <= 600; len++)
			failed += check("random bytes", buf + align, len);
	failed += check("64 KiB", buf + 1, 65536);
	memset(buf, 0xff, sizeof(buf));
	for (align = 0; align < 8; align++)
		failed += check("all 0xff", buf + align, 1500 + align);
	failed += check("all 0xff, 64 KiB", buf, 65536);
	printf("%s - csum: do_csum equals the RFC 1071 sum for all alignments and lengths\n",
	       failed ? "not ok" : "ok");
	printf("%d passed, %d failed\n", failed ? 0 : 1, failed ? 1 : 0);
	return failed != 0;
}
