// SPDX-License-Identifier: GPL-2.0-only
/*
 * Faults: a BUG() kills its own instance, tells the host once, and
 * leaves every other instance in the process running.
 */
#include <errno.h>
#include <string.h>
#include "net.h"
#include "runner.h"

/* sysctl and a UDP exchange: a kernel that is fully alive. */
static int alive(struct lib_instance *in)
{
	static const char msg[] = "alive";
	char buf[16] = "";
	struct net_addr to;
	int task = net_task(in);
	long rx, tx;

	CHECK_EQ(inst_sysctl_get(in, "net.ipv4.ip_forward", buf, sizeof(buf)), 1);
	CHECK(!strcmp(buf, "0"), "instance %d: ip_forward = %s", in->index, buf);
	rx = net_udp_socket(in, task, "127.0.0.1", 5050, 0);
	tx = net_udp_socket(in, task, "127.0.0.1", 0, 0);
	CHECK(rx >= 0 && tx >= 0, "instance %d: sockets %ld %ld", in->index,
	      rx, tx);
	net_addr(&to, "127.0.0.1", 5050);
	CHECK_EQ(SYS(in, task, LIB_SYS_sendto, tx, P(msg), sizeof(msg), 0,
		     P(&to.sa), to.len), sizeof(msg));
	CHECK_EQ(SYS(in, task, LIB_SYS_recvfrom, rx, P(buf), sizeof(buf), 0, 0,
		     0), sizeof(msg));
	CHECK(!strcmp(buf, msg), "instance %d: received \"%s\"", in->index,
	      buf);
	CHECK_EQ(inst_advance(in, in->now() + NS_PER_SEC), 0);
	return 0;
}

static int test_bug(void)
{
	struct lib_instance *in[3];
	long result, args[6] = { 0 };
	uint64_t out, now;
	char buf[16];
	int i, task;

	for (i = 0; i < 3; i++)
		in[i] = inst_new(10 + i);
	task = inst_task(in[1], 0);
	now = in[1]->now();

	CHECK_EQ(in[1]->debug(LIB_DEBUG_BUG, 0, &out, now), LIB_EDEAD);
	CHECK(in[1]->panicked, "panic callback not called");
	CHECK(strstr(in[1]->panic_msg, "BUG"),
	      "panic message \"%s\" does not mention BUG", in[1]->panic_msg);
	note("panic message: %s", in[1]->panic_msg);

	/* Dead for good, whatever the entry. */
	CHECK_EQ(in[1]->run(now + NS_PER_MS), LIB_EDEAD);
	CHECK_EQ(in[1]->syscall(task, LIB_SYS_getpid, args, NULL,
				LIB_USER_ANY, now + NS_PER_MS, &result),
		 LIB_EDEAD);
	CHECK_EQ(in[1]->sysctl_get("net.ipv4.ip_forward", buf, sizeof(buf),
				   now + NS_PER_MS), LIB_EDEAD);
	CHECK_EQ(in[1]->sysctl_set("net.ipv4.ip_forward", "1",
				   now + NS_PER_MS), LIB_EDEAD);
	CHECK_EQ(in[1]->task_create(0, now + NS_PER_MS), LIB_EDEAD);
	CHECK_EQ(in[1]->debug(LIB_DEBUG_JIFFIES, 0, &out, now + NS_PER_MS),
		 LIB_EDEAD);
	CHECK_EQ(in[1]->init(&in[1]->ops, now + NS_PER_MS), LIB_EDEAD);
	CHECK_EQU(in[1]->next_deadline(), LIB_NO_DEADLINE);

	/* The panic is reported once, not on every later call. */
	in[1]->panicked = false;
	CHECK_EQ(in[1]->run(now + 2 * NS_PER_MS), LIB_EDEAD);
	CHECK(!in[1]->panicked, "panic callback called again");

	if (alive(in[0]) || alive(in[2]))
		return -1;
	return 0;
}

/* A BUG() while another task has a call pending kills that call too. */
static int test_bug_with_pending(void)
{
	struct lib_instance *in = inst_new(1);
	int task = net_task(in);
	long fd, result, buf, args[6] = { 0 };
	struct lib_completion c[4];
	uint64_t out;

	fd = net_udp_socket(in, task, "127.0.0.1", 5051, 0);
	CHECK(fd >= 0, "socket: %ld", fd);
	args[0] = fd;
	args[1] = P(&buf);
	args[2] = sizeof(buf);
	CHECK_EQ(inst_submit(in, task, LIB_SYS_recvfrom, args, &result),
		 LIB_PENDING);
	CHECK_EQ(in->debug(LIB_DEBUG_BUG, 0, &out, in->now()), LIB_EDEAD);
	CHECK_EQ(in->run(in->now() + NS_PER_SEC), LIB_EDEAD);
	CHECK(in->completions(c, 4) <= 0, "a dead kernel completed a call");
	return 0;
}

const struct test fault_tests[] = {
	{ "fault-bug-kills-only-its-instance", test_bug },
	{ "fault-bug-with-pending-call", test_bug_with_pending },
	{ NULL, NULL },
};
