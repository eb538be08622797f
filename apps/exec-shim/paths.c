// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which paths belong to the node: its /proc/sys, /proc/net (also through
 * /proc/self, /proc/thread-self and /proc/<pid>), and all of /sys.  Paths
 * are compared after lexical normalization ("//", "/./", "/../"), so
 * "/proc/./sys" cannot slip past.  Other /proc paths are the tool's own
 * process and stay on the host, read-only (shim_path_protected).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <string.h>
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
