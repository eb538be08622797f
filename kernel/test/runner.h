/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * runner.h - a tiny test runner.  A test is a function returning 0 (pass)
 * or -1 (fail, after FAIL() recorded why).  Each test runs in its own
 * child process, so a crash or a hang in the library fails that test
 * only, and every test starts without instances loaded.
 */
#ifndef LIBLINUX_TEST_RUNNER_H
#define LIBLINUX_TEST_RUNNER_H

#include <stdint.h>

struct test {
	const char *name;
	int (*fn)(void);
};

/* Each test-*.c file defines one suite, ended by { NULL, NULL }. */
extern const struct test boot_tests[];
extern const struct test instances_tests[];
extern const struct test udp_tests[];
extern const struct test tcp_tests[];
extern const struct test poll_tests[];
extern const struct test threads_tests[];
extern const struct test task_exit_tests[];
extern const struct test task_interrupt_tests[];
extern const struct test api_errors_tests[];
extern const struct test sysctl_tests[];
extern const struct test time_tests[];
extern const struct test fault_tests[];
extern const struct test determinism_tests[];
extern const struct test netdev_tests[];
extern const struct test rtnl_tests[];
extern const struct test wire_tests[];
extern const struct test forward_tests[];
extern const struct test wire_determinism_tests[];
extern const struct test build_text_tests[];
extern const struct test uaccess_tests[];

void test_fail_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A "# ..." diagnostic line in the output. */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define FAIL(...) do {							\
	test_fail_at(__FILE__, __LINE__, __VA_ARGS__);			\
	return -1;							\
} while (0)

#define CHECK(cond, ...) do {						\
	if (!(cond))							\
		FAIL(__VA_ARGS__);					\
} while (0)

/* Signed comparison of two integer expressions, showing both. */
#define CHECK_EQ(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_)							\
		FAIL("%s = %lld, expected %s = %lld", #a, a_, #b, b_);	\
} while (0)

#define CHECK_EQU(a, b) do {						\
	unsigned long long a_ = (a), b_ = (b);				\
	if (a_ != b_)							\
		FAIL("%s = %llu, expected %s = %llu", #a, a_, #b, b_);	\
} while (0)

#endif /* LIBLINUX_TEST_RUNNER_H */
