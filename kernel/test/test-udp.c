// SPDX-License-Identifier: GPL-2.0-only
/*
 * UDP over loopback inside one instance: datagrams arrive intact and from
 * the right port, a blocking receive waits for the sender, and a
 * non-blocking one says EAGAIN.
 */
#include <errno.h>
#include <string.h>
#include "net.h"
#include "runner.h"

static int roundtrip(const char *ip)
{
	struct lib_instance *in = inst_new(1);
	int task = net_task(in);
	unsigned char msg[1200], buf[2048];
	struct net_addr to, from;
	long rx, tx, n, tx_port;

	rx = net_udp_socket(in, task, ip, 5001, 0);
	CHECK(rx >= 0, "receiver socket/bind on %s: %ld", ip, rx);
	tx = net_udp_socket(in, task, ip, 0, 0);
	CHECK(tx >= 0, "sender socket/bind on %s: %ld", ip, tx);
	tx_port = net_local_port(in, task, tx);
	CHECK(tx_port > 0, "sender has port %ld", tx_port);

	net_pattern(msg, sizeof(msg), 7);
	net_addr(&to, ip, 5001);
	n = SYS(in, task, LIB_SYS_sendto, tx, P(msg), sizeof(msg), 0,
		P(&to.sa), to.len);
	CHECK_EQ(n, sizeof(msg));

	memset(&from, 0, sizeof(from));
	from.len = sizeof(from.ss);
	n = SYS(in, task, LIB_SYS_recvfrom, rx, P(buf), sizeof(buf), 0,
		P(&from.sa), P(&from.len));
	CHECK_EQ(n, sizeof(msg));
	CHECK(!memcmp(buf, msg, sizeof(msg)), "payload differs");
	CHECK_EQ(from.sa.sa_family, net_family(&to));
	CHECK_EQ(ntohs(from.sa.sa_family == AF_INET ? from.in4.sin_port :
		       from.in6.sin6_port), tx_port);
	return 0;
}

static int test_v4(void)
{
	return roundtrip("127.0.0.1");
}

static int test_v6(void)
{
	return roundtrip("::1");
}

/*
 * A receive on an empty socket is LIB_PENDING, stays pending however long
 * the host runs the kernel, and completes once another task sends.
 */
static int test_blocking_recv(void)
{
	struct lib_instance *in = inst_new(1);
	int rtask = net_task(in), stask = inst_task(in, 0);
	const long msg = 0x1122334455667788L;
	struct net_addr to;
	long rx, tx, n, got = 0, result;
	long args[6];

	rx = net_udp_socket(in, rtask, "127.0.0.1", 5002, 0);
	CHECK(rx >= 0, "socket/bind: %ld", rx);
	args[0] = rx;
	args[1] = P(&got);
	args[2] = sizeof(got);
	args[3] = args[4] = args[5] = 0;
	CHECK_EQ(inst_submit(in, rtask, LIB_SYS_recvfrom, args, &result),
		 LIB_PENDING);
	CHECK(!inst_take(in, rtask, &result),
	      "completion reported in the entry that said LIB_PENDING");
	CHECK_EQ(inst_advance(in, in->now() + 3 * NS_PER_SEC), 0);
	CHECK(!inst_take(in, rtask, &result),
	      "recvfrom completed (%ld) with nothing sent", result);

	tx = net_udp_socket(in, stask, "127.0.0.1", 0, 0);
	CHECK(tx >= 0, "socket/bind: %ld", tx);
	net_addr(&to, "127.0.0.1", 5002);
	n = SYS(in, stask, LIB_SYS_sendto, tx, P(&msg), sizeof(msg), 0,
		P(&to.sa), to.len);
	CHECK_EQ(n, sizeof(msg));
	result = inst_wait(in, rtask);
	CHECK_EQ(result, sizeof(msg));
	CHECK(got == msg, "received %#lx, sent %#lx", got, msg);
	return 0;
}

static int test_nonblock(void)
{
	struct lib_instance *in = inst_new(1);
	int task = net_task(in);
	long fd, blocking, n;
	char buf[16];

	fd = net_udp_socket(in, task, "127.0.0.1", 5003, SOCK_NONBLOCK);
	CHECK(fd >= 0, "socket/bind: %ld", fd);
	n = SYS(in, task, LIB_SYS_recvfrom, fd, P(buf), sizeof(buf), 0, 0, 0);
	CHECK_EQ(n, -EAGAIN);
	n = SYS(in, task, LIB_SYS_read, fd, P(buf), sizeof(buf));
	CHECK_EQ(n, -EAGAIN);
	/* MSG_DONTWAIT makes one call on a blocking socket non-blocking. */
	blocking = net_udp_socket(in, task, "127.0.0.1", 5004, 0);
	CHECK(blocking >= 0, "socket/bind: %ld", blocking);
	n = SYS(in, task, LIB_SYS_recvfrom, blocking, P(buf), sizeof(buf),
		MSG_DONTWAIT, 0, 0);
	CHECK_EQ(n, -EAGAIN);
	return 0;
}

const struct test udp_tests[] = {
	{ "udp-v4-sendto-recvfrom", test_v4 },
	{ "udp-v6-sendto-recvfrom", test_v6 },
	{ "udp-blocking-recv-pending", test_blocking_recv },
	{ "udp-nonblock-eagain", test_nonblock },
	{ NULL, NULL },
};
