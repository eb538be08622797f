/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Architecture hooks of vmalloc: none; <linux/vmalloc.h> only needs the
 * header to exist.
 */
#ifndef _ASM_LIB_VMALLOC_H
#define _ASM_LIB_VMALLOC_H
#endif
