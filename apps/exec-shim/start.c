// SPDX-License-Identifier: GPL-2.0-only
/*
 * libsim-exec-start PROGRAM ARGV0 [ARG...]: executes PROGRAM under the
 * shim's seccomp filter, exec still allowed.  The constructors of the
 * libraries a tool needs run before the shim's (a preloaded library
 * initializes after them): started through this program, they cannot
 * fork or leave the command's process group either.  Static, so the
 * shim, in LD_PRELOAD for the tool, is not loaded here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
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
	if (argc < 3) {
		fputs("usage: libsim-exec-start PROGRAM ARGV0 [ARG...]\n", stderr);
		return 2;
	}
	shim_seccomp_install(1);
	execv(argv[1], argv + 2);
	fprintf(stderr, "libsim: cannot run %s: %s\n", argv[1], strerror(errno));
	return 127;
}
