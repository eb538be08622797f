/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
#ifndef _UAPI_ASM_LIB_PTRACE_H
#define _UAPI_ASM_LIB_PTRACE_H

/* There is no user mode to trace: no register layout is exported. */

#endif
