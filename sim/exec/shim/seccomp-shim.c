// SPDX-License-Identifier: GPL-2.0-only
/*
 * The seccomp filter the shim's constructor adds to libsim-exec-start's
 * (seccomp.c) once the program's libraries are loaded: exec is refused
 * from now on (the starter needed it for the program itself).
 *
 * The starter's filter must already hold: a shim in a program that was
 * not started through it stops (no_new_privs and a filter are its marks).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "filter.h"
#include "shim.h"

void shim_seccomp(void)
{
	static struct filter f;

	if (shim_host(SYS_prctl, PR_GET_SECCOMP, 0, 0, 0, 0, 0) != SECCOMP_MODE_FILTER ||
	    shim_host(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0, 0) != 1)
		shim_die("not started through libsim-exec-start: run programs through libsim");
	filter_begin(&f);
	filter_refuse(&f, SYS_execve, EPERM);
	filter_refuse(&f, SYS_execveat, EPERM);
	filter_end(&f);
	filter_install(&f, "refuses exec");
}
