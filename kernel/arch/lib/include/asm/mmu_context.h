/* SPDX-License-Identifier: GPL-2.0-only */
/* Address-space contexts: there is no MMU, so the generic no-MMU stubs. */
#ifndef _ASM_LIB_MMU_CONTEXT_H
#define _ASM_LIB_MMU_CONTEXT_H

#include <asm-generic/nommu_context.h>

#endif
