// SPDX-License-Identifier: GPL-2.0-only
/*
 * Many instances in one process: every copy of the library is a separate
 * kernel with its own clock, sysctls and port space.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "net.h"
#include "runner.h"

#define MANY		200
#define PORT		5000
#define FORWARD_ONE	17	/* the instance that turns on ip_forward */
#define SOMAXCONN_ONE	42	/* the instance that changes somaxconn */

static double wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bind_udp(struct lib_instance *in, int task, long *fd)
{
	struct net_addr a;

	net_addr(&a, "127.0.0.1", PORT);
	*fd = SYS(in, task, LIB_SYS_socket, AF_INET, SOCK_DGRAM, 0);
	if (*fd < 0)
		return *fd;
	return SYS(in, task, LIB_SYS_bind, *fd, P(&a.sa), a.len);
}

static int test_many(void)
{
	static struct lib_instance *in[MANY];
	static int task[MANY];
	char def_somaxconn[32], buf[32];
	double start = wall();
	int i, j, lo_down = 0, ret;
	long fd;

	for (i = 0; i < MANY; i++) {
		in[i] = instance_open(NULL);
		CHECK(in[i], "instance %d: %s", i, instance_error());
		ret = instance_boot(in[i], 1000 + i, INST_T0 + i * NS_PER_MS);
		CHECK(ret == 0, "instance %d: lib_init = %d %s", i, ret,
		      in[i]->panic_msg);
		for (j = 0; j < i; j++)
			CHECK(in[j]->init != in[i]->init,
			      "instances %d and %d share one copy", j, i);
	}
	note("%d instances loaded and booted in %.2f s", MANY, wall() - start);

	/* Clocks are per copy: run each to its own time. */
	for (i = 0; i < MANY; i++)
		CHECK_EQ(inst_advance(in[i], 10 * NS_PER_SEC + i), 0);
	for (i = 0; i < MANY; i++)
		CHECK_EQU(in[i]->now(), 10 * NS_PER_SEC + i);

	CHECK(inst_sysctl_get(in[0], "net.core.somaxconn", def_somaxconn,
			      sizeof(def_somaxconn)) > 0, "somaxconn unreadable");
	CHECK_EQ(inst_sysctl_set(in[FORWARD_ONE], "net.ipv4.ip_forward", "1"), 0);
	CHECK_EQ(inst_sysctl_set(in[SOMAXCONN_ONE], "net.core.somaxconn", "77"), 0);
	for (i = 0; i < MANY; i++) {
		CHECK_EQ(inst_sysctl_get(in[i], "net.ipv4.ip_forward", buf,
					 sizeof(buf)), 1);
		CHECK(!strcmp(buf, i == FORWARD_ONE ? "1" : "0"),
		      "instance %d: ip_forward = \"%s\"", i, buf);
		CHECK(inst_sysctl_get(in[i], "net.core.somaxconn", buf,
				      sizeof(buf)) > 0, "somaxconn unreadable");
		CHECK(!strcmp(buf, i == SOMAXCONN_ONE ? "77" : def_somaxconn),
		      "instance %d: somaxconn = \"%s\"", i, buf);
	}

	/* The same address and port, once in every kernel. */
	for (i = 0; i < MANY; i++) {
		task[i] = inst_task(in[i], 0);
		ret = net_lo_up(in[i], task[i]);
		CHECK(ret >= 0, "instance %d: bringing lo up: %d", i, ret);
		lo_down += ret;
		ret = bind_udp(in[i], task[i], &fd);
		CHECK(ret == 0, "instance %d: bind 127.0.0.1:%d = %d", i, PORT,
		      ret);
	}
	note("lo was down after boot in %d of %d instances", lo_down, MANY);
	/* ... but twice in one kernel is a conflict. */
	ret = bind_udp(in[MANY / 2], task[MANY / 2], &fd);
	CHECK(fd >= 0, "socket = %ld", fd);
	CHECK_EQ(ret, -EADDRINUSE);
	note("total %.2f s", wall() - start);
	return 0;
}

/* Unloading a copy and loading new ones keeps working. */
static int test_close_reopen(void)
{
	struct lib_instance *keep = inst_new(5), *in;
	char buf[8];
	int i;

	for (i = 0; i < 3; i++) {
		in = inst_new(i);
		CHECK_EQ(inst_sysctl_set(in, "net.ipv4.ip_forward", "1"), 0);
		instance_close(in);
	}
	in = inst_new(9);
	CHECK_EQ(inst_sysctl_get(in, "net.ipv4.ip_forward", buf, sizeof(buf)), 1);
	CHECK(!strcmp(buf, "0"), "new copy starts with ip_forward = %s", buf);
	CHECK_EQ(inst_sysctl_get(keep, "net.ipv4.ip_forward", buf, sizeof(buf)), 1);
	CHECK(!strcmp(buf, "0"), "old copy has ip_forward = %s", buf);
	return 0;
}

const struct test instances_tests[] = {
	{ "instances-200", test_many },
	{ "instances-close-reopen", test_close_reopen },
	{ NULL, NULL },
};
