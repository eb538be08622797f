/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
#ifndef _UAPI_ASM_LIB_BITSPERLONG_H
#define _UAPI_ASM_LIB_BITSPERLONG_H

/* liblinux is built for 64-bit hosts only (x86-64 first). */
#define __BITS_PER_LONG 64

#include <asm-generic/bitsperlong.h>

#endif
