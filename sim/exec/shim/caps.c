// SPDX-License-Identifier: GPL-2.0-only
/*
 * No capabilities for the command.  libsim often runs as root, and a
 * program run against a node needs none of root's powers on the host:
 * its sockets, interfaces and sysctls are the node's, where the node's
 * kernel judges them.  Without capabilities, whatever the program does,
 * the host kernel refuses every privileged call -- loading modules or
 * BPF, setting the clock or hostname, creating host interfaces through
 * /dev/net/tun, injecting input into a terminal (TIOCSTI), freezing a
 * file system, mknod of a device, raw and packet sockets -- and
 * no_new_privs (start.c) keeps a setuid or file-capability program from
 * bringing any back.
 *
 * Two steps, because the command's identity changes between them
 * (identity.c), which takes CAP_SETUID and CAP_SETGID: first the
 * bounding set is emptied and the ambient set cleared (that takes
 * CAP_SETPCAP), so that no exec gives anything back; then, once the
 * identity is the command's, whatever is left is dropped and checked to
 * be nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "shim.h"

void shim_bound_capabilities(void)
{
	long cap;

	for (cap = 0; shim_host(SYS_prctl, PR_CAPBSET_READ, cap, 0, 0, 0, 0) >= 0; cap++) {
		/* Without CAP_SETPCAP (not root) there is nothing to keep from an exec anyway. */
		if (shim_host(SYS_prctl, PR_CAPBSET_DROP, cap, 0, 0, 0, 0) < 0 && errno != EPERM)
			shim_die("cannot empty the capability bounding set");
	}
	if (shim_host(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0, 0) < 0 && errno != EINVAL)
		shim_die("cannot clear the ambient capabilities");
}

void shim_drop_capabilities(void)
{
	struct __user_cap_header_struct head = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { { 0 } };
	unsigned int i;

	if (shim_host(SYS_capset, (long)&head, (long)data, 0, 0, 0, 0) < 0)
		shim_die("cannot drop the capabilities");
	/* What is left must be nothing. */
	if (shim_host(SYS_capget, (long)&head, (long)data, 0, 0, 0, 0) < 0)
		shim_die("cannot read the capabilities");
	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		if (data[i].effective || data[i].permitted || data[i].inheritable)
			shim_die("capabilities are left after dropping them");
}
