// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib_task_exit(): a task ends as an exiting thread does, the last one of a
 * process takes the process (and its files) with it, and everything it
 * held comes back: memory, its pid, its id (refused from then on).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net.h"
#include "runner.h"

#define CYCLES		5000
/* Slab and page-cache noise allowed between two readings of MemFree. */
#define MARGIN_KB	512

static int task_exit(struct lib_instance *in, int task)
{
	int ret = in->task_exit(task, inst_now(in));

	inst_drain(in);
	return ret;
}

/* MemFree of /proc/meminfo in KiB, read by `task`; -1 if not found. */
static long mem_free_kb(struct lib_instance *in, int task)
{
	static char buf[4096];
	const char *line;

	if (net_file_read(in, task, "/proc/meminfo", buf, sizeof(buf)) <= 0)
		return -1;
	line = strstr(buf, "MemFree:");
	return line ? strtol(line + strlen("MemFree:"), NULL, 10) : -1;
}

/* Lets RCU callbacks and deferred frees run: 100 ms of kernel time. */
static void settle(struct lib_instance *in)
{
	inst_advance(in, inst_now(in) + 100 * NS_PER_MS);
}

/*
 * 5,000 processes, each with a thread, in a 64 MiB node (the default
 * threads-max of 64 MiB allows about 240 tasks alive at once): each runs a
 * call on both tasks, opens a socket, and exits.  Free memory ends within
 * MARGIN_KB of where it was after the first few.
 */
static int test_create_exit_cycles(void)
{
	struct lib_instance *in = inst_new(1);
	int meter = inst_task(in, 0);
	long before = 0, after, pid, fd;
	int i, t, th;

	for (i = 0; i < CYCLES; i++) {
		t = inst_task(in, 0);
		th = inst_task(in, t);
		pid = SYS(in, t, LIB_SYS_getpid, 0);
		CHECK(pid > 1, "cycle %d: getpid = %ld", i, pid);
		CHECK_EQ(SYS(in, th, LIB_SYS_getpid, 0), pid);
		fd = SYS(in, th, LIB_SYS_socket, AF_INET, SOCK_DGRAM, 0);
		CHECK(fd >= 0, "cycle %d: socket = %ld", i, fd);
		CHECK_EQ(task_exit(in, th), 0);
		CHECK_EQ(task_exit(in, t), 0);
		if (i % 100 == 99)
			settle(in);
		if (i == 99) {
			before = mem_free_kb(in, meter);
			CHECK(before > 0, "MemFree: %ld", before);
		}
	}
	settle(in);
	after = mem_free_kb(in, meter);
	note("last pid %ld", pid);
	note("MemFree after 100 cycles %ld KiB, after %d: %ld KiB (%+ld)",
	     before, CYCLES, after, after - before);
	CHECK(after > 0, "MemFree: %ld", after);
	CHECK(before - after <= MARGIN_KB,
	      "%ld KiB less free memory after %d more cycles", before - after,
	      CYCLES - 100);
	return 0;
}

static int test_exited_id_refused(void)
{
	struct lib_instance *in = inst_new(1);
	int t = inst_task(in, 0), t2;
	long result = 0;

	CHECK_EQ(task_exit(in, t), 0);
	CHECK_EQ(inst_submit(in, t, LIB_SYS_getpid, (const long[6]){ 0 },
			     &result), -ESRCH);
	CHECK_EQ(task_exit(in, t), -ESRCH);
	CHECK_EQ(in->task_create(t, inst_now(in)), -ESRCH);
	CHECK_EQ(task_exit(in, 0), -ESRCH);
	CHECK_EQ(task_exit(in, -1), -ESRCH);
	CHECK_EQ(task_exit(in, 12345), -ESRCH);
	/* A new task does not get the exited one's id. */
	t2 = inst_task(in, 0);
	CHECK(t2 != t, "new task got the exited id %d", t);
	CHECK_EQ(SYS(in, t2, LIB_SYS_getpid, 0) > 1, 1);
	return 0;
}

/* The pid of an exited process is gone from /proc: it was reaped. */
static int test_process_reaped(void)
{
	struct lib_instance *in = inst_new(1);
	int meter = inst_task(in, 0), t = inst_task(in, 0);
	int th = inst_task(in, t);
	long pid = SYS(in, t, LIB_SYS_getpid, 0);
	char path[64], buf[256];

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	CHECK(net_file_read(in, meter, path, buf, sizeof(buf)) > 0,
	      "%s unreadable while the process lives", path);
	/* One of two threads gone: the process lives on. */
	CHECK_EQ(task_exit(in, t), 0);
	CHECK_EQ(SYS(in, th, LIB_SYS_getpid, 0), pid);
	CHECK_EQ(task_exit(in, th), 0);
	settle(in);
	CHECK_EQ(net_file_read(in, meter, path, buf, sizeof(buf)), -ENOENT);
	return 0;
}

/* Sets up a TCP connection over loopback: *cfd at cli, *afd at srv. */
static int tcp_pair(struct lib_instance *in, int srv, int cli, int port,
		    long *lfd, long *afd, long *cfd)
{
	struct net_addr a;

	net_addr(&a, "127.0.0.1", port);
	*lfd = SYS(in, srv, LIB_SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK(*lfd >= 0, "socket = %ld", *lfd);
	CHECK_EQ(SYS(in, srv, LIB_SYS_bind, *lfd, P(&a.sa), a.len), 0);
	CHECK_EQ(SYS(in, srv, LIB_SYS_listen, *lfd, 4), 0);
	*cfd = SYS(in, cli, LIB_SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK(*cfd >= 0, "socket = %ld", *cfd);
	CHECK_EQ(SYS(in, cli, LIB_SYS_connect, *cfd, P(&a.sa), a.len), 0);
	*afd = SYS(in, srv, LIB_SYS_accept, *lfd, 0, 0);
	CHECK(*afd >= 0, "accept = %ld", *afd);
	return 0;
}

/* Exiting closes the process's sockets: the peer of its TCP socket reads EOF. */
static int test_tcp_peer_reads_eof(void)
{
	struct lib_instance *in = inst_new(1);
	int srv = net_task(in), cli = inst_task(in, 0);
	long lfd, afd, cfd;
	char buf[16];

	if (tcp_pair(in, srv, cli, 5030, &lfd, &afd, &cfd))
		return -1;
	CHECK_EQ(SYS(in, cli, LIB_SYS_write, cfd, P("hello"), 5), 5);
	CHECK_EQ(task_exit(in, cli), 0);
	CHECK_EQ(SYS(in, srv, LIB_SYS_read, afd, P(buf), sizeof(buf)), 5);
	CHECK_EQ(SYS(in, srv, LIB_SYS_read, afd, P(buf), sizeof(buf)), 0);
	return 0;
}

/*
 * A task blocked in a call is killed: the call is never reported, and its
 * process's listening socket is closed (a connect() is refused).
 */
static int test_exit_while_pending(void)
{
	struct lib_instance *in = inst_new(1);
	int cli = net_task(in), srv = inst_task(in, 0);
	long args[6] = { 0 }, result, fd;
	struct net_addr a;

	net_addr(&a, "127.0.0.1", 5031);
	args[0] = SYS(in, srv, LIB_SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK(args[0] >= 0, "socket = %ld", args[0]);
	CHECK_EQ(SYS(in, srv, LIB_SYS_bind, args[0], P(&a.sa), a.len), 0);
	CHECK_EQ(SYS(in, srv, LIB_SYS_listen, args[0], 4), 0);
	CHECK_EQ(inst_submit(in, srv, LIB_SYS_accept, args, &result),
		 LIB_PENDING);
	CHECK_EQ(task_exit(in, srv), 0);
	settle(in);
	CHECK(!inst_take(in, srv, &result),
	      "the killed call was reported (%ld)", result);
	fd = SYS(in, cli, LIB_SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK(fd >= 0, "socket = %ld", fd);
	CHECK_EQ(SYS(in, cli, LIB_SYS_connect, fd, P(&a.sa), a.len),
		 -ECONNREFUSED);
	return 0;
}

/*
 * With the task limit raised, tasks alive at once run into memory: a new
 * one is refused with -ENOMEM while the kernel still has room to work,
 * instead of the kernel panicking ("System is deadlocked on memory").
 */
static int test_memory_exhausted_refused(void)
{
	struct lib_instance *in = inst_new(1);
	int meter = inst_task(in, 0), n, t = 0;
	long free_kb;

	CHECK_EQ(inst_sysctl_set(in, "kernel.threads-max", "100000"), 0);
	for (n = 0; n < 20000; n++) {
		t = in->task_create(0, inst_now(in));
		inst_drain(in);
		if (t < 0)
			break;
	}
	CHECK(!in->panicked, "panic after %d tasks: %s", n, in->panic_msg);
	CHECK_EQ(t, -ENOMEM);
	free_kb = mem_free_kb(in, meter);
	note("refused after %d processes with %ld KiB free", n, free_kb);
	/* The kernel still works: a connection over loopback, a new task. */
	CHECK(free_kb > 0, "MemFree: %ld", free_kb);
	CHECK(net_lo_up(in, meter) >= 0, "lo up failed");
	return 0;
}

const struct test task_exit_tests[] = {
	{ "task_exit_memory_exhausted_refused", test_memory_exhausted_refused },
	{ "task_exit_create_exit_cycles", test_create_exit_cycles },
	{ "task_exit_id_refused", test_exited_id_refused },
	{ "task_exit_process_reaped", test_process_reaped },
	{ "task_exit_tcp_peer_reads_eof", test_tcp_peer_reads_eof },
	{ "task_exit_while_pending", test_exit_while_pending },
	{ NULL, NULL },
};
