/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * liblinux.h - the whole contract between a host program and liblinux.
 *
 * liblinux is Linux 6.1 built as a shared library (ARCH=lib).  One loaded
 * copy of the library is one kernel: its globals are the kernel's globals.
 * To run many kernels in one process, load many copies (an in-memory copy
 * per instance, memfd_create + dlopen; see kernel/test/instance.c).
 *
 * Threading: a copy is driven by one host thread at a time.  No call blocks
 * the host and the kernel never calls back except through struct
 * lib_host_ops, always from inside one of the calls below.
 *
 * Time: the host owns it.  Every call that enters the kernel carries
 * `now`, in nanoseconds of the host's virtual clock; it must never go
 * backwards.  During one call the kernel's clock stands still at `now`:
 * timers due at or before `now` fire, softirqs and runnable tasks run until
 * the CPU would go idle, then the call returns.  lib_next_deadline() then
 * says when the kernel next needs to run; the host calls lib_run() at that
 * time (or earlier, if it has something else to deliver).
 *
 * Errors: calls return -errno (Linux numbering) on failure.  A system call's
 * own result is reported separately (it may itself be -errno).
 */
#ifndef LIBLINUX_H
#define LIBLINUX_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this header; lib_host_ops.api_version must carry it. */
#define LIB_API_VERSION 2

/* Returned by every entry once the instance has panicked. */
#define LIB_EDEAD (-131) /* -ENOTRECOVERABLE */

/* lib_syscall() return values besides -errno. */
#define LIB_DONE 0    /* the call completed; *result holds its result */
#define LIB_PENDING 1 /* the call blocked; see lib_completions() */

/* Deadline value meaning "no timer armed". */
#define LIB_NO_DEADLINE (~(uint64_t)0)

/*
 * What the host provides.  The table is copied by lib_init(); the
 * callbacks are called only from inside a call into the library.
 */
struct lib_host_ops {
	/* LIB_API_VERSION. */
	uint32_t api_version;
	uint32_t reserved;
	/* Handed back as the first argument of every callback. */
	void *ctx;
	/*
	 * RAM of this kernel in bytes: a multiple of 4096, at least 16 MiB;
	 * 0 means the default (64 MiB).  It is requested once, at boot, through
	 * mem_alloc; pages the kernel never touches cost the host nothing
	 * when mem_alloc returns lazily committed memory (anonymous mmap).
	 */
	uint64_t memory_bytes;
	/*
	 * Seed of every random number the kernel draws: hash secrets,
	 * initial sequence numbers, ephemeral ports, ...  The same seed
	 * with the same inputs at the same times gives the same run.
	 */
	uint64_t random_seed;
	/* Extra kernel command line (e.g. "loglevel=4"), or NULL. */
	const char *cmdline;
	/*
	 * Returns `size` bytes of zeroed, page-aligned memory, or NULL.
	 * Called once, during lib_init().  The memory must stay valid for
	 * the life of the instance; the host frees it after unloading.
	 */
	void *(*mem_alloc)(void *ctx, size_t size);
	/*
	 * Optional (may be NULL): asks the host to back [addr, addr + len),
	 * inside the block from mem_alloc, with memory now, e.g. with
	 * madvise(MADV_POPULATE_WRITE).  Boot writes nearly every one of
	 * these pages anyway (the page map, the first allocations), so a
	 * host may back whole huge pages of the range (MADV_HUGEPAGE; align
	 * the block for that); populating them in one call costs far less
	 * than a page fault for each.
	 */
	void (*mem_populate)(void *ctx, void *addr, size_t len);
	/*
	 * One line of the kernel log, without its newline, prefixed with
	 * the kernel's own "[seconds.micros]" time stamp.  May be NULL.
	 */
	void (*log)(void *ctx, const char *line, size_t len);
	/*
	 * The kernel panicked (panic(), BUG()).  `message` is the panic
	 * message.  When it returns, the call into the library in progress
	 * returns LIB_EDEAD, and so does every later call.  May be NULL.
	 */
	void (*panic)(void *ctx, const char *message);
};

/*
 * Boots the kernel at time `now`.  Returns 0 once boot is complete (all
 * initcalls ran, /proc and /sys are mounted, init is running),
 * -EINVAL for a bad table, -ENOMEM when mem_alloc fails, -EALREADY if this
 * copy was booted before, LIB_EDEAD if boot panicked.  If boot has to wait
 * for a timer, boot advances the kernel's clock itself: lib_now() tells the
 * time boot finished.
 */
int lib_init(const struct lib_host_ops *ops, uint64_t now);

/*
 * Runs the kernel at time `now`: fires timers due by then, runs softirqs
 * and tasks until idle.  Returns 0, -EINVAL if `now` is before the kernel's
 * clock, LIB_EDEAD.
 */
int lib_run(uint64_t now);

/* When the kernel next needs lib_run() (ns), or LIB_NO_DEADLINE. */
uint64_t lib_next_deadline(void);

/* The kernel's clock: the `now` of the last call that entered it. */
uint64_t lib_now(void);

/* The kernel release, e.g. "6.1.192". */
const char *lib_kernel_version(void);

/*
 * Creates a task to submit system calls on, at time `now`.  With
 * share_files_with == 0 the task is a new process (a child of init with
 * its own file table, as after fork + close of every fd); with the id of
 * an existing task it is a thread of that task's process, sharing its file
 * table, so one can block in accept() while another sends.  Returns the
 * task id (> 0) or -errno: -ESRCH: no such task; -EAGAIN: the kernel's
 * task limit (kernel.threads-max, set from its memory: about 240 tasks
 * alive at once in 64 MiB) is reached; -ENOMEM: less than 1/16 of the
 * kernel's memory is free (kept for the network stack; without it a
 * kernel out of memory panics, having no process it may kill).  End tasks
 * with lib_task_exit() once done.
 */
int lib_task_create(int share_files_with, uint64_t now);

/*
 * Ends task `task` at time `now`, as a thread that calls exit() does: it
 * goes through the kernel's do_exit() and is reaped, so its kernel stack,
 * its task and its pid are freed.  When it is the last task of its process
 * (a task made with share_files_with == 0 and every thread made from it),
 * the process exits too: its file table is released, so every file and
 * socket still open in it is closed as by close() (a TCP connection sends
 * its FIN, or an RST if unread data was left), and init reaps it.  While
 * other tasks of the process remain, the process and its files live on.
 *
 * A task with a call pending (LIB_PENDING, not yet reported) is killed:
 * the call is interrupted as by SIGKILL, for this task only, and its
 * completion is never reported; one already waiting in lib_completions()
 * is dropped.  Every interruptible or killable wait ends within this
 * entry; a call in an uninterruptible wait finishes first, so its pointers
 * must stay valid until then.
 *
 * Afterwards `task` is refused (-ESRCH) by every call; ids are not reused
 * until the id space (2^31) wraps.  Returns 0, -ESRCH for an unknown task,
 * LIB_EDEAD.
 */
int lib_task_exit(int task, uint64_t now);

/*
 * Interrupts the call task `task` has pending, at time `now`, as a signal
 * sent to that thread would on real Linux: an interruptible wait ends
 * within this entry and the call completes (lib_completions()) with what
 * the kernel returns then: -EINTR, or -ERESTARTSYS (512), -ERESTARTNOINTR
 * (513), -ERESTARTNOHAND (514) or -ERESTART_RESTARTBLOCK (516), which the
 * caller turns into a restart of the call or -EINTR as an architecture's
 * signal delivery does (a handler with SA_RESTART restarts -ERESTARTSYS;
 * -ERESTART_RESTARTBLOCK restarts as restart_syscall).  A call that is
 * not waiting, or waits uninterruptibly, completes as it would have.
 * Returns 1 if a call was interrupted, 0 if the task had none pending,
 * -ESRCH for an unknown task, LIB_EDEAD.
 */
int lib_task_interrupt(int task, uint64_t now);

/*
 * A run of host memory that a system call may use as its user memory.
 * The kernel reaches user memory only inside the ranges given with the
 * call: a pointer anywhere else (in an argument, or inside a structure
 * the call reads, such as a msghdr's iovec or a sock_fprog's filter) is
 * -EFAULT, as an unmapped user address is on real Linux.
 */
struct lib_user_range {
	uint64_t addr;
	uint64_t len;
};

/*
 * At most this many ranges per call: six msghdr arguments, each with its
 * iovec, data, name and control, are 30.
 */
#define LIB_USER_MAX 32
/*
 * `nuser` for a host that vouches for every pointer it passes (the
 * library's own C tests): any address above the first 64 KiB is taken.
 */
#define LIB_USER_ANY (-1)

/*
 * Submits system call `nr` with six arguments on `task` at time `now`.
 * Numbers are Linux's asm-generic ones (as on arm64 and riscv); LIB_SYS_*
 * below names those the library is tested with.  Pointers in args are host
 * pointers into the `nuser` ranges of `user` (copied: the array itself
 * need not outlive the call); the memory they describe must stay valid
 * until the call completes.
 *
 * Returns LIB_DONE with the call's result (>= 0, or -errno) in *result;
 * LIB_PENDING if the call blocked: it completes on a later entry and is
 * then reported by lib_completions(); -EBUSY if the task has a call
 * pending; -ESRCH for an unknown task; -ENOSYS for a call the library
 * refuses (exit, execve, clone, reboot ...); -EINVAL for more than
 * LIB_USER_MAX ranges, or a range that wraps around; LIB_EDEAD.  A call
 * interrupted by lib_task_interrupt() reports what the kernel returned,
 * -EINTR or one of its restart codes (see there): only the caller knows
 * the handler that decides between them.
 */
int lib_syscall(int task, long nr, const long args[6],
		const struct lib_user_range *user, int nuser, uint64_t now,
		long *result);

/* A blocked system call that has completed. */
struct lib_completion {
	int32_t task;
	int32_t reserved;
	int64_t result;
};

/*
 * Moves up to `max` completions, oldest first, into `out` and returns how
 * many were moved.  Completions queue up inside any entry; the host reads
 * them after each entry.  Reading does not enter the kernel.
 */
int lib_completions(struct lib_completion *out, int max);

/*
 * Reads or writes a sysctl by name, at time `now`: "net.ipv4.ip_forward"
 * or "net/ipv4/ip_forward" (use the slash form when a component holds a
 * dot, e.g. an interface "eth0.5").  lib_sysctl_get writes the value as
 * text without its trailing newline, NUL-terminated, and returns its
 * length (-ENAMETOOLONG if it does not fit in len); lib_sysctl_set returns
 * 0.  -ENOENT for an unknown name, other -errno as the kernel says.
 */
int lib_sysctl_get(const char *name, char *buf, size_t len, uint64_t now);
int lib_sysctl_set(const char *name, const char *value, uint64_t now);

/*
 * Virtual Ethernet devices.  What the kernel transmits is queued inside
 * the library and read by the host after an entry; what the host delivers
 * goes up the normal receive path (netif_rx), as from a NIC.  Frames are
 * what a NIC puts on a cable: Ethernet header included, no FCS, at most
 * MTU + 14 bytes (+ 4 with a VLAN tag), with complete checksums.
 */
struct lib_frame {
	int32_t ifindex;
	uint32_t len;
	const void *data;
};

/*
 * Creates a device at time `now`: `name` (as for ip link, < 16 bytes),
 * `mac` (6 bytes, unicast), `mtu` (68..65535; 0 means 1500).  The device
 * starts administratively down with its carrier up.  Returns its ifindex
 * (> 0), -EEXIST if the name is taken, -EINVAL for a bad argument.
 */
int lib_netdev_create(const char *name, const uint8_t mac[6],
		      unsigned int mtu, uint64_t now);

/* Sets the carrier (link detected) of a device. -ENODEV: no such device. */
int lib_netdev_set_carrier(int ifindex, int up, uint64_t now);

/*
 * Delivers frames to devices at time `now`; each is copied.  Frames to a
 * device that is down are dropped as a NIC would (and counted).  Returns
 * the number of frames taken, or -errno with nothing taken: -ENODEV for
 * an unknown ifindex, -EINVAL for a frame shorter than an Ethernet header
 * or longer than the device's MTU allows.
 */
int lib_netdev_receive(const struct lib_frame *frames, int n, uint64_t now);

/*
 * Moves up to `max` of the frames the kernel transmitted, oldest first,
 * into `out`; returns how many.  Their data stays valid until the next
 * call that enters the kernel (any call taking `now`).  Does not enter.
 */
int lib_netdev_transmitted(struct lib_frame *out, int max);

/*
 * Like lib_netdev_transmitted(), but also copies each frame's data into
 * `buf` (`len` bytes), back to back at 8-byte aligned offsets; out[i].data
 * then points into `buf`, which the host owns.  Stops after `max` frames
 * or before the first frame that does not fit; returns how many it moved
 * (0 if the oldest frame alone is larger than `len`).  One call instead of
 * one copy per frame.  Does not enter.
 */
int lib_netdev_transmitted_copy(struct lib_frame *out, int max, void *buf,
				size_t len);

/*
 * What the host checks after every entry, readable without a call.  The
 * library updates it before every call returns, so the host reads it in
 * place and calls lib_completions() or lib_netdev_transmitted*() only when
 * there is something to read.
 */
struct lib_status {
	/* As lib_next_deadline(). */
	uint64_t next_deadline;
	/* Completions waiting for lib_completions(). */
	uint32_t completions;
	/* Frames waiting for lib_netdev_transmitted*(), and their bytes. */
	uint32_t transmitted;
	uint64_t transmitted_bytes;
	/* 1 once the instance has died. */
	uint32_t dead;
	uint32_t reserved;
};

/* The instance's status, at a fixed address for its whole life. */
const struct lib_status *lib_status(void);

/*
 * For hosts that map the library file themselves instead of dlopen()ing
 * it (so that every instance shares the file's text and read-only pages):
 * after mapping every PT_LOAD segment at one base address, with the
 * writable one writable and its bss zeroed, call this once through its
 * mapped address; it applies the library's relocations (all of them
 * R_X86_64_RELATIVE) for that base.  Returns 0, -EALREADY if the copy is
 * already relocated (also after dlopen()), -ENOEXEC for a relocation of
 * another type.  Nothing else may be called before it.
 */
int lib_self_relocate(void);

/*
 * Machine faults.  A panic or BUG() is the kernel's own verdict and goes
 * to the panic callback.  A wild access in kernel code -- a bad pointer,
 * a jump through a bad function pointer, a stack pointer gone bad, a
 * division by zero -- is instead raised by the processor in the host
 * thread (SIGSEGV, SIGBUS, SIGFPE, SIGILL), and ends the whole process
 * unless the host catches it.  The library has no libc and installs no
 * signal handler; a host that wants such a fault to end this instance
 * alone installs one (kernel/host/fault-guard.c is one) and asks each copy,
 * before lib_init(), for what the handler needs:
 */
struct lib_fault_target {
	/* The copy's loaded image (text, data, bss, the boot stack). */
	const void *image;
	uint64_t image_len;
	/*
	 * Nonzero exactly while the copy's kernel runs, that is while the
	 * host waits in a call that entered it; zero while the library's
	 * code runs on the host's stack (checks before an entry, the reads
	 * of lib_completions() and lib_netdev_transmitted*(), callbacks).
	 */
	const volatile uint32_t *running;
	/*
	 * Where the handler resumes the thread: as a call of resume(signal,
	 * si_code, si_addr, address of the faulting instruction) -- System V
	 * arguments, a stack pointer 8 below a 16-byte boundary, the direction
	 * flag clear -- on a stack of at least 16 KiB the host provides.
	 * Signal numbers and codes are Linux x86-64's.  It never returns.
	 */
	void (*resume)(int32_t sig, int32_t code, uint64_t addr, uint64_t ip);
};

/*
 * Fills *out for this copy; may be called before lib_init().  Returns 0,
 * -EINVAL for NULL.
 *
 * A fault is this copy's when the processor raised it (si_code > 0), the
 * copy's kernel is running (*running != 0), and the faulting instruction
 * lies in the image or the stack pointer lies in the image or in the
 * block mem_alloc returned (every kernel stack is in one of the two).
 * The handler then resumes the thread at `resume` and returns; the
 * instance dies as on a panic: a "SIGSEGV in kernel code: ..." line
 * goes to the log callback and the same text to the panic callback, the call in progress
 * returns LIB_EDEAD and so does every later call.  Addresses in the
 * message are relative to the image ("liblinux+0x...") or to the RAM
 * block ("ram+0x...") where they lie in one, so that the same fault reads
 * the same in every run.  Any other fault is not the copy's to recover
 * from -- nor is a second one in a copy whose first was recovered -- and
 * goes to whatever handled it before (by default, the process ends).
 */
int lib_fault_target(struct lib_fault_target *out);

/*
 * Test-only operations, used by kernel/test; not for simulations.
 *   LIB_DEBUG_BUG         executes BUG() in kernel context.
 *   LIB_DEBUG_TIMER_ARM   arms a kernel timer (timer_list) for jiffy `arg`.
 *   LIB_DEBUG_TIMER_FIRED *out = the kernel's time (ns) the timer armed by
 *                         LIB_DEBUG_TIMER_ARM ran at, or 0 if not yet.
 *   LIB_DEBUG_HRTIMER_ARM arms an hrtimer for ktime `arg` (ns).
 *   LIB_DEBUG_HRTIMER_FIRED like LIB_DEBUG_TIMER_FIRED, for the hrtimer.
 *   LIB_DEBUG_JIFFIES     *out = jiffies_64.
 *   LIB_DEBUG_KTIME       *out = ktime_get() in ns.
 *   LIB_DEBUG_JIFFY_NS    *out = nanoseconds per jiffy.
 *   LIB_DEBUG_INITIAL_JIFFIES *out = INITIAL_JIFFIES as a 64-bit value.
 *   LIB_DEBUG_WARN        executes WARN() in kernel context: a "WARNING:"
 *                         log line and taint 512, as a kernel warning has.
 *   LIB_DEBUG_FAULT       makes a wild access of kind `arg` (enum
 *                         lib_debug_fault) in kernel context: a machine
 *                         fault, not a BUG() (see struct lib_fault_target).
 * Returns 0, -EINVAL for an unknown op, LIB_EDEAD.
 *
 * The same faults at boot: the kernel command line option
 * "lib_debug_fault=<kind>" (write, poison, call, stack, divide, illegal)
 * makes one in the last initcalls, as a driver's init might.
 */
enum lib_debug_op {
	LIB_DEBUG_BUG = 1,
	LIB_DEBUG_TIMER_ARM,
	LIB_DEBUG_TIMER_FIRED,
	LIB_DEBUG_HRTIMER_ARM,
	LIB_DEBUG_HRTIMER_FIRED,
	LIB_DEBUG_JIFFIES,
	LIB_DEBUG_KTIME,
	LIB_DEBUG_JIFFY_NS,
	LIB_DEBUG_INITIAL_JIFFIES,
	LIB_DEBUG_WARN,
	LIB_DEBUG_FAULT,
};
int lib_debug(int op, uint64_t arg, uint64_t *out, uint64_t now);

/* Kinds of LIB_DEBUG_FAULT, and the signal each raises. */
enum lib_debug_fault {
	LIB_FAULT_WRITE = 0,	/* a write through a NULL struct pointer: SIGSEGV */
	LIB_FAULT_POISON,	/* a read of a poisoned list pointer: SIGSEGV (#GP) */
	LIB_FAULT_CALL,		/* a call through a NULL function pointer: SIGSEGV */
	LIB_FAULT_STACK,	/* a push on a stack pointer gone bad: SIGSEGV */
	LIB_FAULT_DIVIDE,	/* an integer division by zero: SIGFPE */
	LIB_FAULT_ILLEGAL,	/* an undefined instruction: SIGILL */
};

/*
 * System call numbers (asm-generic/unistd.h).  poll() is ppoll() with a
 * struct timespec timeout (NULL: wait until ready) and no signal mask.
 */
#define LIB_SYS_epoll_create1	20
#define LIB_SYS_epoll_ctl	21
#define LIB_SYS_epoll_pwait	22
#define LIB_SYS_dup		23
#define LIB_SYS_dup3		24
#define LIB_SYS_fcntl		25
#define LIB_SYS_ioctl		29
#define LIB_SYS_openat		56
#define LIB_SYS_close		57
#define LIB_SYS_pipe2		59
#define LIB_SYS_getdents64	61
#define LIB_SYS_lseek		62
#define LIB_SYS_read		63
#define LIB_SYS_write		64
#define LIB_SYS_readv		65
#define LIB_SYS_writev		66
#define LIB_SYS_ppoll		73
#define LIB_SYS_nanosleep	101
#define LIB_SYS_uname		160
#define LIB_SYS_getpid		172
#define LIB_SYS_socket		198
#define LIB_SYS_socketpair	199
#define LIB_SYS_bind		200
#define LIB_SYS_listen		201
#define LIB_SYS_accept		202
#define LIB_SYS_connect		203
#define LIB_SYS_getsockname	204
#define LIB_SYS_getpeername	205
#define LIB_SYS_sendto		206
#define LIB_SYS_recvfrom	207
#define LIB_SYS_setsockopt	208
#define LIB_SYS_getsockopt	209
#define LIB_SYS_shutdown	210
#define LIB_SYS_sendmsg		211
#define LIB_SYS_recvmsg		212
#define LIB_SYS_accept4		242
#define LIB_SYS_recvmmsg	243
#define LIB_SYS_sendmmsg	269
#define LIB_SYS_getrandom	278

#ifdef __cplusplus
}
#endif

#endif /* LIBLINUX_H */
