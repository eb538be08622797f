// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checks of paths.c alone (make check): which paths belong to the node,
 * and lexical normalization.  shim_host is the real system call here; the
 * rest of the shim is not linked.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "shim.h"

long shim_host(long nr, long a, long b, long c, long d, long e, long f)
{
	return syscall(nr, a, b, c, d, e, f);
}

static int failures;

static void expect_int(const char *what, int got, int want)
{
	if (got != want) {
		printf("FAIL %s: got %d, want %d\n", what, got, want);
		failures++;
	}
}

static void expect_norm(const char *in, const char *want)
{
	char out[256];

	if (shim_normalize(in, out, sizeof(out)) || strcmp(out, want)) {
		printf("FAIL normalize(%s): got %s, want %s\n", in, out, want);
		failures++;
	}
}

int main(void)
{
	static const char *const node[] = {
		"/proc/sys", "/proc/sys/net/ipv4/ip_forward", "/proc/net/dev", "/proc/self/net/dev",
		"/proc/thread-self/net", "/proc/123/net/route", "/sys", "/sys/class/net/eth0/mtu",
		"/proc/./sys/net", "//proc//sys", "/proc/self/../sys/kernel", "/etc/../proc/net",
	};
	static const char *const host[] = {
		"/proc", "/proc/self/status", "/proc/sysx", "/proc/self/netx", "/proc/12a/net",
		"/etc/iproute2/rt_tables", "/system", "/proc/sys/../cpuinfo", "relative/proc/sys",
	};
	char out[4096];
	size_t i;

	for (i = 0; i < sizeof(node) / sizeof(node[0]); i++)
		expect_int(node[i], shim_path_forwarded(node[i]), 1);
	for (i = 0; i < sizeof(host) / sizeof(host[0]); i++)
		expect_int(host[i], shim_path_forwarded(host[i]), 0);
	expect_norm("/a/./b//c/", "/a/b/c");
	expect_norm("/a/b/../../..", "/");
	expect_norm("/", "/");
	expect_int("protected /proc/self/status", shim_path_protected("/proc/self/status"), 1);
	expect_int("protected /run/netns/x", shim_path_protected("/run/netns/x"), 1);
	expect_int("protected /tmp/x", shim_path_protected("/tmp/x"), 0);

	/* Relative to the working directory, and through a host symlink. */
	if (chdir("/proc/sys/net") == 0) {
		expect_int("relative ipv4/ip_forward", shim_classify(AT_FDCWD, "ipv4/ip_forward", 0, out, sizeof(out)), SHIM_PATH_NODE);
		expect_int("relative path made absolute", strcmp(out, "/proc/sys/net/ipv4/ip_forward"), 0);
	}
	if (chdir("/") == 0) {
		expect_int("/proc/self/net/dev via the host link",
			   shim_classify(AT_FDCWD, "proc/self/net/dev", 0, out, sizeof(out)), SHIM_PATH_NODE);
		expect_int("write /proc/self/status", shim_classify(AT_FDCWD, "/proc/self/status", 1, out, sizeof(out)), SHIM_PATH_DENY);
		expect_int("read /proc/self/status", shim_classify(AT_FDCWD, "/proc/self/status", 0, out, sizeof(out)), SHIM_PATH_HOST);
		expect_int("/etc/hostname", shim_classify(AT_FDCWD, "/etc/hostname", 1, out, sizeof(out)), SHIM_PATH_HOST);
	}
	printf("%s: %d failure(s)\n", failures ? "FAIL" : "ok - exec shim paths", failures);
	return failures != 0;
}
