// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sysctls by name: values as text, dotted and slash forms, errors, and
 * that a written value changes what the kernel does.
 */
#include <errno.h>
#include <string.h>
#include "net.h"
#include "runner.h"

static int test_ip_forward(void)
{
	struct lib_instance *in = inst_new(1);
	char buf[32];

	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(inst_sysctl_get(in, "net.ipv4.ip_forward", buf, sizeof(buf)), 1);
	CHECK(!strcmp(buf, "0"), "ip_forward = \"%s\"", buf);
	CHECK_EQ(inst_sysctl_set(in, "net.ipv4.ip_forward", "1"), 0);
	CHECK_EQ(inst_sysctl_get(in, "net.ipv4.ip_forward", buf, sizeof(buf)), 1);
	CHECK(!strcmp(buf, "1"), "ip_forward = \"%s\" after setting 1", buf);
	return 0;
}

static int test_slash_form(void)
{
	struct lib_instance *in = inst_new(1);
	char buf[32];

	CHECK_EQ(inst_sysctl_set(in, "net/ipv4/ip_forward", "1"), 0);
	CHECK_EQ(inst_sysctl_get(in, "net.ipv4.ip_forward", buf, sizeof(buf)), 1);
	CHECK(!strcmp(buf, "1"), "ip_forward = \"%s\"", buf);
	CHECK_EQ(inst_sysctl_set(in, "net.core.somaxconn", "321"), 0);
	CHECK_EQ(inst_sysctl_get(in, "net/core/somaxconn", buf, sizeof(buf)), 3);
	CHECK(!strcmp(buf, "321"), "somaxconn = \"%s\"", buf);
	/* Deeper paths too: ip_forward = 1 turned on every device's forwarding. */
	CHECK_EQ(inst_sysctl_get(in, "net/ipv4/conf/lo/forwarding", buf,
				 sizeof(buf)), 1);
	CHECK(!strcmp(buf, "1"), "lo forwarding = \"%s\"", buf);
	return 0;
}

static int test_unknown(void)
{
	struct lib_instance *in = inst_new(1);
	char buf[32];

	CHECK_EQ(inst_sysctl_get(in, "net.ipv4.no_such_sysctl", buf,
				 sizeof(buf)), -ENOENT);
	CHECK_EQ(inst_sysctl_get(in, "no/such/dir/value", buf, sizeof(buf)),
		 -ENOENT);
	CHECK_EQ(inst_sysctl_set(in, "net.ipv4.no_such_sysctl", "1"), -ENOENT);
	/* Still fine afterwards. */
	CHECK_EQ(inst_sysctl_get(in, "net.ipv4.ip_forward", buf, sizeof(buf)), 1);
	return 0;
}

static int test_too_small(void)
{
	struct lib_instance *in = inst_new(1);
	char buf[64];
	int n;

	/* "32768\t60999": fits in 64, not in 4. */
	n = inst_sysctl_get(in, "net.ipv4.ip_local_port_range", buf,
			    sizeof(buf));
	CHECK(n > 4 && (size_t)n == strlen(buf), "port range: %d \"%s\"", n,
	      buf);
	CHECK_EQ(inst_sysctl_get(in, "net.ipv4.ip_local_port_range", buf, 4),
		 -ENAMETOOLONG);
	CHECK_EQ(inst_sysctl_get(in, "net.ipv4.ip_local_port_range", buf, n),
		 -ENAMETOOLONG);
	CHECK_EQ(inst_sysctl_get(in, "net.ipv4.ip_local_port_range", buf, n + 1),
		 n);
	return 0;
}

/* The kernel's own checks apply: a reversed port range is invalid. */
static int test_invalid_value(void)
{
	struct lib_instance *in = inst_new(1);

	CHECK_EQ(inst_sysctl_set(in, "net.ipv4.ip_local_port_range",
				 "40001 40000"), -EINVAL);
	return 0;
}

/* A written sysctl steers the kernel: ephemeral ports from the range. */
static int test_effect(void)
{
	struct lib_instance *in = inst_new(1);
	int task = net_task(in);
	struct net_addr to;
	long fd, port;
	char msg = 'x';

	CHECK_EQ(inst_sysctl_set(in, "net.ipv4.ip_local_port_range",
				 "40000 40000"), 0);
	fd = SYS(in, task, LIB_SYS_socket, AF_INET, SOCK_DGRAM, 0);
	CHECK(fd >= 0, "socket = %ld", fd);
	net_addr(&to, "127.0.0.1", 5040);
	CHECK_EQ(SYS(in, task, LIB_SYS_sendto, fd, P(&msg), 1, 0, P(&to.sa),
		     to.len), 1);
	port = net_local_port(in, task, fd);
	CHECK_EQ(port, 40000);
	return 0;
}

const struct test sysctl_tests[] = {
	{ "sysctl-ip-forward-get-set", test_ip_forward },
	{ "sysctl-slash-form", test_slash_form },
	{ "sysctl-unknown-enoent", test_unknown },
	{ "sysctl-buffer-too-small", test_too_small },
	{ "sysctl-invalid-value-einval", test_invalid_value },
	{ "sysctl-port-range-steers-kernel", test_effect },
	{ NULL, NULL },
};
