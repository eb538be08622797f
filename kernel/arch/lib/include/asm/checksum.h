/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _ASM_LIB_CHECKSUM_H
#define _ASM_LIB_CHECKSUM_H

/*
 * Our devices offload nothing, so the stack checksums every byte it sends
 * and receives: lib/checksum.c's do_csum, which adds 32 bits a step with a
 * carry compare after each, was ~5% of a bulk TCP simulation.  Ours
 * (kernel/checksum.c) adds 32-bit words into 64 bits and folds once.
 */
unsigned int do_csum(const unsigned char *buff, int len);
#define do_csum do_csum

#include <asm-generic/checksum.h>

#endif
