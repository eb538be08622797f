// SPDX-License-Identifier: GPL-2.0-only
/*
 * The seccomp filter libsim-exec-start installs before it executes the
 * program: the host kernel's answer to every system call the shim's
 * wrappers would refuse, however it is made -- glibc's internal calls
 * (daemon() forks through one), Go's runtime, a raw `syscall`
 * instruction.  It is inherited by everything the program becomes and
 * cannot be removed.  Refused:
 *
 *  - new processes and leaving the command's process group: fork, vfork,
 *    clone of anything but a thread, clone3 (ENOSYS: its flags are in
 *    memory, which a filter cannot read; glibc then creates threads with
 *    clone), setsid, setpgid; namespaces, mounts, the root, swap,
 *    accounting, file handles;
 *  - the host's network: socket and socketpair (EACCES: every socket of
 *    a program is its node's, made through the shim's channel, which the
 *    simulator created), io_uring (ENOSYS: its operations open sockets
 *    and files out of the filter's sight), bpf (programs attach to host
 *    interfaces by index);
 *  - other processes: ptrace and the calls that read or write another
 *    process's memory or descriptors; signals, priorities, limits and
 *    SIGIO owners only for the command itself (0 or its own pid -- the
 *    command leads its group, so -pid is the group), which Landlock's
 *    scopes say again from ABI 6 (landlock.c);
 *  - host state that outlives the command: System V IPC, POSIX message
 *    queues, the kernel's key rings;
 *  - what Landlock cannot see: changing the mode, owner, times or
 *    extended attributes of a file (Landlock has no right for them: a
 *    file opened for reading, or a path, is enough) unless the call
 *    carries the shim's mark (SHIM_MARK: the shim judged its path and
 *    allows only the node's scratch files, paths.c), and chown with both
 *    ids -1 (it touches the ctime of any file) even then; setuid and setgid
 *    bits in a created file's mode (open with O_CREAT, mkdir, mknod);
 *    O_TRUNC without write access;
 *    openat2 (ENOSYS: its mode is in memory); ioctls other than those
 *    that only read (ENOTTY: inode flags, fs-specific ioctls of a file
 *    opened for reading); the inode attribute and xattr-at calls; and
 *    truncate(2) of a path where Landlock is older than ABI 3 (the shim
 *    truncates through a descriptor it opened for writing).
 *
 * Calls of another ABI (i386 through int 0x80, x32) fail with ENOSYS.
 * The mark tells the shim's calls from calls that bypass it by accident
 * (Go's runtime, a static program, glibc's internal calls); code that
 * sets out to forge it could, as it could call into the shim: against
 * that, Landlock and the rest of this filter are what hold.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "filter.h"
#include "shim.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2		452
#endif
#ifndef SYS_setxattrat
#define SYS_setxattrat		463
#endif
#ifndef SYS_removexattrat
#define SYS_removexattrat	466
#endif
#ifndef SYS_file_setattr
#define SYS_file_setattr	469
#endif
#ifndef F_SETOWN_EX
#define F_SETOWN_EX		15
#endif
/* _IOR('T', 0x2A, struct termios2): that struct clashes with glibc's termios. */
#define TCGETS2_X86_64		0x802c542au
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define ALLOW			FILTER_RET(SECCOMP_RET_ALLOW)

/* Namespace flags a thread may not take either. */
#define NEW_NS (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
		CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME)

/* clone: a thread only, and no new namespace. */
static const struct sock_filter clone_rule[] = {
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 5),
	FILTER_LOAD(FILTER_ARG_LO(0)),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NEW_NS, 2, 0),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1),
	ALLOW,
	FILTER_ERR(EPERM),
};

static const unsigned int no_process[] = {
	SYS_fork, SYS_vfork, SYS_setsid, SYS_setpgid, SYS_unshare, SYS_setns,
	SYS_mount, SYS_umount2, SYS_pivot_root, SYS_chroot, SYS_open_tree,
	SYS_move_mount, SYS_fsopen, SYS_fsmount, SYS_acct, SYS_swapon,
	SYS_swapoff, SYS_name_to_handle_at, SYS_open_by_handle_at,
};

static const unsigned int no_other_process[] = {
	SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev,
	SYS_pidfd_getfd, SYS_kcmp, SYS_tkill, SYS_pidfd_send_signal,
};

static const unsigned int no_host_objects[] = {
	SYS_shmget, SYS_semget, SYS_msgget, SYS_mq_open, SYS_mq_unlink,
	SYS_add_key, SYS_request_key, SYS_keyctl,
};

/* ioctls that only read, or change only the descriptor. */
static const uint32_t reading_ioctls[] = {
	TCGETS, TCGETS2_X86_64, TIOCGWINSZ, TIOCGPGRP, FIONREAD, FIONBIO, FIOCLEX,
	FIONCLEX, FIOASYNC, FIOQSIZE, FIGETBSZ, FS_IOC_GETFLAGS,
	FS_IOC32_GETFLAGS, FS_IOC_FSGETXATTR, FS_IOC_FIEMAP,
};

static void refuse_all(struct filter *f, const unsigned int *nrs, unsigned int n, unsigned int err)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		filter_refuse(f, nrs[i], err);
}

static void processes(struct filter *f)
{
	filter_raw(f, clone_rule, ARRAY_SIZE(clone_rule));
	filter_refuse(f, SYS_clone3, ENOSYS);
	refuse_all(f, no_process, ARRAY_SIZE(no_process), EPERM);
}

static void host_network(struct filter *f)
{
	filter_refuse(f, SYS_socket, EACCES);
	filter_refuse(f, SYS_socketpair, EACCES);
	filter_refuse(f, SYS_io_uring_setup, ENOSYS);
	filter_refuse(f, SYS_io_uring_enter, ENOSYS);
	filter_refuse(f, SYS_io_uring_register, ENOSYS);
	filter_refuse(f, SYS_bpf, EPERM);
}

/*
 * A call with a "which" argument (setpriority, ioprio_set) only for one
 * process, and that one itself: PRIO_USER with 0 would be every process
 * of whoever runs libsim.
 */
static void which_self(struct filter *f, unsigned int nr, uint32_t which, uint32_t self)
{
	const struct sock_filter rule[] = {
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 7),
		FILTER_LOAD(FILTER_ARG_LO(0)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, which, 0, 3),
		FILTER_LOAD(FILTER_ARG_LO(1)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, self, 1, 0),
		FILTER_ERR(EPERM),
		ALLOW,
	};

	filter_raw(f, rule, ARRAY_SIZE(rule));
}

/* F_SETOWN to anyone but itself would send it SIGIO (fatal by default); F_SETOWN_EX is in memory. */
static void sigio_owner(struct filter *f, uint32_t self)
{
	const struct sock_filter rule[] = {
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_fcntl, 0, 9),
		FILTER_LOAD(FILTER_ARG_LO(1)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, F_SETOWN_EX, 5, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, F_SETOWN, 0, 5),
		FILTER_LOAD(FILTER_ARG_LO(2)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, self, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, -self, 1, 0),
		FILTER_ERR(EPERM),
		ALLOW,
	};

	filter_raw(f, rule, ARRAY_SIZE(rule));
}

static void other_processes(struct filter *f, uint32_t self)
{
	const uint32_t kill_ok[] = { 0, self, -self };
	const uint32_t pid_ok[] = { 0, self };
	const uint32_t tgid_ok[] = { self };

	refuse_all(f, no_other_process, ARRAY_SIZE(no_other_process), EPERM);
	filter_arg_in(f, SYS_kill, 0, kill_ok, ARRAY_SIZE(kill_ok), EPERM);
	filter_arg_in(f, SYS_tgkill, 0, tgid_ok, ARRAY_SIZE(tgid_ok), EPERM);
	filter_arg_in(f, SYS_rt_sigqueueinfo, 0, tgid_ok, ARRAY_SIZE(tgid_ok), EPERM);
	filter_arg_in(f, SYS_rt_tgsigqueueinfo, 0, tgid_ok, ARRAY_SIZE(tgid_ok), EPERM);
	filter_arg_in(f, SYS_prlimit64, 0, pid_ok, ARRAY_SIZE(pid_ok), EPERM);
	filter_arg_in(f, SYS_sched_setaffinity, 0, pid_ok, ARRAY_SIZE(pid_ok), EPERM);
	filter_arg_in(f, SYS_sched_setscheduler, 0, pid_ok, ARRAY_SIZE(pid_ok), EPERM);
	filter_arg_in(f, SYS_sched_setparam, 0, pid_ok, ARRAY_SIZE(pid_ok), EPERM);
	filter_arg_in(f, SYS_sched_setattr, 0, pid_ok, ARRAY_SIZE(pid_ok), EPERM);
	which_self(f, SYS_setpriority, PRIO_PROCESS, self);
	which_self(f, SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, self);
	sigio_owner(f, self);
	refuse_all(f, no_host_objects, ARRAY_SIZE(no_host_objects), EACCES);
}

/*
 * The calls the shim marks: none takes more than five arguments, so the
 * mark is always the sixth (r9), which the kernel does not read.
 */
static const unsigned int marked[] = {
	SYS_chmod, SYS_fchmod, SYS_fchmodat, SYS_fchmodat2,
	SYS_utime, SYS_utimes, SYS_futimesat, SYS_utimensat,
	SYS_setxattr, SYS_lsetxattr, SYS_fsetxattr,
	SYS_removexattr, SYS_lremovexattr, SYS_fremovexattr,
};

/*
 * The chown calls are marked too, and never made with both ids -1: that
 * changes nothing but the file's ctime, which the host kernel lets any
 * user do to any file it can reach -- the one change of a host file its
 * permission checks would leave to a command that forged the mark.  (The
 * shim answers it itself, paths.c having judged the file.)
 */
static void chown_rule(struct filter *f, unsigned int nr, unsigned int uid, unsigned int gid)
{
	const struct sock_filter rule[] = {
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 10),
		FILTER_LOAD(FILTER_ARG_LO(uid)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)-1, 0, 2),
		FILTER_LOAD(FILTER_ARG_LO(gid)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)-1, 5, 0),
		FILTER_LOAD(FILTER_ARG_LO(5)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)SHIM_MARK, 0, 3),
		FILTER_LOAD(FILTER_ARG_LO(5) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(SHIM_MARK >> 32), 0, 1),
		ALLOW,
		FILTER_ERR(EPERM),
	};

	filter_raw(f, rule, ARRAY_SIZE(rule));
}

/*
 * open and openat (flags in argument flags, mode in the next): O_TRUNC
 * only with write access -- before ABI 3, Landlock judges an open by its
 * access mode alone, and O_RDONLY | O_TRUNC would empty a host file --
 * and no setuid or setgid bit in the mode of a file it creates.
 */
static void open_rule(struct filter *f, unsigned int nr, unsigned int flags)
{
	const struct sock_filter rule[] = {
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 12),
		FILTER_LOAD(FILTER_ARG_LO(flags)),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_TRUNC, 0, 4),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, O_ACCMODE),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, O_WRONLY, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, O_RDWR, 1, 0),
		FILTER_ERR(EACCES),
		FILTER_LOAD(FILTER_ARG_LO(flags)),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_CREAT | __O_TMPFILE, 0, 3),
		FILTER_LOAD(FILTER_ARG_LO(flags + 1)),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, S_ISUID | S_ISGID, 0, 1),
		FILTER_ERR(EACCES),
		ALLOW,
	};

	filter_raw(f, rule, ARRAY_SIZE(rule));
}

static void file_changes(struct filter *f, int landlock_abi)
{
	const uint32_t setid = S_ISUID | S_ISGID;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(marked); i++)
		filter_marked(f, marked[i], 5, SHIM_MARK, EPERM);
	chown_rule(f, SYS_chown, 1, 2);
	chown_rule(f, SYS_lchown, 1, 2);
	chown_rule(f, SYS_fchown, 1, 2);
	chown_rule(f, SYS_fchownat, 2, 3);
	open_rule(f, SYS_open, 1);
	open_rule(f, SYS_openat, 2);
	filter_arg_bits(f, SYS_creat, -1, 0, 1, setid, EACCES);
	filter_arg_bits(f, SYS_mkdir, -1, 0, 1, setid, EACCES);
	filter_arg_bits(f, SYS_mkdirat, -1, 0, 2, setid, EACCES);
	filter_arg_bits(f, SYS_mknod, -1, 0, 1, setid, EACCES);
	filter_arg_bits(f, SYS_mknodat, -1, 0, 2, setid, EACCES);
	filter_refuse(f, SYS_openat2, ENOSYS);
	filter_arg_in(f, SYS_ioctl, 1, reading_ioctls, ARRAY_SIZE(reading_ioctls), ENOTTY);
	filter_refuse(f, SYS_file_setattr, EPERM);
	filter_refuse(f, SYS_setxattrat, EPERM);
	filter_refuse(f, SYS_removexattrat, EPERM);
	if (landlock_abi < 3)
		filter_refuse(f, SYS_truncate, EACCES);
}

/*
 * The filter of libsim-exec-start, for the process self (the command,
 * before and after it executes the program).  exec stays allowed, for
 * the program; the shim refuses it from its constructor on.  Needs
 * no_new_privs (start.c).
 */
void shim_seccomp_install(int self, int landlock_abi)
{
	static struct filter f;

	filter_begin(&f);
	processes(&f);
	host_network(&f);
	other_processes(&f, (uint32_t)self);
	file_changes(&f, landlock_abi);
	filter_end(&f);
	filter_install(&f, "confines the command");
}
