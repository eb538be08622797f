// SPDX-License-Identifier: GPL-2.0-only
/*
 * Driving an instance: the host owns time, so "blocking" is the host
 * running the kernel at its deadlines until a pending call completes.
 * Every helper enters at lib_now(), the kernel's own clock, unless told a
 * time, and collects completions after every entry because they queue up
 * inside any entry, not only lib_run().
 *
 * A copy wired into a network (wire.c) shares the network's clock and its
 * waiting: a blocked call there completes because of what other copies
 * send, so waiting runs every copy's events in time order, not this
 * copy's deadlines alone.
 */
#include <string.h>
#include <time.h>
#include "instance.h"
#include "wire.h"

uint64_t inst_wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

uint64_t inst_now(struct lib_instance *in)
{
	return in->net ? wire_now(in->net) : in->now();
}

void inst_drain(struct lib_instance *in)
{
	struct lib_completion c[32];
	int i, n;

	while ((n = in->completions(c, 32)) > 0) {
		for (i = 0; i < n; i++) {
			if (in->nqueue == INST_QUEUE_MAX)
				inst_fatal("instance %d: %d unclaimed completions",
					   in->index, in->nqueue);
			in->queue[in->nqueue++] = c[i];
		}
	}
	if (n < 0)
		inst_fatal("instance %d: lib_completions = %d", in->index, n);
	if (in->net)
		wire_collect(in->net, in);
}

bool inst_take(struct lib_instance *in, int task, long *result)
{
	int i;

	for (i = 0; i < in->nqueue; i++) {
		if (in->queue[i].task != task)
			continue;
		if (result)
			*result = in->queue[i].result;
		memmove(&in->queue[i], &in->queue[i + 1],
			(in->nqueue - i - 1) * sizeof(in->queue[0]));
		in->nqueue--;
		return true;
	}
	return false;
}

/* After a run the kernel is idle: its next deadline is not in the past. */
static void check_deadline(struct lib_instance *in)
{
	uint64_t d = in->next_deadline(), now = in->now();

	if (d != LIB_NO_DEADLINE && d < now) {
		if (!in->deadline_errors) {
			in->bad_deadline = d;
			in->bad_deadline_now = now;
		}
		in->deadline_errors++;
	}
}

int inst_run(struct lib_instance *in, uint64_t t)
{
	int ret = INST_TIMED(in, in->run(t));

	inst_drain(in);
	if (!ret)
		check_deadline(in);
	return ret;
}

static uint64_t later(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

int inst_advance(struct lib_instance *in, uint64_t t)
{
	uint64_t d;
	int steps, ret;

	if (in->net) {
		wire_run_until(in->net, t);
		return 0;
	}
	for (steps = 0; (d = in->next_deadline()) <= t; steps++) {
		if (steps == INST_MAX_STEPS)
			inst_fatal("instance %d: %d deadlines before %llu ns (stuck at %llu?)",
				   in->index, steps, (unsigned long long)t,
				   (unsigned long long)d);
		ret = inst_run(in, later(d, in->now()));
		if (ret)
			return ret;
	}
	return inst_run(in, t);
}

void inst_step(struct lib_instance *in, uint64_t since)
{
	uint64_t d = in->next_deadline();
	int ret;

	if (in->net) {
		wire_step(in->net, since);
		return;
	}
	if (d == LIB_NO_DEADLINE)
		inst_fatal("instance %d: waiting for a call, but no deadline is armed (would block forever)",
			   in->index);
	if (d > since + INST_MAX_WAIT)
		inst_fatal("instance %d: waiting for a call, next deadline %llu ns is more than %llu s away",
			   in->index, (unsigned long long)d,
			   INST_MAX_WAIT / NS_PER_SEC);
	ret = inst_run(in, later(d, in->now()));
	if (ret)
		inst_fatal("instance %d: lib_run(%llu) = %d%s%s", in->index,
			   (unsigned long long)later(d, in->now()), ret,
			   in->panicked ? ", panic: " : "",
			   in->panicked ? in->panic_msg : "");
}

long inst_wait(struct lib_instance *in, int task)
{
	uint64_t since = inst_now(in);
	long result;
	int steps;

	for (steps = 0; steps < INST_MAX_STEPS; steps++) {
		if (inst_take(in, task, &result))
			return result;
		inst_step(in, since);
	}
	inst_fatal("instance %d: task %d still pending after %d deadlines",
		   in->index, task, steps);
}

int inst_submit_user(struct lib_instance *in, int task, long nr,
		     const long args[6], const struct lib_user_range *user,
		     int nuser, long *result)
{
	int ret = INST_TIMED(in, in->syscall(task, nr, args, user, nuser,
					     inst_now(in), result));

	inst_drain(in);
	return ret;
}

int inst_submit(struct lib_instance *in, int task, long nr,
		const long args[6], long *result)
{
	return inst_submit_user(in, task, nr, args, NULL, LIB_USER_ANY,
				result);
}

long inst_callv(struct lib_instance *in, int task, long nr,
		const long args[6])
{
	long result = 0;
	int ret = inst_submit(in, task, nr, args, &result);

	if (ret == LIB_DONE)
		return result;
	if (ret == LIB_PENDING)
		return inst_wait(in, task);
	inst_fatal("instance %d: lib_syscall(task %d, nr %ld) = %d%s%s",
		   in->index, task, nr, ret, in->panicked ? ", panic: " : "",
		   in->panicked ? in->panic_msg : "");
}

long inst_call(struct lib_instance *in, int task, long nr, long a0, long a1,
	       long a2, long a3, long a4, long a5)
{
	const long args[6] = { a0, a1, a2, a3, a4, a5 };

	return inst_callv(in, task, nr, args);
}

int inst_task(struct lib_instance *in, int share_files_with)
{
	int t = INST_TIMED(in, in->task_create(share_files_with,
						 inst_now(in)));

	inst_drain(in);
	if (t <= 0)
		inst_fatal("instance %d: lib_task_create(%d) = %d", in->index,
			   share_files_with, t);
	return t;
}

int inst_sysctl_get(struct lib_instance *in, const char *name, char *buf,
		    size_t len)
{
	int ret = INST_TIMED(in, in->sysctl_get(name, buf, len, inst_now(in)));

	inst_drain(in);
	return ret;
}

int inst_sysctl_set(struct lib_instance *in, const char *name,
		    const char *value)
{
	int ret = INST_TIMED(in, in->sysctl_set(name, value, inst_now(in)));

	inst_drain(in);
	return ret;
}

uint64_t inst_debug(struct lib_instance *in, int op, uint64_t arg)
{
	uint64_t out = 0;
	int ret = INST_TIMED(in, in->debug(op, arg, &out, inst_now(in)));

	inst_drain(in);
	if (ret)
		inst_fatal("instance %d: lib_debug(%d, %llu) = %d", in->index,
			   op, (unsigned long long)arg, ret);
	return out;
}

int inst_netdev_create(struct lib_instance *in, const char *name,
		       const uint8_t mac[6], unsigned int mtu)
{
	int ret = INST_TIMED(in, in->netdev_create(name, mac, mtu,
						   inst_now(in)));

	inst_drain(in);
	return ret;
}

int inst_netdev_carrier(struct lib_instance *in, int ifindex, int up)
{
	int ret = INST_TIMED(in, in->netdev_set_carrier(ifindex, up,
							inst_now(in)));

	inst_drain(in);
	return ret;
}

int inst_netdev_receive(struct lib_instance *in,
			const struct lib_frame *frames, int n)
{
	int ret = INST_TIMED(in, in->netdev_receive(frames, n, inst_now(in)));

	inst_drain(in);
	return ret;
}
