/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * liblinux numbers its system calls like every new architecture: the
 * asm-generic table, 64-bit flavour (as arm64 and riscv do).
 */
#define __ARCH_WANT_NEW_STAT
#define __ARCH_WANT_SET_GET_RLIMIT
#define __ARCH_WANT_SYS_CLONE
#define __ARCH_WANT_SYS_CLONE3

#include <asm-generic/unistd.h>
