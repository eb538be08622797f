// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tasks: lib_task_create(existing) is a thread sharing the file table,
 * lib_task_create(0) a separate process with its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include "net.h"
#include "runner.h"

static int test_thread_shares_fds(void)
{
	struct lib_instance *in = inst_new(1);
	int t1 = net_task(in), t2 = inst_task(in, t1);
	long fd, port;

	CHECK(t2 != t1, "thread got the same id %d", t1);
	fd = net_udp_socket(in, t1, "127.0.0.1", 5020, 0);
	CHECK(fd >= 0, "socket: %ld", fd);
	/* The thread sees the socket its sibling opened ... */
	port = net_local_port(in, t2, fd);
	CHECK_EQ(port, 5020);
	/* ... and closing it there closes it for both. */
	CHECK_EQ(SYS(in, t2, LIB_SYS_close, fd), 0);
	CHECK_EQ(SYS(in, t1, LIB_SYS_fcntl, fd, F_GETFD), -EBADF);
	return 0;
}

static int test_process_has_own_fds(void)
{
	struct lib_instance *in = inst_new(1);
	int t1 = net_task(in), t2;
	long fd;

	fd = net_udp_socket(in, t1, "127.0.0.1", 5021, 0);
	CHECK(fd >= 0, "socket: %ld", fd);
	t2 = inst_task(in, 0);
	CHECK(t2 != t1, "new process got the same id %d", t1);
	CHECK_EQ(SYS(in, t2, LIB_SYS_fcntl, fd, F_GETFD), -EBADF);
	CHECK_EQ(net_local_port(in, t2, fd), -EBADF);
	/* Still open where it was created. */
	CHECK_EQ(net_local_port(in, t1, fd), 5021);
	return 0;
}

/*
 * The header calls a task made with share_files_with a thread of that
 * task's process: same pid (thread group); a new process has its own.
 */
static int test_pids(void)
{
	struct lib_instance *in = inst_new(1);
	int t1 = inst_task(in, 0), t2 = inst_task(in, 0);
	int t3 = inst_task(in, t1);
	long p1 = SYS(in, t1, LIB_SYS_getpid, 0);
	long p2 = SYS(in, t2, LIB_SYS_getpid, 0);
	long p3 = SYS(in, t3, LIB_SYS_getpid, 0);

	CHECK(p1 > 1 && p2 > 1, "getpid = %ld, %ld", p1, p2);
	CHECK(p1 != p2, "two processes with one pid %ld", p1);
	CHECK(p3 == p1, "thread of pid %ld has pid %ld", p1, p3);
	return 0;
}

/* One thread blocks on a socket while its sibling sends to it. */
static int test_block_while_sibling_sends(void)
{
	struct lib_instance *in = inst_new(1);
	int t1 = net_task(in), t2 = inst_task(in, t1);
	static const char msg[] = "from the sibling";
	char buf[64] = "";
	struct net_addr to;
	long rx, tx, result, args[6] = { 0 };

	rx = net_udp_socket(in, t1, "127.0.0.1", 5022, 0);
	tx = net_udp_socket(in, t1, "127.0.0.1", 0, 0);
	CHECK(rx >= 0 && tx >= 0, "sockets: %ld %ld", rx, tx);
	args[0] = rx;
	args[1] = P(buf);
	args[2] = sizeof(buf);
	CHECK_EQ(inst_submit(in, t2, LIB_SYS_recvfrom, args, &result),
		 LIB_PENDING);
	net_addr(&to, "127.0.0.1", 5022);
	CHECK_EQ(SYS(in, t1, LIB_SYS_sendto, tx, P(msg), sizeof(msg), 0,
		     P(&to.sa), to.len), sizeof(msg));
	CHECK_EQ(inst_wait(in, t2), sizeof(msg));
	CHECK(!strcmp(buf, msg), "received \"%s\"", buf);
	return 0;
}

static int test_unknown_owner(void)
{
	struct lib_instance *in = inst_new(1);
	int ret;

	ret = in->task_create(4242, in->now());
	CHECK_EQ(ret, -ESRCH);
	ret = in->task_create(-1, in->now());
	CHECK_EQ(ret, -ESRCH);
	return 0;
}

const struct test threads_tests[] = {
	{ "task-thread-shares-fds", test_thread_shares_fds },
	{ "task-process-own-fds-ebadf", test_process_has_own_fds },
	{ "task-thread-same-pid", test_pids },
	{ "task-block-while-sibling-sends", test_block_while_sibling_sends },
	{ "task-create-unknown-esrch", test_unknown_owner },
	{ NULL, NULL },
};
