// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tasks the host submits system calls on.  Each is a real user task (a
 * thread of a process that is a child of init, not a kernel thread) that
 * sleeps until the host hands it a call, runs it, and sleeps again.  A call
 * that blocks simply leaves its task asleep in the kernel; the host learns
 * of its completion later.  lib_task_exit() ends a task: it returns from its
 * thread function, so it goes through do_exit() as any exiting thread does,
 * and the last task of a process takes the process with it.
 * lib_task_interrupt() interrupts a call in progress as a signal would:
 * it returns what the kernel returns then (-EINTR, or one of the
 * -ERESTART* codes, which the host's side of the program turns into a
 * restart or -EINTR by the handler's flags, as the signal delivery code
 * of an architecture does).
 */
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/vmstat.h>
#include "lib.h"

enum task_state { TASK_FREE, TASK_SUBMITTED, TASK_BUSY, TASK_DONE };

struct lib_process;

struct lib_task {
	int id;
	struct task_struct *task;
	struct lib_process *process;
	enum task_state state;
	bool pending;		/* the host was told LIB_PENDING */
	bool exiting;		/* lib_task_exit() was called */
	long nr;
	long args[6];
	long result;
	int nuser;
	struct lib_user_range user[LIB_USER_MAX];
	struct list_head done;
};

static DEFINE_IDR(tasks);
static LIST_HEAD(completed);
static unsigned int nr_completed;

static int task_main(void *arg)
{
	struct lib_task *t = arg;

	/*
	 * No timer slack: a simulated machine has no interrupt latency to
	 * batch timers against, so a sleep or a poll timeout ends exactly at
	 * the time it asks for (sleep(2) from 5 s wakes at 7 s, not 7.00005 s).
	 */
	current->timer_slack_ns = 0;
	current->default_timer_slack_ns = 0;

	for (;;) {
		set_current_state(TASK_IDLE);
		if (t->exiting)
			break;
		if (t->state != TASK_SUBMITTED) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		t->state = TASK_BUSY;
		lib_user_enter(t->user, t->nuser);
		t->result = lib_syscall_run(t->nr, t->args);
		lib_user_leave();
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
		if (t->exiting)
			break;
		t->state = TASK_DONE;
		if (t->pending) {
			list_add_tail(&t->done, &completed);
			nr_completed++;
		}
	}
	__set_current_state(TASK_RUNNING);
	flush_signals(current);
	kfree(t);
	return 0;	/* thread_entry() calls do_exit() */
}

/*
 * A process is a thread group whose leader never runs system calls: it
 * only clones the group's threads, the tasks the host submits calls on.
 * A thread can be added while every other thread is blocked in a call.
 */
struct lib_process {
	struct task_struct *leader;
	struct lib_task *spawn;		/* the thread the leader is to clone */
	long spawned;			/* its tid, or -errno */
	struct completion done;
	unsigned int nr_tasks;		/* host tasks not yet exited */
	bool exiting;			/* the last one exited: so does the leader */
};

static int leader_main(void *arg)
{
	struct lib_process *p = arg;
	const unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES |
				    CLONE_SIGHAND | CLONE_THREAD;

	for (;;) {
		set_current_state(TASK_IDLE);
		if (p->exiting)
			break;
		if (!p->spawn) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		p->spawned = user_mode_thread(task_main, p->spawn, flags);
		p->spawn = NULL;
		complete(&p->done);
	}
	__set_current_state(TASK_RUNNING);
	put_task_struct(p->leader);
	kfree(p);
	/*
	 * thread_entry() calls do_exit(): the group's files, fs and signal
	 * handlers are released once its last thread is gone, and init,
	 * which ignores SIGCHLD, reaps the group leader.
	 */
	return 0;
}

static struct lib_process *process_new(void)
{
	struct lib_process *p = kzalloc(sizeof(*p), GFP_KERNEL);
	pid_t pid;

	if (!p)
		return ERR_PTR(-ENOMEM);
	init_completion(&p->done);
	pid = user_mode_thread(leader_main, p, SIGCHLD);
	if (pid < 0) {
		kfree(p);
		return ERR_PTR(pid);
	}
	rcu_read_lock();
	p->leader = find_task_by_vpid(pid);
	get_task_struct(p->leader);
	rcu_read_unlock();
	return p;
}

/* The process has no host task left: its leader exits. */
static void process_end(struct lib_process *p)
{
	p->exiting = true;
	wake_up_process(p->leader);
}

/* Asks the leader of `p` to clone `t`; waits for it (no time passes). */
static long process_clone(struct lib_process *p, struct lib_task *t)
{
	struct task_struct *task;

	p->spawn = t;
	wake_up_process(p->leader);
	wait_for_completion(&p->done);
	if (p->spawned < 0)
		return p->spawned;
	rcu_read_lock();
	task = find_task_by_vpid(p->spawned);
	get_task_struct(task);
	rcu_read_unlock();
	t->task = task;
	return 0;
}

/* Runs in init: a new process, or a thread of the task `share_with`. */
int lib_tasks_spawn(int share_with)
{
	struct lib_process *p;
	struct lib_task *t;
	long err;
	int id;

	/*
	 * Each task costs a kernel stack and its task_struct.  Refused while
	 * less than 1/16 of RAM is free, so that tasks alive at once cannot
	 * take the memory the network stack needs: out of memory, the kernel
	 * finds nothing it may kill and panics ("System is deadlocked on
	 * memory").
	 */
	if (global_zone_page_state(NR_FREE_PAGES) < totalram_pages() / 16)
		return -ENOMEM;
	if (share_with) {
		struct lib_task *owner = idr_find(&tasks, share_with);

		if (!owner)
			return -ESRCH;
		p = owner->process;
	} else {
		p = process_new();
		if (IS_ERR(p))
			return PTR_ERR(p);
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t) {
		if (!p->nr_tasks)
			process_end(p);
		return -ENOMEM;
	}
	t->process = p;
	INIT_LIST_HEAD(&t->done);
	err = process_clone(p, t);
	if (err) {
		kfree(t);
		if (!p->nr_tasks)
			process_end(p);
		return err;
	}
	/*
	 * Cyclic, so that the id of a task that exited is not handed out
	 * again soon and a stale id is refused instead of reaching another.
	 */
	id = idr_alloc_cyclic(&tasks, t, 1, 0, GFP_KERNEL);
	if (id < 0) {
		t->exiting = true;
		wake_up_process(t->task);
		put_task_struct(t->task);
		if (!p->nr_tasks)
			process_end(p);
		return id;
	}
	t->id = id;
	p->nr_tasks++;
	return id;
}

/* Whether t has a call in progress. */
static bool in_call(const struct lib_task *t)
{
	return t->state == TASK_SUBMITTED || t->state == TASK_BUSY;
}

/* Makes sig pending for this thread alone and wakes it, as complete_signal() does. */
static void signal_thread(struct task_struct *task, int sig)
{
	unsigned long flags;

	spin_lock_irqsave(&task->sighand->siglock, flags);
	sigaddset(&task->pending.signal, sig);
	signal_wake_up(task, sig == SIGKILL);
	spin_unlock_irqrestore(&task->sighand->siglock, flags);
}

/*
 * Runs in init: ends the task `id`.  A call it has pending is interrupted
 * as by SIGKILL, for this thread only (a SIGKILL sent to the thread would
 * end its whole thread group), and is never reported.
 */
int lib_tasks_end(int id)
{
	struct lib_task *t = id > 0 ? idr_find(&tasks, id) : NULL;
	struct task_struct *task;

	if (!t)
		return -ESRCH;
	idr_remove(&tasks, id);
	if (!list_empty(&t->done)) {
		list_del_init(&t->done);
		nr_completed--;
	}
	task = t->task;
	t->exiting = true;
	/* What complete_signal() does to each thread of a group exit. */
	if (in_call(t))
		signal_thread(task, SIGKILL);
	else
		wake_up_process(task);
	if (!--t->process->nr_tasks)
		process_end(t->process);
	/* t belongs to its thread now, which frees it on its way out. */
	put_task_struct(task);
	return 0;
}

/*
 * Runs in init: interrupts the call task `id` has in progress, as a
 * signal sent to that thread would.  The signal itself never reaches
 * anyone: a task has no user mode to run a handler in, and task_main()
 * flushes it once the call returns.  1 if a call was interrupted, 0 if
 * the task had none in progress.
 */
int lib_tasks_interrupt(int id)
{
	struct lib_task *t = id > 0 ? idr_find(&tasks, id) : NULL;

	if (!t)
		return -ESRCH;
	if (!in_call(t))
		return 0;
	/*
	 * SIGALRM stands for whatever the host delivers: a task blocks no
	 * signal, so any but SIGKILL and SIGSTOP makes signal_pending() true
	 * without making the task's exit look fatal.
	 */
	signal_thread(t->task, SIGALRM);
	return 1;
}

/* Copies the ranges of a call into `t`, refusing what cannot be right. */
static int user_ranges(struct lib_task *t, const struct lib_user_range *user,
		       int nuser)
{
	int i;

	if (nuser == LIB_USER_ANY) {
		t->nuser = nuser;
		return 0;
	}
	if (nuser < 0 || nuser > LIB_USER_MAX || (nuser && !user))
		return -EINVAL;
	for (i = 0; i < nuser; i++) {
		if (user[i].addr + user[i].len < user[i].addr)
			return -EINVAL;
		t->user[i] = user[i];
	}
	t->nuser = nuser;
	return 0;
}

LIB_API int lib_syscall(int task, long nr, const long args[6],
			const struct lib_user_range *user, int nuser,
			uint64_t now, long *result)
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
	ret = user_ranges(t, user, nuser);
	if (ret)
		return ret;
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
		nr_completed--;
		out[n].task = t->id;
		out[n].reserved = 0;
		out[n].result = t->result;
		t->pending = false;
		t->state = TASK_FREE;
		n++;
	}
	lib_status_update();
	return n;
}

unsigned int lib_completions_waiting(void)
{
	return nr_completed;
}
