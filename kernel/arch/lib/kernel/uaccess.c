// SPDX-License-Identifier: GPL-2.0-only
/*
 * User memory.  A system call's "user" memory is host memory, and the
 * host declares which: lib_syscall() takes the ranges a call may use
 * (its buffers, the msghdr and iovec it built, ...) and the task running
 * the call carries them in its thread_info.  Every copy to or from user
 * memory is checked against them, so that an address a program made up,
 * or a pointer inside a structure it passed, is -EFAULT rather than a
 * read or write of the simulator's own memory.  Outside a call (kernel
 * threads, softirqs, timers) a task has no user memory at all.
 *
 * A copy that runs past the end of its range copies what lies inside and
 * reports the rest as not copied, as a copy into an unmapped page does.
 */
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "lib.h"

/* How many of the `n` bytes at `addr` the running call may use. */
static unsigned long user_span(unsigned long addr, unsigned long n)
{
	const struct thread_info *ti = current_thread_info();
	int i;

	if (ti->nuser == LIB_USER_ANY)
		return addr >= LIB_USER_MIN ? n : 0;
	for (i = 0; i < ti->nuser; i++) {
		const struct lib_user_range *r = &ti->user[i];

		if (addr >= r->addr && addr - r->addr < r->len)
			return min_t(unsigned long, n, r->len - (addr - r->addr));
	}
	return 0;
}

unsigned long lib_copy_from_user(void *to, const void __user *from,
				 unsigned long n)
{
	unsigned long ok = n ? user_span((unsigned long)from, n) : 0;

	memcpy(to, (const void __force *)from, ok);
	return n - ok;
}

unsigned long lib_copy_to_user(void __user *to, const void *from,
			       unsigned long n)
{
	unsigned long ok = n ? user_span((unsigned long)to, n) : 0;

	memcpy((void __force *)to, from, ok);
	return n - ok;
}

unsigned long lib_clear_user(void __user *to, unsigned long n)
{
	unsigned long ok = n ? user_span((unsigned long)to, n) : 0;

	memset((void __force *)to, 0, ok);
	return n - ok;
}

/*
 * The string at `src` must end inside its range: a string that runs off
 * the end of what the host declared is a fault, not a longer string.
 */
long strncpy_from_user(char *dst, const char __user *src, long count)
{
	unsigned long avail, len;

	if (count <= 0)
		return 0;
	avail = user_span((unsigned long)src, count);
	if (!avail)
		return -EFAULT;
	len = strnlen((const char __force *)src, avail);
	if (len == avail && avail < (unsigned long)count)
		return -EFAULT;
	/* With its NUL when it fits, as the generic version copies. */
	memcpy(dst, (const char __force *)src, min(len + 1, avail));
	return len;
}

/* The length with the NUL; count + 1 if longer than count; 0 on a fault. */
long strnlen_user(const char __user *src, long count)
{
	unsigned long avail, len;

	if (count <= 0)
		return 0;
	avail = user_span((unsigned long)src, count);
	if (!avail)
		return 0;
	len = strnlen((const char __force *)src, avail);
	if (len < avail)
		return len + 1;
	return avail < (unsigned long)count ? 0 : count + 1;
}

void lib_user_enter(const struct lib_user_range *user, int nuser)
{
	struct thread_info *ti = current_thread_info();

	ti->user = user;
	ti->nuser = nuser;
}

void lib_user_leave(void)
{
	lib_user_enter(NULL, 0);
}
