// SPDX-License-Identifier: GPL-2.0-only
/*
 * ppoll(): readiness is reported when, and only when, data is there.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include "net.h"
#include "runner.h"

static long send_to(struct lib_instance *in, int task, long fd, int port)
{
	static const char msg[] = "ping";
	struct net_addr to;

	net_addr(&to, "127.0.0.1", port);
	return SYS(in, task, LIB_SYS_sendto, fd, P(msg), sizeof(msg), 0,
		   P(&to.sa), to.len);
}

/* With a zero timeout ppoll() only looks. */
static int test_zero_timeout(void)
{
	struct lib_instance *in = inst_new(1);
	int task = net_task(in);
	struct timespec zero = { 0, 0 };
	struct pollfd pfd;
	long rx, tx, n;

	rx = net_udp_socket(in, task, "127.0.0.1", 5010, 0);
	tx = net_udp_socket(in, task, "127.0.0.1", 0, 0);
	CHECK(rx >= 0 && tx >= 0, "sockets: %ld %ld", rx, tx);

	pfd.fd = rx;
	pfd.events = POLLIN;
	pfd.revents = -1;
	n = SYS(in, task, LIB_SYS_ppoll, P(&pfd), 1, P(&zero), 0, 0);
	CHECK_EQ(n, 0);
	CHECK(!(pfd.revents & POLLIN), "POLLIN before anything was sent");

	CHECK(send_to(in, task, tx, 5010) > 0, "sendto failed");
	pfd.revents = 0;
	n = SYS(in, task, LIB_SYS_ppoll, P(&pfd), 1, P(&zero), 0, 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(pfd.revents, POLLIN);
	return 0;
}

/* Without a timeout ppoll() blocks until another task sends. */
static int test_blocking(void)
{
	struct lib_instance *in = inst_new(1);
	int ptask = net_task(in), stask = inst_task(in, 0);
	struct pollfd pfd;
	long rx, tx, result, args[6] = { 0 };

	rx = net_udp_socket(in, ptask, "127.0.0.1", 5011, 0);
	CHECK(rx >= 0, "socket: %ld", rx);
	pfd.fd = rx;
	pfd.events = POLLIN;
	pfd.revents = 0;
	args[0] = P(&pfd);
	args[1] = 1;
	CHECK_EQ(inst_submit(in, ptask, LIB_SYS_ppoll, args, &result),
		 LIB_PENDING);
	CHECK_EQ(inst_advance(in, in->now() + 2 * NS_PER_SEC), 0);
	CHECK(!inst_take(in, ptask, &result),
	      "ppoll returned %ld with nothing sent", result);

	tx = net_udp_socket(in, stask, "127.0.0.1", 0, 0);
	CHECK(tx >= 0, "socket: %ld", tx);
	CHECK(send_to(in, stask, tx, 5011) > 0, "sendto failed");
	CHECK_EQ(inst_wait(in, ptask), 1);
	CHECK_EQ(pfd.revents, POLLIN);
	return 0;
}

/* A ppoll() timeout is a timer: it ends at the host time it names. */
static int test_timeout(void)
{
	struct lib_instance *in = inst_new(1);
	int task = net_task(in);
	struct timespec ts = { 0, 20 * NS_PER_MS };
	struct pollfd pfd;
	long rx, result, args[6] = { 0 };
	uint64_t start;

	rx = net_udp_socket(in, task, "127.0.0.1", 5012, 0);
	CHECK(rx >= 0, "socket: %ld", rx);
	pfd.fd = rx;
	pfd.events = POLLIN;
	args[0] = P(&pfd);
	args[1] = 1;
	args[2] = P(&ts);
	start = in->now();
	CHECK_EQ(inst_submit(in, task, LIB_SYS_ppoll, args, &result),
		 LIB_PENDING);
	CHECK_EQ(inst_advance(in, start + 20 * NS_PER_MS - 1), 0);
	CHECK(!inst_take(in, task, &result), "ppoll ended early (%ld)",
	      result);
	CHECK_EQ(inst_wait(in, task), 0);
	CHECK(in->now() <= start + 21 * NS_PER_MS,
	      "20 ms ppoll timeout ended after %llu ns",
	      (unsigned long long)(in->now() - start));
	return 0;
}

const struct test poll_tests[] = {
	{ "ppoll-zero-timeout-pollin-after-send", test_zero_timeout },
	{ "ppoll-blocking-until-send", test_blocking },
	{ "ppoll-timeout-expires", test_timeout },
	{ NULL, NULL },
};
