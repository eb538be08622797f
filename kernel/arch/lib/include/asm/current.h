/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `current` for ARCH=lib: the running task, which the task switch
 * (kernel/threads.c) keeps in a global.
 */
#ifndef _ASM_LIB_CURRENT_H
#define _ASM_LIB_CURRENT_H

#ifndef __ASSEMBLY__
struct task_struct;

/* One CPU per instance: the running task is a plain global. */
extern struct task_struct *lib_current_task;

static __always_inline struct task_struct *get_current(void)
{
	return lib_current_task;
}

#define current get_current()
#endif

#endif
