/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The task switch the scheduler calls: kernel/threads.c, on the stack
 * switch of kernel/switch.S.
 */
#ifndef _ASM_LIB_SWITCH_TO_H
#define _ASM_LIB_SWITCH_TO_H

struct task_struct;

/* Returns the task that ran before this one resumed (see threads.c). */
struct task_struct *__switch_to(struct task_struct *prev,
				struct task_struct *next);

#define switch_to(prev, next, last)	((last) = __switch_to((prev), (next)))

#endif
