/* SPDX-License-Identifier: GPL-2.0-only */
/* The one declaration arch/lib's checksum.c needs, for its host test. */
#ifndef CSUM_HOST_CHECKSUM_H
#define CSUM_HOST_CHECKSUM_H
unsigned int do_csum(const unsigned char *buff, int len);
#endif
