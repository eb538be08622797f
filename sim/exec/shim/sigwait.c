// SPDX-License-Identifier: GPL-2.0-only
/*
 * Waiting for a signal, in simulated time: pause(), sigsuspend() and the
 * sigwait family park the thread in the simulator (SIM_PARK on a key of
 * the shim's own) instead of sleeping on the host, where nothing would
 * ever come.  The simulator wakes a parked thread to hand it a signal it
 * delivers (signals.c), and a thread that was handed one it blocks leaves
 * it pending for the process and wakes every thread parked here, so that
 * a sigwait() elsewhere takes it, as the kernel would let it.  A sigwait
 * takes what is pending with a zero-timeout sigtimedwait on the host,
 * then parks until the next wake or its deadline.
 *
 * A `run:` command's waits stay the host's, as its sleeps do (clock.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include "shim.h"


/* Its address is the key threads waiting for a signal park on. */
static int key;

void shim_signal_waiters_wake(void)
{
	struct shim_arg a[2] = { shim_int((long)&key), shim_int(INT_MAX) };

	shim_notify(SIM_WAKE, a, 2);
}

/* Parks until a wake or `deadline` (simulated ns; -1: none): 0, or ETIMEDOUT. */
static int park(long long deadline)
{
	struct shim_arg a[2] = { shim_int((long)&key), shim_int(deadline) };
	long r = shim_call(SIM_PARK, a, 2);

	if (r == -ETIMEDOUT)
		return ETIMEDOUT;
	if (r < 0)
		shim_die("the simulator refused to park a thread");
	return 0;
}

/* Waits until a handler has run on this thread: -1 and EINTR, as pause() ends. */
static int until_handled(void)
{
	unsigned int before = shim_signals_handled();

	while (shim_signals_handled() == before)
		park(-1);
	errno = EINTR;
	return -1;
}

int pause(void)
{
	if (!shim_timed())
		return (int)shim_host(SYS_pause, 0, 0, 0, 0, 0, 0);
	return until_handled();
}

int sigsuspend(const sigset_t *mask)
{
	sigset_t old;
	int r;

	if (!shim_timed())
		return (int)shim_host(SYS_rt_sigsuspend, (long)mask, KERNEL_SIGSET, 0, 0, 0, 0);
	/* A signal pending for the process and let through by mask is handled right here. */
	if (sigprocmask(SIG_SETMASK, mask, &old) < 0)
		return -1;
	r = until_handled();
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = EINTR;
	return r;
}

int __sigsuspend(const sigset_t *mask)
{
	return sigsuspend(mask);
}

int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
	const struct timespec none = { 0, 0 };
	long long deadline = -1;
	long r;

	if (!shim_timed())
		return (int)shim_host(SYS_rt_sigtimedwait, (long)set, (long)info, (long)timeout, KERNEL_SIGSET, 0,
				      0);
	if (timeout) {
		if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000L) {
			errno = EINVAL;
			return -1;
		}
		deadline = shim_now_ns() + timeout->tv_sec * 1000000000LL + timeout->tv_nsec;
	}
	for (;;) {
		r = shim_host(SYS_rt_sigtimedwait, (long)set, (long)info, (long)&none, KERNEL_SIGSET, 0, 0);
		if (r > 0 || errno != EAGAIN)
			return (int)r;
		if (park(deadline) == ETIMEDOUT) {
			errno = EAGAIN;
			return -1;
		}
	}
}

int __sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
	return sigtimedwait(set, info, timeout);
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	return sigtimedwait(set, info, NULL);
}

int sigwait(const sigset_t *set, int *sig)
{
	int r = sigwaitinfo(set, NULL);

	if (r < 0)
		return errno;
	*sig = r;
	return 0;
}
