/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Just enough of the kernel's types to build arch/lib's checksum.c and
 * string.c on the host.
 */
#ifndef HOST_HEADERS_TYPES_H
#define HOST_HEADERS_TYPES_H
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;
/* glibc's sys/cdefs.h defines __always_inline as the kernel does. */
#endif
