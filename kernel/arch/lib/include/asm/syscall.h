/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What tracing and auditing read of a task's system call: ARCH=lib has
 * no trap frame, so there is nothing to read.
 */
#ifndef _ASM_LIB_SYSCALL_H
#define _ASM_LIB_SYSCALL_H

#include <uapi/linux/audit.h>
#include <linux/err.h>
#include <linux/sched.h>
#include <asm/ptrace.h>

/*
 * System calls enter through lib_syscall(), not through a trap frame:
 * there are no user registers to inspect, so tracers see "no syscall".
 */
static inline int syscall_get_nr(struct task_struct *task,
				 struct pt_regs *regs)
{
	return -1;
}

static inline void syscall_rollback(struct task_struct *task,
				    struct pt_regs *regs)
{
}

static inline long syscall_get_error(struct task_struct *task,
				     struct pt_regs *regs)
{
	return 0;
}

static inline long syscall_get_return_value(struct task_struct *task,
					    struct pt_regs *regs)
{
	return 0;
}

static inline void syscall_set_return_value(struct task_struct *task,
					    struct pt_regs *regs,
					    int error, long val)
{
}

static inline void syscall_get_arguments(struct task_struct *task,
					 struct pt_regs *regs,
					 unsigned long *args)
{
	memset(args, 0, 6 * sizeof(*args));
}

static inline int syscall_get_arch(struct task_struct *task)
{
	return AUDIT_ARCH_X86_64;
}

#endif
