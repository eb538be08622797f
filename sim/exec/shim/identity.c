// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command's host identity (libsim-exec-start --as UID:GID).  When
 * libsim runs as root, every command runs as an unprivileged uid and gid
 * (65534, nobody:nogroup) with no supplementary group, so that the host
 * kernel's own permission checks hold what the shim's rules say, for
 * every call however it is made: a program that bypasses the shim (raw
 * system calls) reads only what that uid may -- root's 0600 and 0640
 * files are out of reach, since the owner's bits no longer apply -- and
 * owns no host file outside its scratch directory, so it cannot change
 * the mode, owner, times or attributes of any (the seccomp mark only
 * tells the shim's calls from accidental ones; this holds against a
 * forged one).
 *
 * Done after everything that needs root (Landlock's rule on the scratch
 * directory is opened by path, the bounding set emptied) and before the
 * capabilities are checked to be gone and the seccomp filter installed
 * (start.c).  The simulator lends the scratch directory to this identity
 * before the command and takes it back after (sim/exec/scratch-owner.ts).
 *
 * A uid 0 that libsim does not have (it runs as another user) cannot be
 * given away: libsim does not ask then, and this fails if asked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "shim.h"

int shim_parse_identity(const char *s, unsigned int *uid, unsigned int *gid)
{
	char *end;
	unsigned long u, g;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	u = strtoul(s, &end, 10);
	if (errno || *end != ':' || end[1] < '0' || end[1] > '9')
		return -1;
	g = strtoul(end + 1, &end, 10);
	/* Never root, never (uid_t)-1, which the set*id calls read as "unchanged". */
	if (errno || *end || u == 0 || g == 0 || u >= 0xffffffffUL || g >= 0xffffffffUL)
		return -1;
	*uid = (unsigned int)u;
	*gid = (unsigned int)g;
	return 0;
}

void shim_become(unsigned int uid, unsigned int gid)
{
	unsigned int r, e, s;

	/* Groups first: setgroups and setresgid take CAP_SETGID, which setresuid drops. */
	if (shim_host(SYS_setgroups, 0, 0, 0, 0, 0, 0) < 0)
		shim_die("cannot drop the supplementary groups");
	if (shim_host(SYS_setresgid, gid, gid, gid, 0, 0, 0) < 0)
		shim_die("cannot change to the command's gid");
	if (shim_host(SYS_setresuid, uid, uid, uid, 0, 0, 0) < 0)
		shim_die("cannot change to the command's uid");
	/* Checked, not assumed: real, effective and saved ids, and no group left. */
	if (shim_host(SYS_getresuid, (long)&r, (long)&e, (long)&s, 0, 0, 0) < 0 ||
	    r != uid || e != uid || s != uid)
		shim_die("the uid is not the command's after changing it");
	if (shim_host(SYS_getresgid, (long)&r, (long)&e, (long)&s, 0, 0, 0) < 0 ||
	    r != gid || e != gid || s != gid)
		shim_die("the gid is not the command's after changing it");
	if (shim_host(SYS_getgroups, 0, 0, 0, 0, 0, 0) != 0)
		shim_die("supplementary groups are left after dropping them");
}

/*
 * LD_PRELOAD names the shim by path, which the command's uid may not be
 * able to reach (a checkout under /root): it is opened here, while that
 * does not matter, and ld.so is given /proc/self/fd/N, which a process
 * may always open for itself -- the file's own mode still applies, so the
 * shim must be readable by every user (checked after the identity
 * changes, by shim_check_preload).  The shim closes N in its constructor
 * (channel.c).  It also makes the variable the same on every host.
 */
int shim_preload_by_descriptor(void)
{
	static char name[64];
	const char *path = getenv("LD_PRELOAD");
	long fd;

	/* One file, as libsim sets it; a list (blanks, colons) is left alone. */
	if (!path || path[0] != '/' || strpbrk(path, " \t:"))
		return -1;
	fd = shim_host(SYS_openat, AT_FDCWD, (long)path, O_RDONLY, 0, 0, 0);
	if (fd < 0)
		return -1;
	snprintf(name, sizeof(name), "/proc/self/fd/%ld", fd);
	if (setenv("LD_PRELOAD", name, 1) != 0)
		shim_die("cannot set LD_PRELOAD");
	return (int)fd;
}

void shim_check_preload(int fd, unsigned int uid)
{
	char name[64], msg[256];
	long r;

	if (fd < 0)
		return;
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	r = shim_host(SYS_openat, AT_FDCWD, (long)name, O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (r < 0) {
		snprintf(msg, sizeof(msg), "the exec shim cannot be read by uid %u, which commands run as: %s "
			 "(it must be readable by every user)", uid, strerror(errno));
		shim_die(msg);
	}
	shim_host(SYS_close, r, 0, 0, 0, 0, 0);
}
