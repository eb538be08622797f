// SPDX-License-Identifier: GPL-2.0-only
/*
 * The program's signal handlers.  The shim installs a trampoline of its
 * own for every handler the program sets, and keeps the program's in a
 * table (what sigaction() reports back), for two reasons:
 *
 *  - A signal that comes while a thread is inside the shim's channel code
 *    (a frame half written, a lock held, its reply awaited) must wait
 *    until the thread is out: the trampoline defers it -- adds it to the
 *    mask of the context it interrupted and queues it again -- and the
 *    thread lets it through on its way out (shim_crit_leave).  That costs
 *    a flag per call, not the two rt_sigprocmask calls blocking every
 *    signal around each call would.  Faults (SIGSEGV, SIGBUS, SIGILL,
 *    SIGFPE, SIGTRAP, SIGSYS sent by the kernel) are never deferred: the
 *    instruction would only fault again.
 *
 *  - The simulator delivers signals at simulated times (a timer, the
 *    app's stop): it interrupts a call that waits in the node's kernel
 *    and hands the signal over with that call's reply.  The shim then
 *    raises it on the thread, so the handler runs where the kernel would
 *    have run it -- on the way back from the call -- and ends the call as
 *    an architecture's signal code does: restarted, or EINTR, by the
 *    kernel's restart code and the handler's SA_RESTART.  The simulator
 *    is told which signals the program ignores (SIM_SIGNALS), since those
 *    must interrupt nothing.
 *
 * pause(), sigsuspend() and sigwait() wait for such a signal in
 * simulated time (sigwait.c).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include "shim.h"

/* The kernel's restart codes (include/linux/errno.h), which interrupted calls return. */
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

/* The program's actions, by signal; `owned`: the trampoline stands in for it in the host kernel. */
static struct sigaction user[NSIG];
static unsigned char owned[NSIG];
static int table_lock;
/* Signals the program ignores, bit sig - 1, as the simulator was last told. */
static uint64_t told_ignored = (1ull << (SIGCHLD - 1)) | (1ull << (SIGCONT - 1)) |
			       (1ull << (SIGURG - 1)) | (1ull << (SIGWINCH - 1));

/* In the shim's channel code; signals deferred meanwhile, and the mask to give back then. */
static __thread volatile sig_atomic_t crit;
static __thread volatile sig_atomic_t deferred;
static __thread sigset_t deferred_mask;
/* Handlers run on this thread (pause() waits for one). */
static __thread unsigned int handled;

static int (*host_sigaction)(int, const struct sigaction *, struct sigaction *);

static int real_sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	if (!host_sigaction)
		host_sigaction = (int (*)(int, const struct sigaction *, struct sigaction *))dlsym(RTLD_NEXT,
												  "sigaction");
	if (!host_sigaction)
		shim_die("no sigaction in the C library");
	return host_sigaction(sig, act, old);
}

static int is_fault(int sig, const siginfo_t *info)
{
	return (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP ||
		sig == SIGSYS) &&
	       info->si_code > 0;
}

static int ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

/* Runs the program's action for sig as the kernel would have (the trampoline's own work). */
static void run_action(int sig, siginfo_t *info, void *ctx)
{
	struct sigaction a = user[sig];

	if (a.sa_flags & SA_RESETHAND) {
		/* The kernel has reset its side already. */
		user[sig].sa_handler = SIG_DFL;
		user[sig].sa_flags &= ~SA_SIGINFO;
		owned[sig] = 0;
	}
	if (a.sa_handler == SIG_IGN)
		return;
	if (a.sa_handler == SIG_DFL) {
		/* Only a fault the trampoline kept (tsc.c): again, with the default action. */
		struct sigaction dfl = { .sa_handler = SIG_DFL };

		real_sigaction(sig, &dfl, NULL);
		owned[sig] = 0;
		if (!is_fault(sig, info))
			shim_host(SYS_tgkill, shim_host(SYS_getpid, 0, 0, 0, 0, 0, 0),
				  shim_host(SYS_gettid, 0, 0, 0, 0, 0, 0), sig, 0, 0, 0);
		return;
	}
	handled++;
	if (a.sa_flags & SA_SIGINFO)
		a.sa_sigaction(sig, info, ctx);
	else
		a.sa_handler(sig);
}

unsigned int shim_signals_handled(void)
{
	return handled;
}

static void trampoline(int sig, siginfo_t *info, void *ctx);

/*
 * Keeps sig for when the thread leaves the shim: blocked in the context
 * the handler returns to, and pending again.
 */
static void defer(int sig, siginfo_t *info, ucontext_t *uc)
{
	int saved = errno;
	long pid = shim_host(SYS_getpid, 0, 0, 0, 0, 0, 0), tid = shim_host(SYS_gettid, 0, 0, 0, 0, 0, 0);

	if (!deferred) {
		deferred_mask = uc->uc_sigmask;
		deferred = 1;
	}
	sigaddset(&uc->uc_sigmask, sig);
	if (user[sig].sa_flags & SA_RESETHAND) {
		/* The kernel reset the action on delivery: the trampoline must catch it again. */
		struct sigaction k = user[sig];

		k.sa_sigaction = trampoline;
		k.sa_flags = (k.sa_flags | SA_SIGINFO) & ~SA_RESETHAND;
		real_sigaction(sig, &k, NULL);
	}
	/*
	 * With its siginfo where the kernel lets a thread queue that to
	 * itself (the main thread, or a code of a process's own); else
	 * as a tgkill, which keeps the number and loses the details.
	 */
	if (shim_host(SYS_rt_tgsigqueueinfo, pid, tid, sig, (long)info, 0, 0) < 0)
		shim_host(SYS_tgkill, pid, tid, sig, 0, 0, 0);
	errno = saved;
}

static void trampoline(int sig, siginfo_t *info, void *ctx)
{
	if (sig == SIGSEGV && shim_tsc_fault(info, ctx))
		return;
	if (crit && !is_fault(sig, info)) {
		defer(sig, info, ctx);
		return;
	}
	run_action(sig, info, ctx);
}

int shim_crit_enter(void)
{
	int was = crit;

	crit = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	return was;
}

void shim_crit_leave(int was)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	crit = was;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (!was && deferred) {
		sigset_t mask = deferred_mask;

		deferred = 0;
		/* What was deferred is delivered as this returns. */
		shim_host(SYS_rt_sigprocmask, SIG_SETMASK, (long)&mask, 0, KERNEL_SIGSET, 0, 0);
	}
}

static uint64_t ignored_mask(void)
{
	uint64_t m = 0;
	int sig;

	for (sig = 1; sig <= 64 && sig < NSIG; sig++) {
		void (*h)(int) = user[sig].sa_handler;

		if (h == SIG_IGN || (h == SIG_DFL && ignored_by_default(sig)))
			m |= 1ull << (sig - 1);
	}
	return m;
}

/* Under table_lock: tells the simulator which signals must interrupt nothing, if that changed. */
static void tell_ignored(void)
{
	uint64_t m = ignored_mask();
	struct shim_arg a;

	if (m == told_ignored || !shim_timed())
		return;
	told_ignored = m;
	a = shim_int((long)m);
	shim_notify(SIM_SIGNALS, &a, 1);
}

/* Installs act for sig in the host kernel: the trampoline for a handler (and for a trap the shim keeps). */
static int install(int sig, const struct sigaction *act)
{
	struct sigaction k = *act;
	int trap = sig == SIGSEGV && shim_tsc_trapping();

	if (act->sa_handler == SIG_DFL || act->sa_handler == SIG_IGN) {
		if (!trap) {
			if (real_sigaction(sig, act, NULL) < 0)
				return -1;
			owned[sig] = 0;
			return 0;
		}
		k.sa_flags = 0;
	}
	k.sa_sigaction = trampoline;
	k.sa_flags |= SA_SIGINFO;
	if (real_sigaction(sig, &k, NULL) < 0)
		return -1;
	owned[sig] = 1;
	return 0;
}

int shim_signal_keep(int sig)
{
	struct sigaction cur;
	int r;

	shim_lock(&table_lock);
	r = real_sigaction(sig, NULL, &cur);
	if (r == 0 && !owned[sig]) {
		user[sig] = cur;
		r = install(sig, &cur);
	}
	shim_unlock(&table_lock);
	return r;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct sigaction prev;
	int was, r = 0;

	if (sig < 1 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP)
		return real_sigaction(sig, act, old);
	was = shim_crit_enter();
	shim_lock(&table_lock);
	if (owned[sig] || !old)
		prev = user[sig];
	else
		r = real_sigaction(sig, NULL, &prev);
	if (r == 0 && act) {
		r = install(sig, act);
		if (r == 0) {
			user[sig] = *act;
			tell_ignored();
		}
	}
	shim_unlock(&table_lock);
	shim_crit_leave(was);
	if (r == 0 && old)
		*old = prev;
	return r;
}

int __sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	return sigaction(sig, act, old);
}

/* signal() as glibc's: BSD semantics (the handler stays, calls restart, sig blocked in it). */
sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction act = { .sa_handler = handler, .sa_flags = SA_RESTART }, old;

	sigemptyset(&act.sa_mask);
	if (sigaddset(&act.sa_mask, sig) < 0 || sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

sighandler_t bsd_signal(int sig, sighandler_t handler)
{
	return signal(sig, handler);
}

sighandler_t ssignal(int sig, sighandler_t handler)
{
	return signal(sig, handler);
}

/* System V semantics: one delivery, not blocked in the handler, no restart. */
sighandler_t sysv_signal(int sig, sighandler_t handler)
{
	struct sigaction act = { .sa_handler = handler, .sa_flags = SA_RESETHAND | SA_NODEFER }, old;

	sigemptyset(&act.sa_mask);
	if (sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

sighandler_t __sysv_signal(int sig, sighandler_t handler)
{
	return sysv_signal(sig, handler);
}

int siginterrupt(int sig, int flag)
{
	struct sigaction act;

	if (sigaction(sig, NULL, &act) < 0)
		return -1;
	if (flag)
		act.sa_flags &= ~SA_RESTART;
	else
		act.sa_flags |= SA_RESTART;
	return sigaction(sig, &act, NULL);
}

sighandler_t sigset(int sig, sighandler_t disp)
{
	struct sigaction act = { .sa_handler = disp }, old;
	sigset_t set, was;

	sigemptyset(&set);
	if (sigaddset(&set, sig) < 0)
		return SIG_ERR;
	if (sigprocmask(SIG_BLOCK, NULL, &was) < 0)
		return SIG_ERR;
	if (disp == SIG_HOLD) {
		if (sigaction(sig, NULL, &old) < 0 || sigprocmask(SIG_BLOCK, &set, NULL) < 0)
			return SIG_ERR;
	} else {
		sigemptyset(&act.sa_mask);
		if (sigaction(sig, &act, &old) < 0 || sigprocmask(SIG_UNBLOCK, &set, NULL) < 0)
			return SIG_ERR;
	}
	return sigismember(&was, sig) ? SIG_HOLD : old.sa_handler;
}

/*
 * A signal the simulator handed over with a call's reply: raised on this
 * thread now, so its handler runs before the call returns, as on Linux.
 * A thread that blocks it passes it to the process (another thread takes
 * it, or it stays pending); then no handler ran here.
 */
int shim_signal_deliver(int sig)
{
	struct sigaction a;
	sigset_t mask;
	long pid = shim_host(SYS_getpid, 0, 0, 0, 0, 0, 0);
	int how;

	if (sig < 1 || sig >= NSIG)
		return SHIM_SIG_NONE;
	shim_host(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&mask, KERNEL_SIGSET, 0, 0);
	if (sigismember(&mask, sig)) {
		/* Pending for the process: a thread that waits for a signal looks (sigwait.c). */
		shim_host(SYS_kill, pid, sig, 0, 0, 0, 0);
		shim_signal_waiters_wake();
		return SHIM_SIG_NONE;
	}
	a = user[sig];
	if (!owned[sig] || a.sa_handler == SIG_DFL || a.sa_handler == SIG_IGN)
		how = SHIM_SIG_NONE;
	else
		how = a.sa_flags & SA_RESTART ? SHIM_SIG_HANDLER_RESTART : SHIM_SIG_HANDLER;
	shim_host(SYS_tgkill, pid, shim_host(SYS_gettid, 0, 0, 0, 0, 0, 0), sig, 0, 0, 0);
	return how;
}

/*
 * How a call interrupted by a signal ends, as the kernel's signal code
 * decides on the way back to user mode: 1 if it is made again, else 0
 * with *r the program's result.  A restart after ERESTART_RESTARTBLOCK
 * (nanosleep, poll with a timeout) would need the kernel's restart block,
 * which points into the buffers of the call before: it ends with EINTR,
 * as it would with a handler.
 */
int shim_signal_restarts(long *r, int how)
{
	switch (-*r) {
	case ERESTARTSYS:
		if (how == SHIM_SIG_HANDLER)
			break;
		return 1;
	case ERESTARTNOINTR:
		return 1;
	case ERESTARTNOHAND:
		if (how != SHIM_SIG_NONE)
			break;
		return 1;
	case ERESTART_RESTARTBLOCK:
		break;
	default:
		return 0;
	}
	*r = -EINTR;
	return 0;
}
