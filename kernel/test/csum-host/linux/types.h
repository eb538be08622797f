/* SPDX-License-Identifier: GPL-2.0-only */
/* Just enough of the kernel's types to build arch/lib's checksum.c on the host. */
#ifndef CSUM_HOST_TYPES_H
#define CSUM_HOST_TYPES_H
#include <stdint.h>
typedef uint32_t u32;
typedef uint64_t u64;
#endif
