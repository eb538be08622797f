/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * Byte order, as user space sees it: little-endian, as the x86-64 hosts
 * liblinux is built for.
 */
#ifndef _UAPI_ASM_LIB_BYTEORDER_H
#define _UAPI_ASM_LIB_BYTEORDER_H

#include <linux/byteorder/little_endian.h>

#endif
