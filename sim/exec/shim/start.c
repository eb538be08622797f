// SPDX-License-Identifier: GPL-2.0-only
/*
 * libsim-exec-start [--as UID:GID] PROGRAM ARGV0 [ARG...]: executes
 * PROGRAM confined by the host kernel, before any code of the program --
 * its libraries' constructors, or all of a program that makes raw system
 * calls -- runs, in this order (what needs root first):
 *
 *   no_new_privs;
 *   Landlock: writes only beneath the node's scratch directory
 *   (LIBSIM_NODE_DIR), no signal or abstract socket outside the command
 *   (landlock.c);
 *   the shim opened for ld.so (identity.c);
 *   an empty capability bounding set (caps.c);
 *   with --as, the unprivileged uid and gid the command runs as, and no
 *   supplementary group (identity.c);
 *   no capabilities left (caps.c);
 *   the parent-death signal (a change of uid clears it);
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
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "shim.h"

/* The x86-64 dynamic loader (the shim is x86-64 only: it makes raw system calls). */
#define LOADER "/lib64/ld-linux-x86-64.so.2"

long shim_host(long nr, long a, long b, long c, long d, long e, long f)
{
	return syscall(nr, a, b, c, d, e, f);
}

void shim_die(const char *msg)
{
	fprintf(stderr, "libsim shim: %s\n", msg);
	_exit(125);
}

/*
 * The scratch directory's real path, for the shim, which compares every
 * file's real path with it: resolved here, since the command's uid may
 * not be able to search the directories above it (a 0700 mkdtemp of
 * `libsim exec`); the working directory, set by the simulator, still
 * leads there.
 */
static void resolve_node_dir(void)
{
	const char *dir = getenv("LIBSIM_NODE_DIR");
	char real[PATH_MAX];

	if (dir && dir[0] == '/' && realpath(dir, real) && setenv("LIBSIM_NODE_DIR", real, 1) != 0)
		shim_die("cannot set LIBSIM_NODE_DIR");
}

/*
 * A program with file capabilities (ping's cap_net_raw) is refused with
 * EPERM here: no capability can be granted under no_new_privs and an empty
 * bounding set, and the kernel will not run a capability-aware program
 * without the capabilities it is marked with.  It needs none of the host's:
 * its sockets are the node's.  So it is run through the dynamic loader,
 * which takes no file capabilities with it; --argv0 keeps its argv[0].
 * Returns only if that fails too.
 */
static void exec_through_loader(int argc, char **argv)
{
	char **args = calloc((size_t)argc + 4, sizeof(*args));
	int i;

	if (!args)
		return;
	args[0] = (char *)LOADER;
	args[1] = (char *)"--argv0";
	args[2] = argv[1];
	args[3] = argv[0];
	for (i = 2; i < argc; i++)
		args[i + 2] = argv[i];
	execv(LOADER, args);
	free(args);
	errno = EPERM;
}

int main(int argc, char **argv)
{
	unsigned int uid = 0, gid = 0;
	int abi, as = 0, preload;

	if (argc == 2 && !strcmp(argv[1], "--landlock-abi")) {
		printf("%d\n", shim_landlock_abi());
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "--as")) {
		if (shim_parse_identity(argv[2], &uid, &gid))
			shim_die("--as takes UID:GID, neither of them 0");
		as = 1;
		argc -= 2;
		argv += 2;
	}
	if (argc < 3) {
		fputs("usage: libsim-exec-start [--as UID:GID] PROGRAM ARGV0 [ARG...] | --landlock-abi\n", stderr);
		return 2;
	}
	/* The condition of Landlock and seccomp without CAP_SYS_ADMIN; and no privilege back by exec. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		shim_die("cannot set no_new_privs");
	abi = shim_landlock_abi();
	resolve_node_dir();
	shim_landlock_restrict(getenv("LIBSIM_NODE_DIR"), abi);
	preload = shim_preload_by_descriptor();
	shim_bound_capabilities();
	if (as) {
		shim_become(uid, gid);
		shim_check_preload(preload, uid);
	}
	shim_drop_capabilities();
	/*
	 * The simulator runs each command in a process group of its own, out
	 * of reach of the terminal's signals: if the simulator dies, so does
	 * the command.  Set after the identity changes, which clears it.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		shim_die("cannot set the parent-death signal");
	shim_seccomp_install(getpid(), abi);
	execv(argv[1], argv + 2);
	if (errno == EPERM)
		exec_through_loader(argc - 1, argv + 1);
	if (as && errno == EACCES)
		fprintf(stderr, "libsim: cannot run %s: %s (commands run as uid %u: it must be a program every user "
			"may run)\n", argv[1], strerror(errno), uid);
	else
		fprintf(stderr, "libsim: cannot run %s: %s\n", argv[1], strerror(errno));
	return 127;
}
