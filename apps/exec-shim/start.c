// SPDX-License-Identifier: GPL-2.0-only
/*
 * libsim-exec-start PROGRAM ARGV0 [ARG...]: executes PROGRAM confined by
 * the host kernel, before any code of the program -- its libraries'
 * constructors, or all of a program that makes raw system calls -- runs:
 *
 *   no_new_privs and the parent-death signal;
 *   Landlock: writes only beneath the node's scratch directory
 *   (LIBSIM_NODE_DIR), no signal or abstract socket outside the command
 *   (landlock.c);
 *   no capabilities (caps.c);
 *   the seccomp filter: no host socket, process, other process or
 *   lasting host object (seccomp.c).
 *
 * All of it is inherited by what the program becomes and cannot be
 * undone.  The shim (LD_PRELOAD for the program) adds its own filter
 * from its constructor (seccomp-shim.c).  Static, so the shim is not
 * loaded here.
 *
 * libsim-exec-start --landlock-abi prints the Landlock ABI it would use
 * (0: none), for libsim to decide what may run before anything boots.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "shim.h"

long shim_host(long nr, long a, long b, long c, long d, long e, long f)
{
	return syscall(nr, a, b, c, d, e, f);
}

void shim_die(const char *msg)
{
	fprintf(stderr, "libsim shim: %s\n", msg);
	_exit(125);
}

int main(int argc, char **argv)
{
	int abi;

	if (argc == 2 && !strcmp(argv[1], "--landlock-abi")) {
		printf("%d\n", shim_landlock_abi());
		return 0;
	}
	if (argc < 3) {
		fputs("usage: libsim-exec-start PROGRAM ARGV0 [ARG...] | --landlock-abi\n", stderr);
		return 2;
	}
	/* The condition of Landlock and seccomp without CAP_SYS_ADMIN; and no privilege back by exec. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		shim_die("cannot set no_new_privs");
	/*
	 * The simulator runs each command in a process group of its own, out
	 * of reach of the terminal's signals: if the simulator dies, so does
	 * the command.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		shim_die("cannot set the parent-death signal");
	abi = shim_landlock_abi();
	shim_landlock_restrict(getenv("LIBSIM_NODE_DIR"), abi);
	shim_drop_capabilities();
	shim_seccomp_install(getpid(), abi);
	execv(argv[1], argv + 2);
	fprintf(stderr, "libsim: cannot run %s: %s\n", argv[1], strerror(errno));
	return 127;
}
