/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libsim exec shim: preloaded into a real tool (ip, tc, sysctl, ...) that
 * libsim runs for a node.  It forwards the tool's sockets, interface
 * ioctls and its files under /proc/sys, /proc/net and /sys to that node's
 * kernel over a channel to the simulator, and never to the host.
 */
#ifndef LIBSIM_SHIM_H
#define LIBSIM_SHIM_H

#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>

/* asm-generic system call numbers of the node's kernel (liblinux). */
#define K_GETCWD	17
#define K_DUP		23
#define K_FCNTL		25
#define K_IOCTL		29
#define K_READLINKAT	78
#define K_UNAME		160
#define K_SETHOSTNAME	161
#define K_SETDOMAINNAME	162
#define K_OPENAT	56
#define K_CLOSE		57
#define K_GETDENTS64	61
#define K_LSEEK		62
#define K_READ		63
#define K_WRITE		64
#define K_PREAD64	67
#define K_PWRITE64	68
#define K_SOCKET	198
#define K_SOCKETPAIR	199
#define K_BIND		200
#define K_LISTEN	201
#define K_ACCEPT	202
#define K_CONNECT	203
#define K_GETSOCKNAME	204
#define K_GETPEERNAME	205
#define K_SENDTO	206
#define K_RECVFROM	207
#define K_SETSOCKOPT	208
#define K_GETSOCKOPT	209
#define K_SHUTDOWN	210
#define K_SENDMSG	211
#define K_RECVMSG	212
#define K_ACCEPT4	242
#define K_STATX		291

/* How one argument travels (see sim/exec/exec-protocol.ts, which must agree). */
enum shim_arg_kind {
	SHIM_INT = 0,	/* an integer, passed as is */
	SHIM_IN = 1,	/* a buffer the kernel reads */
	SHIM_OUT = 2,	/* a buffer the kernel writes, returned */
	SHIM_INOUT = 3,	/* both */
	SHIM_MSG = 4,	/* a struct msghdr: name, data (gathered), control */
	SHIM_OUTR = 5,	/* a buffer the kernel fills up to the call's result (read) */
	SHIM_FPROG = 6,	/* a struct sock_fprog: its filter's instructions */
};

struct shim_arg {
	uint32_t kind;
	uint32_t size;		/* IN/OUT/INOUT: bytes */
	int64_t value;		/* INT */
	void *buf;		/* IN/OUT/INOUT */
	struct msghdr *msg;	/* MSG */
	int recv;		/* MSG: 1 for recvmsg, 0 for sendmsg */
};

/* Largest buffer moved in one call; larger reads and receives are cut. */
#define SHIM_MAX_BUF (1u << 20)

static inline struct shim_arg shim_int(long v)
{
	struct shim_arg a = { .kind = SHIM_INT, .value = v };
	return a;
}

static inline struct shim_arg shim_buf(uint32_t kind, const void *buf, size_t size)
{
	struct shim_arg a = { .kind = kind, .buf = (void *)buf,
			      .size = (uint32_t)size };
	if (!buf)
		a = shim_int(0);
	return a;
}

/*
 * The simulator's own calls, which it answers itself rather than its
 * node's kernel (sim/exec/call-server.ts): numbered above every system
 * call.  They let it run a program's threads one at a time (threads.c).
 */
#define SIM_THREAD_NEW		0x10001	/* (id): thread id is being created; 0 or -EAGAIN */
#define SIM_THREAD_START	0x10002	/* (): the calling thread starts; answered when it may run */
#define SIM_THREAD_EXIT		0x10003	/* (id): thread id has ended; no reply */
#define SIM_PARK		0x10004	/* (key, deadline ns or -1): wait for a wake; 0 or -ETIMEDOUT */
#define SIM_WAKE		0x10005	/* (key, n): wake up to n threads parked on key; no reply */
/* (id, sig, value ns or -1, interval ns, OUT i64[2]): arm a timer (0: disarm; -1: only read it); the old value, interval */
#define SIM_TIMER		0x10006
#define SIM_SIGNALS		0x10007	/* (mask): signals the program ignores, bit sig - 1; no reply */

/* channel.c: runs one system call in the node's kernel: result or -errno. */
long shim_call(long nr, struct shim_arg *args, int nargs);
/* Sends a request that gets no reply (SIM_THREAD_EXIT, SIM_WAKE). */
void shim_notify(long nr, struct shim_arg *args, int nargs);
int shim_channel_fd(void);
/* The calling thread's number on the channel (0: the main thread); a fresh number; the thread's own. */
int shim_thread_id(void);
int shim_thread_new_id(void);
void shim_thread_set_id(int id);
/* A lock that is a bare futex word (0: unlocked), for the shim's own state. */
void shim_lock(int *word);
void shim_unlock(int *word);
/* The size of the kernel's sigset_t, which the rt_sig* system calls take. */
#define KERNEL_SIGSET 8

/*
 * signals.c: signals that come between enter and leave wait until leave
 * (a handler must not find the shim's state half-changed); enter returns
 * what leave takes.
 */
int shim_crit_enter(void);
void shim_crit_leave(int was);
/* How a handler that ran for a delivered signal ends an interrupted call. */
enum { SHIM_SIG_NONE = 0, SHIM_SIG_HANDLER, SHIM_SIG_HANDLER_RESTART };
/* Raises a signal the simulator delivered with a reply on this thread; how its handler is set. */
int shim_signal_deliver(int sig);
/* Whether an interrupted call is made again; else sets *r to what the program gets. */
int shim_signal_restarts(long *r, int how);
/* How many handlers have run on this thread. */
unsigned int shim_signals_handled(void);
/* sigwait.c: threads waiting for a signal look again (one is pending for the process). */
void shim_signal_waiters_wake(void);
/* tsc.c: whether rdtsc traps; emulates a trapped rdtsc (1), or says the fault is not one (0). */
int shim_tsc_trapping(void);
int shim_tsc_fault(siginfo_t *info, void *ctx);
/* Makes rdtsc trap (from the constructor). */
void shim_tsc_trap(void);
/* signals.c: the trampoline stands in for sig's action from now on, whatever the program sets (tsc.c). */
int shim_signal_keep(int sig);
/* Sets errno from a negative result and returns -1, else returns r. */
long shim_ret(long r);
/* Prints "libsim shim: <msg>" on stderr and exits 125. */
void shim_die(const char *msg) __attribute__((noreturn));

/* clock.c: the simulated time of the last reply; whether the program lives in simulated time. */
void shim_set_now(long long ns);
long long shim_now_ns(void);
int shim_timed(void);

/* fdmap.c: host placeholder fds that stand for the node's kernel fds. */
enum shim_fd_kind { SHIM_FD_NONE = 0, SHIM_FD_SOCKET, SHIM_FD_FILE };
int shim_kfd(int fd);			/* kernel fd behind fd, or -1 */
int shim_fd_kind(int fd);
int shim_fd_new(int kfd, int kind, int cloexec);	/* placeholder or -1/errno */
int shim_fd_new_min(int kfd, int kind, int cloexec, int min);	/* ... numbered min or more */
int shim_fd_adopt(int fd, int kfd, int kind);	/* host fd fd (a placeholder already) stands for kfd */
void shim_fd_forget(int fd);		/* forget, leaving the host fd open */
void shim_fd_drop(int fd);		/* forget (and close) the placeholder */
int shim_fd_reserved(int fd);		/* the channel: never the tool's */

/* pipes.c: raises SIGPIPE for a write's -EPIPE (the node's kernel cannot deliver it); returns r. */
long shim_epipe(long r);

/* paths.c */
int shim_path_forwarded(const char *path);
int shim_normalize(const char *path, char *out, size_t len);
int shim_normalize_at(int dirfd, const char *path, char *out, size_t len);
/* Whether normalized path is dir or beneath it. */
int shim_under(const char *path, const char *dir);
/* The host path of directory dirfd (the working directory for AT_FDCWD): 0, or -1. */
int shim_base_dir(int dirfd, char *out, size_t len);

/*
 * view.c: the names the program knows the node's directories by (/root
 * for the scratch directory).  The host path a path the program names
 * (relative to host directory dirfd) stands for: 1 and out filled, 0 when
 * it is no name of the view (use it as it is), -1 (ENAMETOOLONG).
 */
int shim_view_host(int dirfd, const char *path, char *out, size_t len);
/* How the program sees host path path: 1 and out filled, 0 as it is, -1 (ENAMETOOLONG). */
int shim_view_shown(const char *path, char *out, size_t len);

/* Where a tool's path leads: the node, a host file it may use, or nowhere. */
enum shim_path_class { SHIM_PATH_HOST = 0, SHIM_PATH_NODE, SHIM_PATH_DENY };

/* What the tool means to do with a path (shim_classify's how). */
#define SHIM_LOOK	0	/* metadata: stat, access, readlink, statfs, getxattr */
#define SHIM_READ	1	/* contents: open for reading, opendir */
#define SHIM_WRITE	2	/* the file: open for writing, truncate, chmod, utime, setxattr */
#define SHIM_ENTRY	3	/* the name: create, remove, rename, link it (its directory changes) */
#define SHIM_USE	3	/* mask of the above */
#define SHIM_NOFOLLOW	4	/* a final symbolic link is itself the file */
#define SHIM_CREATE	8	/* SHIM_WRITE: create the file if it does not exist */

struct shim_target {
	char node[4096];	/* NODE: the node's absolute path */
	int fd;			/* HOST: O_PATH descriptor of the file, or of the directory to create name in */
	char name[256];		/* HOST: "" (fd is the file), or the last component in directory fd */
};

int shim_classify(int dirfd, const char *path, int how, struct shim_target *t);
void shim_target_done(struct shim_target *t);
/* The file of an O_PATH descriptor opened for real with flags (no re-resolution). */
int shim_reopen(int fd, int flags);
/* Opens a HOST target of shim_classify() as open() would, and releases it. */
int shim_open_target(struct shim_target *t, int flags, int mode);
/* Whether host descriptor fd may be changed (fchmod, fchown, ioctl...): 0, or -1 and EACCES. */
int shim_host_fd_check(int fd, int how, const char *call);
/* Whether host descriptor fd (any, O_PATH too) is a file in the node's directory. */
int shim_fd_in_node_dir(int fd);
/* The node's scratch directory on the host (LIBSIM_NODE_DIR), or NULL. */
const char *shim_node_dir(void);
/* Prints "libsim: <what>" on the tool's stderr (at most 100 lines a process). */
void shim_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints that call is not forwarded for node descriptors; sets errno, returns -1. */
long shim_unsupported(const char *call, int err, const char *why);

/*
 * seccomp.c: libsim-exec-start's filter for process self: no host socket,
 * no new process, nothing of other processes or lasting on the host.
 */
void shim_seccomp_install(int self, int landlock_abi);
/* seccomp-shim.c: the shim's: no exec from its constructor on. */
void shim_seccomp(void);
/* landlock.c: the host kernel's Landlock ABI (0: none), and writes kept beneath node_dir. */
int shim_landlock_abi(void);
void shim_landlock_restrict(const char *node_dir, int abi);
/* caps.c: none back by exec (needs root: before shim_become), then no capabilities left. */
void shim_bound_capabilities(void);
void shim_drop_capabilities(void);
/* identity.c: the command's unprivileged host identity (libsim-exec-start --as UID:GID). */
int shim_parse_identity(const char *s, unsigned int *uid, unsigned int *gid);
void shim_become(unsigned int uid, unsigned int gid);
/* LD_PRELOAD as /proc/self/fd/N of the shim opened now: N, or -1 (not set). */
int shim_preload_by_descriptor(void);
/* Dies unless uid, now the process's, can read the shim through N. */
void shim_check_preload(int fd, unsigned int uid);

/* Raw host calls that bypass every wrapper: -1 and errno on failure. */
long shim_host(long nr, long a, long b, long c, long d, long e, long f);

/*
 * The shim's mark on the calls that change a host file without writing
 * it (chmod, chown, utime, xattrs): a value in the sixth argument, which
 * none of them has, that the starter's filter lets them through with
 * (seccomp.c).  The shim judges them by path first (paths.c); a call that
 * bypasses the shim -- Go's runtime, a static program, glibc's internal
 * calls -- does not carry it and fails with EPERM.
 */
#define SHIM_MARK 0x6c696273696d2121L	/* "libsim!!" */

#endif
