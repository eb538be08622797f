// SPDX-License-Identifier: GPL-2.0-only
/*
 * The node's view of who the program is: root.  Inside its node a
 * program acts as root -- it configures interfaces, routes and sysctls,
 * which the node's kernel allows its tasks -- so tools that ask whether
 * they are root (getuid() == 0) get the node's answer, whoever runs
 * libsim: uid 0, gid 0, groups { 0 }, as a root login has.  On the host
 * the process is unprivileged (65534, identity.c); a program that asks
 * the host kernel itself (raw system calls, /proc/self/status, the owner
 * of a file it created) sees that, which changes nothing it may do.
 *
 * Changing to those ids succeeds and does nothing, as it did for root
 * without capabilities (setuid(getuid()), a common way to drop
 * privileges, must not fail); any other id fails with EPERM, as it did
 * then, without asking the host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <unistd.h>
#include "shim.h"

/* The ids a program may ask to change to: the node's (0), or "unchanged" ((id_t)-1). */
static int node_ids(unsigned int a, unsigned int b, unsigned int c)
{
	if ((a == 0 || a == (unsigned int)-1) && (b == 0 || b == (unsigned int)-1) &&
	    (c == 0 || c == (unsigned int)-1))
		return 0;
	errno = EPERM;
	return -1;
}

uid_t getuid(void)
{
	return 0;
}

uid_t geteuid(void)
{
	return 0;
}

gid_t getgid(void)
{
	return 0;
}

gid_t getegid(void)
{
	return 0;
}

int getresuid(uid_t *ruid, uid_t *euid, uid_t *suid)
{
	*ruid = *euid = *suid = 0;
	return 0;
}

int getresgid(gid_t *rgid, gid_t *egid, gid_t *sgid)
{
	*rgid = *egid = *sgid = 0;
	return 0;
}

int getgroups(int size, gid_t list[])
{
	if (size == 0)
		return 1;
	if (size < 1) {
		errno = EINVAL;
		return -1;
	}
	list[0] = 0;
	return 1;
}

int setuid(uid_t uid)
{
	return node_ids(uid, -1, -1);
}

int seteuid(uid_t euid)
{
	return node_ids(euid, -1, -1);
}

int setreuid(uid_t ruid, uid_t euid)
{
	return node_ids(ruid, euid, -1);
}

int setresuid(uid_t ruid, uid_t euid, uid_t suid)
{
	return node_ids(ruid, euid, suid);
}

int setgid(gid_t gid)
{
	return node_ids(gid, -1, -1);
}

int setegid(gid_t egid)
{
	return node_ids(egid, -1, -1);
}

int setregid(gid_t rgid, gid_t egid)
{
	return node_ids(rgid, egid, -1);
}

int setresgid(gid_t rgid, gid_t egid, gid_t sgid)
{
	return node_ids(rgid, egid, sgid);
}
