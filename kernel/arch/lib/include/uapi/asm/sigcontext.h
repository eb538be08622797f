/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
#ifndef _UAPI_ASM_LIB_SIGCONTEXT_H
#define _UAPI_ASM_LIB_SIGCONTEXT_H

/* Signals are never delivered to a user context, so it holds nothing. */
struct sigcontext {
	unsigned long unused;
};

#endif
