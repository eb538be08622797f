// SPDX-License-Identifier: GPL-2.0-only
/*
 * API errors: what the library says to bad requests, and that a bad
 * request leaves the instance working.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "net.h"
#include "runner.h"

/* asm-generic numbers of calls the library refuses (liblinux.h). */
#define NR_exit		93
#define NR_exit_group	94
#define NR_reboot	142
#define NR_clone	220
#define NR_execve	221

/* The instance still answers system calls. */
static int still_works(struct lib_instance *in, int task)
{
	long pid = SYS(in, task, LIB_SYS_getpid, 0);

	CHECK(pid > 1, "getpid after the error = %ld", pid);
	return 0;
}

/*
 * dlopen() relocated the copy already: lib_self_relocate() must notice and
 * refuse, or it would add the base twice.  (Its own mapping path is
 * exercised by the simulator, which loads every node that way.)
 */
static int test_self_relocate(void)
{
	struct lib_instance *in = instance_open(NULL);
	int (*self_relocate)(void);

	CHECK(in, "instance_open: %s", instance_error());
	*(void **)&self_relocate = dlsym(in->handle, "lib_self_relocate");
	CHECK(self_relocate, "no lib_self_relocate");
	CHECK_EQ(self_relocate(), -EALREADY);
	CHECK_EQ(self_relocate(), -EALREADY);
	/* And the copy is intact: it boots. */
	CHECK_EQ(instance_boot(in, 1, INST_T0), 0);
	return 0;
}

static int test_bad_fd(void)
{
	struct lib_instance *in = inst_new(1);
	int task = inst_task(in, 0);
	char buf[8] = "x";
	long result = 0, args[6] = { 9999, P(buf), 1 };

	CHECK_EQ(inst_submit(in, task, LIB_SYS_write, args, &result), LIB_DONE);
	CHECK_EQ(result, -EBADF);
	CHECK_EQ(SYS(in, task, LIB_SYS_close, -1), -EBADF);
	/* A new process starts without any fd, not even 0. */
	CHECK_EQ(SYS(in, task, LIB_SYS_read, 0, P(buf), 1), -EBADF);
	return still_works(in, task);
}

static int test_bad_length(void)
{
	struct lib_instance *in = inst_new(1);
	int task = net_task(in);
	char buf[64] = "payload";
	struct net_addr to;
	long fd, n;
	int len;

	fd = net_udp_socket(in, task, "127.0.0.1", 0, 0);
	CHECK(fd >= 0, "socket: %ld", fd);
	net_addr(&to, "127.0.0.1", 5030);
	n = SYS(in, task, LIB_SYS_sendto, fd, P(buf), (long)INT_MAX + 1, 0,
		P(&to.sa), to.len);
	CHECK(n < 0, "sendto of INT_MAX + 1 bytes = %ld", n);
	note("sendto(len = INT_MAX + 1) = %ld", n);
	n = SYS(in, task, LIB_SYS_sendto, fd, P(buf), -1L, 0, P(&to.sa),
		to.len);
	CHECK(n < 0, "sendto of -1 bytes = %ld", n);
	note("sendto(len = -1) = %ld", n);
	/* Linux refuses negative address lengths with EINVAL. */
	len = -1;
	n = SYS(in, task, LIB_SYS_getsockname, fd, P(&to.sa), P(&len));
	CHECK_EQ(n, -EINVAL);
	n = SYS(in, task, LIB_SYS_bind, fd, P(&to.sa), 1 << 20);
	CHECK_EQ(n, -EINVAL);
	/* A sane sendto on the same socket still works. */
	n = SYS(in, task, LIB_SYS_sendto, fd, P(buf), 8, 0, P(&to.sa), to.len);
	CHECK_EQ(n, 8);
	return still_works(in, task);
}

static int test_unknown_task(void)
{
	struct lib_instance *in = inst_new(1);
	long result = 0, args[6] = { 0 };
	int task = inst_task(in, 0);

	CHECK_EQ(in->syscall(task + 1000, LIB_SYS_getpid, args, NULL,
			     LIB_USER_ANY, in->now(),
			     &result), -ESRCH);
	CHECK_EQ(in->syscall(0, LIB_SYS_getpid, args, NULL,
			     LIB_USER_ANY, in->now(), &result),
		 -ESRCH);
	CHECK_EQ(in->syscall(-3, LIB_SYS_getpid, args, NULL,
			     LIB_USER_ANY, in->now(), &result),
		 -ESRCH);
	return still_works(in, task);
}

/* An unknown number is ENOSYS, as a refusal or as the call's result. */
static int check_enosys(struct lib_instance *in, int task, long nr)
{
	long result = 0, args[6] = { 0 };
	int ret = inst_submit(in, task, nr, args, &result);

	CHECK(ret == -ENOSYS || (ret == LIB_DONE && result == -ENOSYS),
	      "syscall %ld: lib_syscall = %d, result %ld", nr, ret, result);
	return 0;
}

static int test_nr_out_of_range(void)
{
	struct lib_instance *in = inst_new(1);
	int task = inst_task(in, 0);

	if (check_enosys(in, task, 100000) || check_enosys(in, task, -1) ||
	    check_enosys(in, task, 1L << 40) || check_enosys(in, task, 2048))
		return -1;
	return still_works(in, task);
}

static int test_refused(void)
{
	static const long nrs[] = {
		NR_exit, NR_exit_group, NR_reboot, NR_clone, NR_execve,
	};
	struct lib_instance *in = inst_new(1);
	int task = inst_task(in, 0);
	long result, args[6] = { 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nrs); i++) {
		result = 12345;
		CHECK(inst_submit(in, task, nrs[i], args, &result) == -ENOSYS,
		      "syscall %ld was not refused with -ENOSYS", nrs[i]);
	}
	return still_works(in, task);
}

static int test_busy(void)
{
	struct lib_instance *in = inst_new(1);
	int task = net_task(in), other = inst_task(in, 0);
	long fd, tx, result, got = 0, args[6] = { 0 };
	const long msg = 42;
	struct net_addr to;

	fd = net_udp_socket(in, task, "127.0.0.1", 5031, 0);
	CHECK(fd >= 0, "socket: %ld", fd);
	args[0] = fd;
	args[1] = P(&got);
	args[2] = sizeof(got);
	CHECK_EQ(inst_submit(in, task, LIB_SYS_recvfrom, args, &result),
		 LIB_PENDING);
	memset(args, 0, sizeof(args));
	CHECK_EQ(inst_submit(in, task, LIB_SYS_getpid, args, &result), -EBUSY);
	/* The refused call did not disturb the pending one. */
	tx = net_udp_socket(in, other, "127.0.0.1", 0, 0);
	CHECK(tx >= 0, "socket: %ld", tx);
	net_addr(&to, "127.0.0.1", 5031);
	CHECK_EQ(SYS(in, other, LIB_SYS_sendto, tx, P(&msg), sizeof(msg), 0,
		     P(&to.sa), to.len), sizeof(msg));
	CHECK_EQ(inst_wait(in, task), sizeof(msg));
	CHECK_EQ(got, msg);
	return still_works(in, task);
}

static int test_time_backwards(void)
{
	struct lib_instance *in = inst_new(1);
	uint64_t now;

	CHECK_EQ(inst_advance(in, in->now() + NS_PER_SEC), 0);
	now = in->now();
	CHECK_EQ(in->run(now - 1), -EINVAL);
	CHECK_EQ(in->run(0), -EINVAL);
	CHECK_EQU(in->now(), now);
	CHECK_EQ(in->run(now), 0);
	return 0;
}

/* Every entry, not only lib_run(), refuses a clock that goes back. */
static int test_time_backwards_all(void)
{
	struct lib_instance *in = inst_new(1);
	int task = inst_task(in, 0);
	long result, args[6] = { 0 };
	uint64_t now, out;
	char buf[8];

	CHECK_EQ(inst_advance(in, in->now() + NS_PER_SEC), 0);
	now = in->now();
	CHECK_EQ(in->syscall(task, LIB_SYS_getpid, args, NULL,
			     LIB_USER_ANY, now - 1, &result),
		 -EINVAL);
	CHECK_EQ(in->task_create(0, now - 1), -EINVAL);
	CHECK_EQ(in->sysctl_get("net.ipv4.ip_forward", buf, sizeof(buf),
				now - 1), -EINVAL);
	CHECK_EQ(in->sysctl_set("net.ipv4.ip_forward", "1", now - 1), -EINVAL);
	CHECK_EQ(in->debug(LIB_DEBUG_JIFFIES, 0, &out, now - 1), -EINVAL);
	CHECK_EQU(in->now(), now);
	return still_works(in, task);
}

static int test_misc(void)
{
	struct lib_instance *in = inst_new(1);
	struct lib_completion c[4];
	uint64_t out = 77;

	CHECK_EQ(in->completions(c, 0), 0);
	CHECK_EQ(in->completions(c, 4), 0);
	CHECK_EQ(in->debug(1000, 0, &out, in->now()), -EINVAL);
	CHECK_EQ(in->debug(0, 0, &out, in->now()), -EINVAL);
	return 0;
}

const struct test api_errors_tests[] = {
	{ "api-self-relocate-after-dlopen-ealready", test_self_relocate },
	{ "api-bad-fd-ebadf", test_bad_fd },
	{ "api-bad-length", test_bad_length },
	{ "api-unknown-task-esrch", test_unknown_task },
	{ "api-nr-out-of-range-enosys", test_nr_out_of_range },
	{ "api-refused-calls-enosys", test_refused },
	{ "api-second-call-ebusy", test_busy },
	{ "api-run-backwards-einval", test_time_backwards },
	{ "api-every-entry-backwards-einval", test_time_backwards_all },
	{ "api-empty-completions-unknown-debug-op", test_misc },
	{ NULL, NULL },
};
