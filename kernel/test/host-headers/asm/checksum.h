/* SPDX-License-Identifier: GPL-2.0-only */
/* The one declaration arch/lib's checksum.c needs, for its host test. */
#ifndef HOST_HEADERS_CHECKSUM_H
#define HOST_HEADERS_CHECKSUM_H
unsigned int do_csum(const unsigned char *buff, int len);
#endif
