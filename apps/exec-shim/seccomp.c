// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system calls guard.c refuses, refused again by the host kernel: a
 * seccomp filter, installed by the shim's constructor, makes them fail
 * with an errno however they are made -- glibc's internal calls (daemon()
 * forks through one), or a raw `syscall` instruction.  So a tool can
 * neither start a process (fork, vfork, clone of anything but a thread,
 * clone3, execve, execveat) nor leave the process group the simulator
 * kills at the end of the command (setsid, setpgid), nor change the host's
 * namespaces and mounts.
 *
 * clone3 fails with ENOSYS, whose flags (in memory) a filter cannot read:
 * glibc then creates threads with clone, whose flags it can.  A thread
 * (CLONE_THREAD, no new namespace) dies with its process.  Calls of
 * another ABI (i386 through int 0x80, x32) fail with ENOSYS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "shim.h"

#define NR_OFF		offsetof(struct seccomp_data, nr)
#define ARCH_OFF	offsetof(struct seccomp_data, arch)
#define ARG0_OFF	offsetof(struct seccomp_data, args[0])
#define X32_BIT		0x40000000u
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Namespace flags a thread may not take either. */
#define NEW_NS (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
		CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME)

#define LOAD(off)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define RET(v)		BPF_STMT(BPF_RET | BPF_K, (v))
#define ERR(e)		RET(SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))
/* If nr is the call, go on to the next instruction (its verdict), else skip it. */
#define IS(nr)		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1)

static struct sock_filter filter[] = {
	LOAD(ARCH_OFF),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
	ERR(ENOSYS),
	LOAD(NR_OFF),
	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_BIT, 0, 1),
	ERR(ENOSYS),
	/* clone: a thread only, and no new namespace. */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 5),
	LOAD(ARG0_OFF),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NEW_NS, 2, 0),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1),
	RET(SECCOMP_RET_ALLOW),
	ERR(EPERM),
	IS(SYS_clone3), ERR(ENOSYS),
	IS(SYS_fork), ERR(EPERM),
	IS(SYS_vfork), ERR(EPERM),
	IS(SYS_setsid), ERR(EPERM),
	IS(SYS_setpgid), ERR(EPERM),
	IS(SYS_unshare), ERR(EPERM),
	IS(SYS_setns), ERR(EPERM),
	IS(SYS_mount), ERR(EPERM),
	IS(SYS_umount2), ERR(EPERM),
	IS(SYS_pivot_root), ERR(EPERM),
	IS(SYS_chroot), ERR(EPERM),
	IS(SYS_open_tree), ERR(EPERM),
	IS(SYS_move_mount), ERR(EPERM),
	IS(SYS_fsopen), ERR(EPERM),
	IS(SYS_fsmount), ERR(EPERM),
	IS(SYS_acct), ERR(EPERM),
	IS(SYS_swapon), ERR(EPERM),
	IS(SYS_swapoff), ERR(EPERM),
	IS(SYS_name_to_handle_at), ERR(EPERM),
	IS(SYS_open_by_handle_at), ERR(EPERM),
};

/* The end of the shim's filter; libsim-exec-start's allows its one exec. */
static struct sock_filter no_exec[] = {
	IS(SYS_execve), ERR(EPERM),
	IS(SYS_execveat), ERR(EPERM),
};

static struct sock_filter allow = RET(SECCOMP_RET_ALLOW);

/*
 * Installs the filter on every thread of the tool (a library's constructor,
 * run before ours, may have started one); with exec, the filter of
 * libsim-exec-start, which then executes the tool.  A tool that cannot be
 * confined does not run.
 */
void shim_seccomp_install(int exec)
{
	struct sock_filter all[ARRAY_SIZE(filter) + ARRAY_SIZE(no_exec) + 1];
	struct sock_fprog prog = { .filter = all };
	unsigned short n = 0, i;

	for (i = 0; i < ARRAY_SIZE(filter); i++)
		all[n++] = filter[i];
	for (i = 0; !exec && i < ARRAY_SIZE(no_exec); i++)
		all[n++] = no_exec[i];
	all[n++] = allow;
	prog.len = n;

	/* The filter's condition without CAP_SYS_ADMIN; exec is refused anyway. */
	if (shim_host(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0) < 0)
		shim_die("cannot set no_new_privs for the seccomp filter");
	/*
	 * The simulator runs each command in a process group of its own, out
	 * of reach of the terminal's signals: if the simulator dies, so does
	 * the command.
	 */
	if (shim_host(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0, 0) < 0)
		shim_die("cannot set the parent-death signal");
	if (shim_host(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC,
		      (long)&prog, 0, 0, 0) != 0)
		shim_die("cannot install the seccomp filter that refuses new processes");
}

void shim_seccomp(void)
{
	shim_seccomp_install(0);
}
