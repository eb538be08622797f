// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system call table: Linux's own asm-generic numbering, calling the
 * kernel's real sys_* functions.  Arguments are host values; pointers are
 * host pointers, which copy_{from,to}_user reach only inside the ranges
 * the host declared for the call (uaccess.c).
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/syscalls.h>
#include <asm/unistd.h>
#include "lib.h"

typedef long (*syscall_fn)(long, long, long, long, long, long);

/* Calls that only make sense for a user-mode process, or end the kernel. */
static const short refused[] = {
	__NR_exit, __NR_exit_group, __NR_execve, __NR_execveat, __NR_clone,
	__NR_clone3, __NR_rt_sigreturn, __NR_reboot, __NR_vhangup,
};

#define sys_mmap		sys_ni_syscall
#define sys_rt_sigreturn	sys_ni_syscall

#undef __SYSCALL
#define __SYSCALL(nr, call) [nr] = (syscall_fn)(call),

static const syscall_fn table[__NR_syscalls] = {
	[0 ... __NR_syscalls - 1] = (syscall_fn)sys_ni_syscall,
#include <asm/unistd.h>
};

bool lib_syscall_refused(long nr)
{
	size_t i;

	if (nr < 0 || nr >= __NR_syscalls)
		return true;
	for (i = 0; i < ARRAY_SIZE(refused); i++)
		if (nr == refused[i])
			return true;
	return false;
}

long lib_syscall_run(long nr, const long *a)
{
	/*
	 * Restart codes (-ERESTARTSYS and the like) are returned as they
	 * are: only lib_task_interrupt() makes them, and its caller turns
	 * them into a restart or -EINTR by the handler it runs, as the
	 * signal delivery code of an architecture does on the way back to
	 * user mode.
	 */
	return table[nr](a[0], a[1], a[2], a[3], a[4], a[5]);
}
