// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tasks the host submits system calls on.  Each is a real task (a child of
 * init, not a kernel thread) that sleeps until the host hands it a call,
 * runs it, and sleeps again.  A call that blocks simply leaves its task
 * asleep in the kernel; the host learns of its completion later.
 */
#include <linux/fdtable.h>
#include <linux/idr.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include "lib.h"

long lib_syscall_run(long nr, const long *args);
bool lib_syscall_refused(long nr);

enum task_state { TASK_FREE, TASK_SUBMITTED, TASK_BUSY, TASK_DONE };

struct lib_task {
	int id;
	struct task_struct *task;
	struct files_struct *adopt_files;
	enum task_state state;
	bool pending;		/* the host was told LIB_PENDING */
	long nr;
	long args[6];
	long result;
	struct list_head done;
};

static DEFINE_IDR(tasks);
static LIST_HEAD(completed);

static void adopt_files(struct files_struct *files)
{
	struct files_struct *old;

	task_lock(current);
	old = current->files;
	current->files = files;
	task_unlock(current);
	put_files_struct(old);
}

static int task_main(void *arg)
{
	struct lib_task *t = arg;

	if (t->adopt_files) {
		adopt_files(t->adopt_files);
		t->adopt_files = NULL;
	}
	for (;;) {
		set_current_state(TASK_IDLE);
		if (t->state != TASK_SUBMITTED) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		t->state = TASK_BUSY;
		t->result = lib_syscall_run(t->nr, t->args);
		/*
		 * There is no user mode to deliver signals to (a SIGPIPE, say):
		 * left pending they would interrupt every later wait.
		 */
		flush_signals(current);
		/*
		 * Work queued for the return to user mode, such as the final
		 * fput() of a closed socket, runs here instead.
		 */
		task_work_run();
		t->state = TASK_DONE;
		if (t->pending)
			list_add_tail(&t->done, &completed);
	}
	return 0;
}

/* Runs in init: creates the task, a thread of `share_with` if non-zero. */
int lib_tasks_spawn(int share_with)
{
	struct files_struct *files = NULL;
	struct lib_task *t;
	pid_t pid;
	int id;

	if (share_with) {
		struct lib_task *owner = idr_find(&tasks, share_with);

		if (!owner)
			return -ESRCH;
		task_lock(owner->task);
		files = owner->task->files;
		if (files)
			atomic_inc(&files->count);
		task_unlock(owner->task);
		if (!files)
			return -ESRCH;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		goto nomem;
	id = idr_alloc(&tasks, t, 1, 0, GFP_KERNEL);
	if (id < 0)
		goto free;
	t->id = id;
	t->adopt_files = files;
	INIT_LIST_HEAD(&t->done);
	pid = user_mode_thread(task_main, t, SIGCHLD);
	if (pid < 0) {
		idr_remove(&tasks, id);
		kfree(t);
		if (files)
			put_files_struct(files);
		return pid;
	}
	rcu_read_lock();
	t->task = find_task_by_vpid(pid);
	get_task_struct(t->task);
	rcu_read_unlock();
	return id;
free:
	kfree(t);
nomem:
	if (files)
		put_files_struct(files);
	return -ENOMEM;
}

LIB_API int lib_syscall(int task, long nr, const long args[6], uint64_t now,
			long *result)
{
	struct lib_task *t;
	int ret = lib_enter_check(now);

	if (ret)
		return ret;
	if (!result)
		return -EINVAL;
	t = task > 0 ? idr_find(&tasks, task) : NULL;
	if (!t)
		return -ESRCH;
	if (t->state != TASK_FREE)
		return -EBUSY;
	if (lib_syscall_refused(nr))
		return -ENOSYS;
	t->nr = nr;
	if (args)
		memcpy(t->args, args, sizeof(t->args));
	else
		memset(t->args, 0, sizeof(t->args));
	t->pending = false;
	t->state = TASK_SUBMITTED;
	ret = lib_enter(now, t->task);
	if (ret)
		return ret;
	if (t->state == TASK_DONE) {
		*result = t->result;
		t->state = TASK_FREE;
		return LIB_DONE;
	}
	t->pending = true;
	return LIB_PENDING;
}

LIB_API int lib_completions(struct lib_completion *out, int max)
{
	struct lib_task *t, *next;
	int n = 0;

	if (!out || max <= 0)
		return 0;
	list_for_each_entry_safe(t, next, &completed, done) {
		if (n == max)
			break;
		list_del_init(&t->done);
		out[n].task = t->id;
		out[n].reserved = 0;
		out[n].result = t->result;
		t->pending = false;
		t->state = TASK_FREE;
		n++;
	}
	return n;
}
