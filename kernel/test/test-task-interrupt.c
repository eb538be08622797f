// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib_task_interrupt(): a call waiting in the kernel ends as a signal
 * would end it, with the code the kernel returns then (the caller's
 * restart rules need the exact one), and the task is clean afterwards:
 * its next call waits as usual.
 */
#include <errno.h>
#include <time.h>
#include "net.h"
#include "runner.h"

#define ERESTARTSYS		512
#define ERESTART_RESTARTBLOCK	516
#define SYS_RESTART_SYSCALL	128	/* asm-generic: restart_syscall */

static int interrupt(struct lib_instance *in, int task)
{
	int ret = in->task_interrupt(task, inst_now(in));

	inst_drain(in);
	return ret;
}

/* A blocking accept() ends with -ERESTARTSYS; the next accept() waits for a peer again. */
static int test_accept_interrupted(void)
{
	struct lib_instance *in = inst_new(1);
	int srv = net_task(in), cli = inst_task(in, 0);
	long args[6] = { 0 }, result = 0, fd;
	struct net_addr a;

	net_addr(&a, "127.0.0.1", 5040);
	args[0] = SYS(in, srv, LIB_SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK(args[0] >= 0, "socket = %ld", args[0]);
	CHECK_EQ(SYS(in, srv, LIB_SYS_bind, args[0], P(&a.sa), a.len), 0);
	CHECK_EQ(SYS(in, srv, LIB_SYS_listen, args[0], 4), 0);
	CHECK_EQ(inst_submit(in, srv, LIB_SYS_accept, args, &result), LIB_PENDING);
	CHECK_EQ(interrupt(in, srv), 1);
	CHECK(inst_take(in, srv, &result), "the interrupted accept() was not reported");
	CHECK_EQ(result, -ERESTARTSYS);
	/* Nothing left pending on the task: the same call waits again, and a peer completes it. */
	CHECK_EQ(inst_submit(in, srv, LIB_SYS_accept, args, &result), LIB_PENDING);
	inst_advance(in, inst_now(in) + 10 * NS_PER_MS);
	CHECK(!inst_take(in, srv, &result), "accept() returned %ld with no peer", result);
	fd = SYS(in, cli, LIB_SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK_EQ(SYS(in, cli, LIB_SYS_connect, fd, P(&a.sa), a.len), 0);
	result = inst_wait(in, srv);
	CHECK(result >= 0, "accept() after the interrupt = %ld", result);
	return 0;
}

/*
 * nanosleep() ends with -ERESTART_RESTARTBLOCK; restart_syscall on the
 * same task sleeps the rest, to the nanosecond, as an architecture's
 * restart after an ignored signal does.
 */
static int test_nanosleep_restarted(void)
{
	struct lib_instance *in = inst_new(1);
	int task = inst_task(in, 0);
	struct timespec ts = { 1, 0 };
	long result = 0, args[6] = { P(&ts), 0 };
	uint64_t start = inst_now(in);

	CHECK_EQ(inst_submit(in, task, LIB_SYS_nanosleep, args, &result), LIB_PENDING);
	CHECK_EQ(inst_advance(in, start + 300 * NS_PER_MS), 0);
	CHECK_EQ(interrupt(in, task), 1);
	CHECK(inst_take(in, task, &result), "the interrupted nanosleep() was not reported");
	CHECK_EQ(result, -ERESTART_RESTARTBLOCK);
	CHECK_EQ(inst_submit(in, task, SYS_RESTART_SYSCALL, (const long[6]){ 0 }, &result),
		 LIB_PENDING);
	CHECK_EQ(inst_wait(in, task), 0);
	CHECK_EQU(inst_now(in), start + NS_PER_SEC);
	return 0;
}

/* Nothing pending: nothing to interrupt; ids that are no task are refused. */
static int test_idle_and_unknown(void)
{
	struct lib_instance *in = inst_new(1);
	int task = inst_task(in, 0);
	long pid;

	CHECK_EQ(interrupt(in, task), 0);
	/* The next call does not see a signal left behind. */
	pid = SYS(in, task, LIB_SYS_getpid, 0);
	CHECK(pid > 1, "getpid = %ld", pid);
	CHECK_EQ(interrupt(in, 0), -ESRCH);
	CHECK_EQ(interrupt(in, 12345), -ESRCH);
	return 0;
}

const struct test task_interrupt_tests[] = {
	{ "task_interrupt_accept", test_accept_interrupted },
	{ "task_interrupt_nanosleep_restarted", test_nanosleep_restarted },
	{ "task_interrupt_idle_and_unknown", test_idle_and_unknown },
	{ NULL, NULL },
};
