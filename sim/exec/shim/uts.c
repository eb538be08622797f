// SPDX-License-Identifier: GPL-2.0-only
/*
 * Names of the system: the node's, never the host's.  uname() and
 * gethostname() answer from the node's kernel (its hostname is the node's
 * name), so nothing of the host machine reaches a program's output and
 * so the results.  The machine field is the one the program's code runs
 * on (x86_64), not the library kernel's "lib" architecture: programs
 * read it to pick code or paths.  sethostname() and setdomainname() set
 * the node's names.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "shim.h"

int uname(struct utsname *u)
{
	struct shim_arg a[1] = { shim_buf(SHIM_OUT, u, sizeof(*u)) };
	long r = shim_call(K_UNAME, a, 1);

	if (r < 0)
		return (int)shim_ret(r);
	strncpy(u->machine, "x86_64", sizeof(u->machine));
	return 0;
}

/* Copies `name` into buf as glibc does: ENAMETOOLONG when it does not fit. */
static int copy_name(const char *name, char *buf, size_t len)
{
	size_t n = strnlen(name, _UTSNAME_LENGTH);

	if (n + 1 > len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, name, n + 1);
	return 0;
}

int gethostname(char *buf, size_t len)
{
	struct utsname u;

	if (uname(&u) < 0)
		return -1;
	return copy_name(u.nodename, buf, len);
}

int getdomainname(char *buf, size_t len)
{
	struct utsname u;

	if (uname(&u) < 0)
		return -1;
	return copy_name(u.domainname, buf, len);
}

static int set_name(long nr, const char *name, size_t len)
{
	struct shim_arg a[2] = { shim_buf(SHIM_IN, name, len), shim_int((long)len) };

	return (int)shim_ret(shim_call(nr, a, 2));
}

int sethostname(const char *name, size_t len)
{
	return set_name(K_SETHOSTNAME, name, len);
}

int setdomainname(const char *name, size_t len)
{
	return set_name(K_SETDOMAINNAME, name, len);
}
