// SPDX-License-Identifier: GPL-2.0-only
/*
 * Faults: a BUG() or a wild access (a machine fault, caught by the host's
 * fault guard, ../host/fault-guard.c) kills its own instance, tells the
 * host once, and leaves every other instance in the process running; a
 * fault in host code still ends the process, as without the guard.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
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

/*
 * Every kind of LIB_DEBUG_FAULT, the boot option that makes it at boot,
 * and how its panic message starts.
 */
static const struct {
	int kind;
	const char *option;
	const char *message;
} wild[] = {
	{ LIB_FAULT_WRITE, "lib_debug_fault=write",
	  "SIGSEGV in kernel code: unable to handle page fault for address 0x10, ip liblinux+0x" },
	{ LIB_FAULT_POISON, "lib_debug_fault=poison",
	  "SIGSEGV in kernel code: general protection fault, ip liblinux+0x" },
	{ LIB_FAULT_CALL, "lib_debug_fault=call",
	  "SIGSEGV in kernel code: unable to handle page fault for address 0x0, ip 0x0" },
	{ LIB_FAULT_STACK, "lib_debug_fault=stack",
	  "SIGSEGV in kernel code: unable to handle page fault for address 0xff8, ip liblinux+0x" },
	{ LIB_FAULT_DIVIDE, "lib_debug_fault=divide",
	  "SIGFPE in kernel code: divide error, ip liblinux+0x" },
	{ LIB_FAULT_ILLEGAL, "lib_debug_fault=illegal",
	  "SIGILL in kernel code: invalid opcode, ip liblinux+0x" },
};

/* The instance died of a wild access, said so once, and refuses every call. */
static int dead_of(struct lib_instance *in, int task, const char *message)
{
	long result, args[6] = { 0 };
	uint64_t out, now = in->now();
	char buf[16];

	CHECK(in->panicked, "instance %d: panic callback not called",
	      in->index);
	CHECK(!strncmp(in->panic_msg, message, strlen(message)),
	      "instance %d: panic message \"%s\", expected \"%s...\"",
	      in->index, in->panic_msg, message);
	CHECK(inst_log_contains(in, in->panic_msg),
	      "instance %d: the fault is not in the kernel log", in->index);
	CHECK_EQ(in->log_bad_lines, 0);
	CHECK_EQ(in->status()->dead, 1);
	in->panicked = false;
	CHECK_EQ(in->run(now + NS_PER_MS), LIB_EDEAD);
	CHECK_EQ(in->syscall(task, LIB_SYS_getpid, args, NULL, LIB_USER_ANY,
			     now + NS_PER_MS, &result), LIB_EDEAD);
	CHECK_EQ(in->sysctl_get("net.ipv4.ip_forward", buf, sizeof(buf),
				now + NS_PER_MS), LIB_EDEAD);
	CHECK_EQ(in->task_create(0, now + NS_PER_MS), LIB_EDEAD);
	CHECK_EQ(in->debug(LIB_DEBUG_FAULT, LIB_FAULT_WRITE, &out,
			   now + NS_PER_MS), LIB_EDEAD);
	CHECK_EQU(in->next_deadline(), LIB_NO_DEADLINE);
	CHECK(!in->panicked, "instance %d: panic reported twice", in->index);
	return 0;
}

static int test_wild_access(void)
{
	struct lib_instance *other = inst_new(20);
	uint64_t out;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(wild); i++) {
		struct lib_instance *in = inst_new(21 + i);
		int task = inst_task(in, 0);

		CHECK_EQ(in->debug(LIB_DEBUG_FAULT, wild[i].kind, &out,
				   in->now()), LIB_EDEAD);
		note("kind %d: %s", wild[i].kind, in->panic_msg);
		if (dead_of(in, task, wild[i].message))
			return -1;
		CHECK_EQ(inst_advance(other, other->now() + NS_PER_SEC), 0);
	}
	CHECK_EQ(other->debug(LIB_DEBUG_FAULT, ARRAY_SIZE(wild), &out,
			      other->now()), -EINVAL);
	return alive(other);
}

/* A call pending when the kernel faults is never completed. */
static int test_wild_access_with_pending(void)
{
	struct lib_instance *in = inst_new(2);
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
	CHECK_EQ(in->debug(LIB_DEBUG_FAULT, LIB_FAULT_WRITE, &out, in->now()),
		 LIB_EDEAD);
	CHECK_EQ(in->run(in->now() + NS_PER_SEC), LIB_EDEAD);
	CHECK(in->completions(c, 4) <= 0, "a dead kernel completed a call");
	return 0;
}

/*
 * Addresses in the message are relative to the copy: two copies at
 * different addresses, one fault, one text.
 */
static int test_wild_access_message_stable(void)
{
	struct lib_instance *a = inst_new(3), *b = inst_new(3);
	uint64_t out;

	CHECK(a->handle != b->handle, "one copy loaded twice");
	CHECK_EQ(a->debug(LIB_DEBUG_FAULT, LIB_FAULT_WRITE, &out, a->now()),
		 LIB_EDEAD);
	CHECK_EQ(b->debug(LIB_DEBUG_FAULT, LIB_FAULT_WRITE, &out, b->now()),
		 LIB_EDEAD);
	CHECK(!strcmp(a->panic_msg, b->panic_msg), "\"%s\" != \"%s\"",
	      a->panic_msg, b->panic_msg);
	return 0;
}

/* "lib_debug_fault=" makes boot fault; boot returns LIB_EDEAD. */
static int test_wild_access_at_boot(void)
{
	struct lib_instance *other = inst_new(5);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(wild); i++) {
		struct lib_instance *in = instance_open(NULL);

		CHECK(in, "instance_open: %s", instance_error());
		instance_default_ops(in, 4);
		in->ops.cmdline = wild[i].option;
		CHECK_EQ(in->init(&in->ops, INST_T0), LIB_EDEAD);
		note("%s: %s", wild[i].option, in->panic_msg);
		CHECK(!strncmp(in->panic_msg, wild[i].message,
			       strlen(wild[i].message)),
		      "%s: panic message \"%s\"", wild[i].option,
		      in->panic_msg);
		CHECK(inst_log_contains(in, in->panic_msg),
		      "%s: not in the kernel log", wild[i].option);
		CHECK_EQ(in->init(&in->ops, INST_T0), LIB_EDEAD);
		CHECK_EQ(in->run(INST_T0 + NS_PER_MS), LIB_EDEAD);
		CHECK_EQ(inst_advance(other, other->now() + NS_PER_SEC), 0);
	}
	return alive(other);
}

/*
 * Runs fn() in a child process that dumps no core; returns its wait()
 * status.  The guard is installed by the first instance a process opens,
 * so fn() decides what it finds installed before.
 */
static int in_child(int (*fn)(void))
{
	struct rlimit no_core = { 0, 0 };
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &no_core);
		_exit(fn());
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static volatile int *host_null;

static int host_segv(void)
{
	inst_new(6);
	*host_null = 1;
	return 0;
}

static int host_divide(void)
{
	volatile int zero = 0, seven = 7;

	inst_new(6);
	return seven / zero;
}

static int host_sent_segv(void)
{
	inst_new(6);
	kill(getpid(), SIGSEGV);
	return 0;
}

/* The guard's own fault while running kernel code is no host fault. */
static int kernel_fault_then_host_segv(void)
{
	struct lib_instance *in = inst_new(6);
	uint64_t out;

	if (in->debug(LIB_DEBUG_FAULT, LIB_FAULT_WRITE, &out, in->now()) !=
	    LIB_EDEAD)
		return 2;
	*host_null = 1;
	return 0;
}

static int test_host_fault_still_fatal(void)
{
	struct {
		int (*fn)(void);
		int sig;
	} cases[] = {
		{ host_segv, SIGSEGV },
		{ host_divide, SIGFPE },
		{ host_sent_segv, SIGSEGV },
		{ kernel_fault_then_host_segv, SIGSEGV },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int status = in_child(cases[i].fn);

		CHECK(status != -1, "case %zu: fork: %s", i, strerror(errno));
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == cases[i].sig,
		      "case %zu: status %#x, expected death by signal %d", i,
		      status, cases[i].sig);
	}
	return 0;
}

static void previous_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	_exit(si->si_addr == host_null + 4 && sig == SIGSEGV ? 42 : 43);
}

/* A host fault goes to the handler installed before the guard. */
static int chain_host_segv(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = previous_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	inst_new(7);
	host_null[4] = 1;
	return 0;
}

static char own_alt_stack[64 << 10];

/* An alternate stack the host had stays, and serves the guard. */
static int keep_alt_stack(void)
{
	stack_t alt = { .ss_sp = own_alt_stack, .ss_size = sizeof(own_alt_stack) };
	struct lib_instance *in;
	uint64_t out;
	stack_t cur;

	if (sigaltstack(&alt, NULL))
		return 2;
	in = inst_new(8);
	if (sigaltstack(NULL, &cur) || cur.ss_sp != own_alt_stack ||
	    cur.ss_size != sizeof(own_alt_stack))
		return 3;
	/* A fault on a bad stack pointer is handled on that stack. */
	if (in->debug(LIB_DEBUG_FAULT, LIB_FAULT_STACK, &out, in->now()) !=
	    LIB_EDEAD)
		return 4;
	return strncmp(in->panic_msg, wild[3].message,
		       strlen(wild[3].message)) ? 5 : 0;
}

static int test_guard_and_other_handlers(void)
{
	int status = in_child(chain_host_segv);

	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42,
	      "chained: status %#x, expected exit 42 from the previous handler",
	      status);
	status = in_child(keep_alt_stack);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "alternate stack: status %#x", status);
	return 0;
}

const struct test fault_tests[] = {
	{ "fault-bug-kills-only-its-instance", test_bug },
	{ "fault-bug-with-pending-call", test_bug_with_pending },
	{ "fault-wild-access-kills-only-its-instance", test_wild_access },
	{ "fault-wild-access-with-pending-call", test_wild_access_with_pending },
	{ "fault-wild-access-message-same-in-every-copy", test_wild_access_message_stable },
	{ "fault-wild-access-at-boot", test_wild_access_at_boot },
	{ "fault-host-fault-still-ends-the-process", test_host_fault_still_fatal },
	{ "fault-guard-chains-and-keeps-alt-stack", test_guard_and_other_handlers },
	{ NULL, NULL },
};
