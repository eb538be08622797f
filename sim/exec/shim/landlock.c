// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host kernel's own rule for a command's files (Landlock), applied
 * by libsim-exec-start before it executes the program, inherited by
 * everything the program becomes and never lifted: whatever the program
 * does -- through the shim, through glibc's internal calls, or with raw
 * system calls the shim never sees -- it can write, create, remove,
 * rename, link, truncate or make nodes only beneath its node's scratch
 * directory (LIBSIM_NODE_DIR), and write /dev/null, /dev/zero and
 * /dev/full.  Reading is not restricted here: the shim's rule (only
 * what every user may read, paths.c) stays the read policy.
 *
 * What each Landlock ABI adds, all used when the kernel has it:
 *   1  the write rights above (reparenting is always refused);
 *   2  renames and links across directories of the scratch directory;
 *   3  truncate(2) of a path (before, seccomp.c refuses raw truncate);
 *   4  TCP bind and connect on host sockets: none (socket() is refused
 *      anyway, seccomp.c);
 *   5  ioctls on devices (a tty's TIOCSTI, /dev/net/tun's TUNSETIFF);
 *   6  no abstract UNIX socket and no signal outside the command's
 *      domain (the simulator, the user's shell).
 * Without Landlock (ABI 0) nothing is applied here: libsim refuses
 * --allow-exec programs before anything runs, and the allowlisted tools
 * run with the shim's rules and the seccomp filter (see README).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "shim.h"

/* Rights newer than the headers of Debian 12 (Linux 6.1). */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE	(1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV	(1ULL << 15)
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP	(1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP	(1ULL << 1)
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET	(1ULL << 0)
#define LANDLOCK_SCOPE_SIGNAL			(1ULL << 1)
#endif

/* struct landlock_ruleset_attr as of ABI 6; zeros past what a kernel knows are accepted. */
struct ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

#define FS_WRITE_V1 (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | \
		     LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR | \
		     LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | \
		     LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | \
		     LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM)
/* In the scratch directory: everything but devices. */
#define FS_NO_DEVICES (LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_BLOCK | \
		       LANDLOCK_ACCESS_FS_IOCTL_DEV)
/* On /dev/null, /dev/zero, /dev/full: what opening one for writing takes. */
#define FS_DEVICE (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE | \
		   LANDLOCK_ACCESS_FS_IOCTL_DEV)

static const char *const devices[] = { "/dev/null", "/dev/zero", "/dev/full" };

int shim_landlock_abi(void)
{
	long abi = shim_host(SYS_landlock_create_ruleset, 0, 0, LANDLOCK_CREATE_RULESET_VERSION, 0, 0, 0);
	const char *max = getenv("LIBSIM_LANDLOCK_ABI_MAX");

	if (abi < 0)
		abi = 0;
	/* Tests pretend to be an older kernel with it; it can only lower the ABI. */
	if (max && *max >= '0' && *max <= '9' && atol(max) < abi)
		abi = atol(max);
	return (int)abi;
}

static uint64_t handled_fs(int abi)
{
	uint64_t fs = FS_WRITE_V1;

	if (abi >= 2)
		fs |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		fs |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return fs;
}

/* Allows access beneath path; a path that does not exist is skipped (no /dev/full here). */
static void allow(int ruleset, const char *path, uint64_t access)
{
	struct landlock_path_beneath_attr rule = { .allowed_access = access };
	long fd = shim_host(SYS_openat, AT_FDCWD, (long)path, O_PATH | O_CLOEXEC, 0, 0, 0);

	if (fd < 0) {
		if (errno == ENOENT)
			return;
		shim_die("cannot open a path for the Landlock rules");
	}
	rule.parent_fd = (int)fd;
	if (shim_host(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, (long)&rule, 0, 0, 0) != 0)
		shim_die("cannot add a Landlock rule");
	shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
}

void shim_landlock_restrict(const char *node_dir, int abi)
{
	struct ruleset_attr attr = { .handled_access_fs = handled_fs(abi) };
	unsigned int i;
	long ruleset;

	if (abi < 1)
		return;
	if (abi >= 4)
		attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
	if (abi >= 6)
		attr.scoped = LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL;
	ruleset = shim_host(SYS_landlock_create_ruleset, (long)&attr, sizeof(attr), 0, 0, 0, 0);
	if (ruleset < 0)
		shim_die("cannot create the Landlock ruleset that keeps writes in the node's directory");
	if (node_dir && node_dir[0] == '/')
		allow((int)ruleset, node_dir, attr.handled_access_fs & ~FS_NO_DEVICES);
	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		allow((int)ruleset, devices[i], attr.handled_access_fs & FS_DEVICE);
	/* Needs no_new_privs (start.c). */
	if (shim_host(SYS_landlock_restrict_self, ruleset, 0, 0, 0, 0, 0) != 0)
		shim_die("cannot apply the Landlock ruleset that keeps writes in the node's directory");
	shim_host(SYS_close, ruleset, 0, 0, 0, 0, 0);
}
