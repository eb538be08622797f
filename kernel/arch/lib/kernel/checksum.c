// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Internet checksum's inner loop (RFC 1071), for lib/checksum.c.
 *
 * One's complement addition is associative and the carries can be added
 * back at the end, so 32-bit words are summed into a 64-bit accumulator
 * (no carry can be lost: even 2^31 bytes stay below 2^61) and folded to
 * 16 bits once.  Same result as the generic version, which this replaces:
 * a 16-bit sum, byte-swapped when the buffer started at an odd address.
 * Unaligned loads are fine on x86-64.
 */
#include <linux/types.h>
#include <asm/checksum.h>

static inline u32 load32(const unsigned char *p)
{
	u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

unsigned int do_csum(const unsigned char *buff, int len)
{
	unsigned int odd, result;
	u64 sum = 0;

	if (len <= 0)
		return 0;
	odd = 1 & (unsigned long)buff;
	if (odd) {
		/* Little-endian: the first byte is the high half of its word. */
		sum = (u64)*buff << 8;
		len--;
		buff++;
	}
	for (; len >= 16; len -= 16, buff += 16) {
		sum += load32(buff);
		sum += load32(buff + 4);
		sum += load32(buff + 8);
		sum += load32(buff + 12);
	}
	for (; len >= 4; len -= 4, buff += 4)
		sum += load32(buff);
	if (len & 2) {
		sum += (u32)buff[0] | (u32)buff[1] << 8;
		buff += 2;
	}
	if (len & 1)
		sum += *buff;
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	result = (sum & 0xffff) + (sum >> 16);
	result = (result & 0xffff) + (result >> 16);
	result = (result & 0xffff) + (result >> 16);
	if (odd)
		result = ((result >> 8) & 0xff) | ((result & 0xff) << 8);
	return result;
}
