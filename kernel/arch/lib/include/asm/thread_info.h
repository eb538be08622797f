/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-task flags and the size of a kernel stack; on ARCH=lib thread_info
 * also holds the user memory the task's system call may reach.
 */
#ifndef _ASM_LIB_THREAD_INFO_H
#define _ASM_LIB_THREAD_INFO_H

#include <asm/page.h>

#define THREAD_SIZE_ORDER	2
#define THREAD_SIZE		(PAGE_SIZE << THREAD_SIZE_ORDER)

#ifndef __ASSEMBLY__
struct lib_user_range;

struct thread_info {
	unsigned long		flags;
	int			preempt_count;
	/*
	 * The user memory of the system call this task runs (uaccess.c):
	 * none outside a call, LIB_USER_ANY when the host vouches for it.
	 */
	int			nuser;
	const struct lib_user_range *user;
};

#define INIT_THREAD_INFO(tsk)			\
{						\
	.flags		= 0,			\
	.preempt_count	= INIT_PREEMPT_COUNT,	\
}
#endif

#define TIF_SYSCALL_TRACE	0
#define TIF_NOTIFY_RESUME	1
#define TIF_SIGPENDING		2
#define TIF_NEED_RESCHED	3
#define TIF_RESTORE_SIGMASK	4
#define TIF_MEMDIE		5
#define TIF_NOTIFY_SIGNAL	6
#define TIF_SYSCALL_AUDIT	7
#define TIF_SECCOMP		8
#define TIF_SYSCALL_TRACEPOINT	9

#define _TIF_SYSCALL_TRACE	(1 << TIF_SYSCALL_TRACE)
#define _TIF_NOTIFY_RESUME	(1 << TIF_NOTIFY_RESUME)
#define _TIF_SIGPENDING		(1 << TIF_SIGPENDING)
#define _TIF_NEED_RESCHED	(1 << TIF_NEED_RESCHED)
#define _TIF_RESTORE_SIGMASK	(1 << TIF_RESTORE_SIGMASK)
#define _TIF_MEMDIE		(1 << TIF_MEMDIE)
#define _TIF_NOTIFY_SIGNAL	(1 << TIF_NOTIFY_SIGNAL)
#define _TIF_SYSCALL_AUDIT	(1 << TIF_SYSCALL_AUDIT)
#define _TIF_SECCOMP		(1 << TIF_SECCOMP)
#define _TIF_SYSCALL_TRACEPOINT	(1 << TIF_SYSCALL_TRACEPOINT)

#endif
