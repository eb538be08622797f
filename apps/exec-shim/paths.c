// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which paths belong to the node: its /proc/sys, /proc/net (also through
 * /proc/self, /proc/thread-self and /proc/<pid>), and all of /sys.  Paths
 * are compared after lexical normalization ("//", "/./", "/../"), so
 * "/proc/./sys" cannot slip past.  Other /proc paths are the tool's own
 * process and stay on the host, read-only (shim_path_protected).
 *
 * shim_classify() decides for a path as a tool gives it (relative to its
 * working directory or to a directory fd, possibly through symbolic
 * links): it is made absolute, and also resolved on the host without side
 * effects (O_PATH), so that neither "cd /proc/sys; open(ip_forward)" nor a
 * link into /proc/sys reaches the host's files.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include "shim.h"

int shim_normalize(const char *path, char *out, size_t len)
{
	size_t o = 0;
	const char *p = path;

	if (!path || path[0] != '/' || len < 2)
		return -1;
	out[o++] = '/';
	while (*p) {
		const char *s;
		size_t n;

		while (*p == '/')
			p++;
		s = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - s);
		if (n == 0 || (n == 1 && s[0] == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (o > 1 && out[o - 1] != '/')
				o--;
			if (o > 1)
				o--;
			continue;
		}
		if (o > 1) {
			if (o + 1 >= len)
				return -1;
			out[o++] = '/';
		}
		if (o + n >= len)
			return -1;
		memcpy(out + o, s, n);
		o += n;
	}
	out[o] = '\0';
	return 0;
}

static int under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* /proc/<something>/net with <something> self, thread-self or a number. */
static int proc_net(const char *p)
{
	const char *s = p + strlen("/proc/");
	const char *e = strchr(s, '/');

	if (strncmp(p, "/proc/", 6) || !e)
		return 0;
	if (!((e - s == 4 && !strncmp(s, "self", 4)) ||
	      (e - s == 11 && !strncmp(s, "thread-self", 11)))) {
		const char *d;

		for (d = s; d < e; d++)
			if (!isdigit((unsigned char)*d))
				return 0;
	}
	return under(e, "/net");
}

int shim_path_forwarded(const char *path)
{
	char n[4096];

	if (shim_normalize(path, n, sizeof(n)))
		return 0;
	return under(n, "/proc/sys") || under(n, "/proc/net") ||
	       proc_net(n) || under(n, "/sys");
}

int shim_path_protected(const char *path)
{
	char n[4096];

	if (shim_normalize(path, n, sizeof(n)))
		return 0;
	return under(n, "/proc") || under(n, "/dev") || under(n, "/run/netns") ||
	       under(n, "/var/run/netns");
}

/* The absolute, normalized form of path relative to dirfd (host fds only). */
int shim_normalize_at(int dirfd, const char *path, char *out, size_t len)
{
	char base[PATH_MAX], joined[2 * PATH_MAX + 2];
	long n;

	if (path[0] == '/')
		return shim_normalize(path, out, len);
	if (dirfd == AT_FDCWD) {
		n = shim_host(SYS_getcwd, (long)base, sizeof(base), 0, 0, 0, 0);
		if (n < 0)
			return -1;
	} else {
		char link[64];

		snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
		n = shim_host(SYS_readlinkat, AT_FDCWD, (long)link, (long)base, sizeof(base) - 1, 0, 0);
		if (n <= 0)
			return -1;
		base[n] = '\0';
	}
	snprintf(joined, sizeof(joined), "%s/%s", base, path);
	return shim_normalize(joined, out, len);
}

int shim_classify(int dirfd, const char *path, int write, char *out, size_t len)
{
	char abs[PATH_MAX], real[PATH_MAX], link[64];
	int have_abs = shim_normalize_at(dirfd, path, abs, sizeof(abs)) == 0;
	long fd, n;

	if (have_abs && shim_path_forwarded(abs)) {
		if (strlen(abs) >= len)
			return SHIM_PATH_DENY;
		strcpy(out, abs);
		return SHIM_PATH_NODE;
	}
	fd = shim_host(SYS_openat, dirfd, (long)path, O_PATH | O_CLOEXEC, 0, 0, 0);
	if (fd >= 0) {
		snprintf(link, sizeof(link), "/proc/self/fd/%ld", fd);
		n = shim_host(SYS_readlinkat, AT_FDCWD, (long)link, (long)real, sizeof(real) - 1, 0, 0);
		shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
		if (n > 0) {
			real[n] = '\0';
			if (real[0] == '/' && shim_path_forwarded(real)) {
				if ((size_t)n >= len)
					return SHIM_PATH_DENY;
				strcpy(out, real);
				return SHIM_PATH_NODE;
			}
			if (write && real[0] == '/' && shim_path_protected(real))
				return SHIM_PATH_DENY;
		}
	}
	if (write && have_abs && shim_path_protected(abs))
		return SHIM_PATH_DENY;
	return SHIM_PATH_HOST;
}
