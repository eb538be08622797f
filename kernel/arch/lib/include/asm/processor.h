/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-task CPU state ARCH=lib keeps (a saved stack pointer and what
 * a new task runs first) and the processor hooks generic code calls.
 */
#ifndef _ASM_LIB_PROCESSOR_H
#define _ASM_LIB_PROCESSOR_H

#include <asm/ptrace.h>

#ifndef __ASSEMBLY__
struct task_struct;

/*
 * A task's saved context is only its stack pointer: the switch pushes the
 * callee-saved registers on the task's own stack.  fn/arg say what a new
 * task runs first.
 */
struct thread_struct {
	unsigned long sp;
	int (*fn)(void *arg);
	void *arg;
	struct pt_regs regs;
};

#define INIT_THREAD { }

/* User pointers are host pointers: the whole address space is "user". */
#define TASK_SIZE		(~0UL)
#define TASK_SIZE_MAX		TASK_SIZE
#define STACK_TOP		TASK_SIZE
#define STACK_TOP_MAX		TASK_SIZE
#define TASK_UNMAPPED_BASE	0

#define task_pt_regs(tsk)	(&(tsk)->thread.regs)
#define KSTK_EIP(tsk)		(0)
#define KSTK_ESP(tsk)		(0)

static inline void cpu_relax(void)
{
	__asm__ __volatile__("" : : : "memory");
}

static inline void start_thread(struct pt_regs *regs, unsigned long pc,
				unsigned long sp)
{
}

unsigned long __get_wchan(struct task_struct *p);
#endif

#endif
