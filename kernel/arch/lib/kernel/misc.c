// SPDX-License-Identifier: GPL-2.0-only
/*
 * The remaining hooks every architecture provides; on a library they have
 * little to do.
 */
#include <linux/kernel.h>
#include <linux/reboot.h>
#include <linux/pm.h>
#include <linux/ptrace.h>
#include <linux/regset.h>
#include <linux/seq_file.h>
#include "lib.h"

/* reboot(2) is refused at the boundary; these end the instance anyway. */
void machine_restart(char *cmd)
{
	lib_die("machine restart");
}

void machine_halt(void)
{
	lib_die("machine halt");
}

void machine_power_off(void)
{
	lib_die("machine power off");
}

/* Tasks have no user-mode registers, so there is nothing to trace. */
const struct user_regset_view *task_user_regset_view(struct task_struct *task)
{
	return NULL;
}

void ptrace_disable(struct task_struct *child)
{
}

long arch_ptrace(struct task_struct *child, long request,
		 unsigned long addr, unsigned long data)
{
	return -EIO;
}

void show_regs(struct pt_regs *regs)
{
	show_regs_print_info(KERN_DEFAULT);
}

/* /proc/cpuinfo: one virtual CPU. */
static void *cpuinfo_start(struct seq_file *m, loff_t *pos)
{
	return *pos == 0 ? (void *)1 : NULL;
}

static void *cpuinfo_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return NULL;
}

static void cpuinfo_stop(struct seq_file *m, void *v)
{
}

static int cpuinfo_show(struct seq_file *m, void *v)
{
	seq_puts(m, "processor\t: 0\nmodel name\t: liblinux virtual CPU\n\n");
	return 0;
}

const struct seq_operations cpuinfo_op = {
	.start	= cpuinfo_start,
	.next	= cpuinfo_next,
	.stop	= cpuinfo_stop,
	.show	= cpuinfo_show,
};
