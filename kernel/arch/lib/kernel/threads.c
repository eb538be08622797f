// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tasks as coroutines: every kernel task has its own stack (allocated by
 * the kernel's own fork code from host memory), and switching tasks is a
 * stack switch on the one host thread that drives this instance.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/sched/signal.h>
#include <linux/printk.h>
#include <asm/switch_to.h>
#include "lib.h"

struct task_struct *lib_current_task = &init_task;

struct task_struct *__switch_to(struct task_struct *prev,
				struct task_struct *next)
{
	lib_current_task = next;
	return lib_ctx_switch(&prev->thread.sp, next->thread.sp, prev);
}

/* The first code a new task runs; `handover` is the task it replaced. */
static void thread_entry(void *handover, void *arg)
{
	struct task_struct *self = arg;
	int ret;

	schedule_tail(handover);
	ret = self->thread.fn(self->thread.arg);
	/*
	 * A thread function that returns has exec'd and would now enter
	 * user mode.  Only init does that here (see init.c): instead of a
	 * user program, it serves the host's requests.
	 */
	if (is_global_init(self))
		lib_control_loop();
	do_exit(ret);
}

int copy_thread(struct task_struct *p, const struct kernel_clone_args *args)
{
	/* There is no user mode to clone: every task runs a kernel function. */
	if (!args->fn)
		return -EINVAL;
	memset(&p->thread, 0, sizeof(p->thread));
	p->thread.fn = args->fn;
	p->thread.arg = args->fn_arg;
	p->thread.sp = lib_ctx_prepare((char *)task_stack_page(p) + THREAD_SIZE,
				       thread_entry, p);
	return 0;
}

void flush_thread(void)
{
}

unsigned long __get_wchan(struct task_struct *p)
{
	return 0;
}

void show_stack(struct task_struct *task, unsigned long *sp,
		const char *loglvl)
{
	/* No unwinder: the host's debugger sees the real stack. */
}
