// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test runner: runs each selected test in a child process and prints
 * "ok - name" or "not ok - name: reason", then "N passed, N failed".
 *
 *   liblinux-test [-l] [substring...]
 *
 * -l lists the tests; substrings select tests by name.  The library is
 * LIBLINUX_SO or build/liblinux.so (see instance_default_path()); each test
 * gets LIBLINUX_TEST_TIMEOUT seconds (default 600).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "instance.h"
#include "runner.h"

static const struct test *const suites[] = {
	boot_tests, instances_tests, udp_tests, tcp_tests, poll_tests,
	threads_tests, task_exit_tests, task_interrupt_tests, api_errors_tests, sysctl_tests, time_tests,
	fault_tests, determinism_tests, netdev_tests, rtnl_tests, wire_tests,
	forward_tests, wire_determinism_tests, build_text_tests,
	uaccess_tests,
};

/* Child side: the first failure's reason and where to send it. */
static char reason[2048];
static int report_fd = -1;

void test_fail_at(const char *file, int line, const char *fmt, ...)
{
	int n;
	va_list ap;

	if (reason[0])
		return;
	n = snprintf(reason, sizeof(reason), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vsnprintf(reason + n, sizeof(reason) - n, fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static void report_and_exit(int code)
{
	size_t len = strlen(reason);

	fflush(stdout);
	if (len && write(report_fd, reason, len) < 0)
		code = 3;
	_exit(code);
}

/* inst_fatal() inside a test: this test is over. */
static void child_fatal(const char *msg)
{
	snprintf(reason, sizeof(reason), "%s", msg);
	report_and_exit(1);
}

static void run_child(const struct test *t, int fd, unsigned int timeout)
{
	int ret;

	report_fd = fd;
	inst_fail_hook = child_fatal;
	alarm(timeout);
	ret = t->fn();
	if (!ret && reason[0])
		ret = -1;	/* FAIL() recorded but the test went on */
	if (ret && !reason[0])
		snprintf(reason, sizeof(reason), "failed without a reason");
	report_and_exit(ret ? 1 : 0);
}

static bool run_one(const struct test *t, unsigned int timeout)
{
	char buf[2048];
	size_t got = 0;
	ssize_t n;
	int fds[2], status;
	pid_t pid;

	fflush(stdout);
	if (pipe(fds) < 0) {
		printf("not ok - %s: pipe: %s\n", t->name, strerror(errno));
		return false;
	}
	pid = fork();
	if (pid < 0) {
		printf("not ok - %s: fork: %s\n", t->name, strerror(errno));
		return false;
	}
	if (pid == 0) {
		close(fds[0]);
		run_child(t, fds[1], timeout);
	}
	close(fds[1]);
	while (got < sizeof(buf) - 1 &&
	       (n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += n;
	}
	buf[got] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok - %s\n", t->name);
		return true;
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		printf("not ok - %s: timed out after %u s%s%s\n", t->name,
		       timeout, got ? "; " : "", buf);
	else if (WIFSIGNALED(status))
		printf("not ok - %s: killed by signal %d (%s)%s%s\n", t->name,
		       WTERMSIG(status), strsignal(WTERMSIG(status)),
		       got ? "; " : "", buf);
	else
		printf("not ok - %s: %s\n", t->name,
		       got ? buf : "exited with an error");
	return false;
}

static bool selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc == 0)
		return true;
	for (i = 0; i < argc; i++)
		if (strstr(name, argv[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	const char *env = getenv("LIBLINUX_TEST_TIMEOUT");
	unsigned int timeout = env ? (unsigned int)atoi(env) : 600;
	const char *path = instance_default_path();
	int passed = 0, failed = 0, err;
	bool list = argc > 1 && !strcmp(argv[1], "-l");
	size_t s;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (list) {
		argc--;
		argv++;
	}
	argc--;
	argv++;
	if (!list) {
		/* Read the library once; every child inherits the bytes. */
		err = instance_load_image(path);
		if (err) {
			printf("not ok - library: %s: %s (build it with kernel/build.sh)\n",
			       path, strerror(-err));
			printf("0 passed, 1 failed\n");
			return 1;
		}
		printf("# library: %s (%zu bytes)\n", path,
		       instance_image_size());
	}
	for (s = 0; s < ARRAY_SIZE(suites); s++) {
		const struct test *t;

		for (t = suites[s]; t->name; t++) {
			if (!selected(t->name, argc, argv))
				continue;
			if (list)
				printf("%s\n", t->name);
			else if (run_one(t, timeout ? timeout : 600))
				passed++;
			else
				failed++;
		}
	}
	if (!list)
		printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
