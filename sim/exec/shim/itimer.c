// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interval timers in simulated time.  ITIMER_REAL (alarm, ualarm,
 * setitimer, getitimer) is the simulator's (SIM_TIMER): it delivers
 * SIGALRM at the simulated time the timer expires, interrupting a call
 * that waits (signals.c).  ITIMER_VIRTUAL and ITIMER_PROF count CPU time,
 * which a program's computation does not take in simulated time: they
 * keep what they are set to and never expire.  POSIX timers
 * (timer_create) are refused with a line saying so.
 *
 * A `run:` command lives at one instant: its timers stay the host's, as
 * its sleeps do (clock.c).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include "shim.h"

/* The simulator's number for ITIMER_REAL (POSIX timers would take others). */
#define REAL_TIMER_ID 0

static struct itimerval cpu_timers[3];
static int cpu_lock;

static long long tv_ns(const struct timeval *tv)
{
	return (long long)tv->tv_sec * 1000000000LL + (long long)tv->tv_usec * 1000LL;
}

static void ns_tv(long long ns, struct timeval *tv)
{
	tv->tv_sec = (time_t)(ns / 1000000000LL);
	tv->tv_usec = (suseconds_t)(ns % 1000000000LL / 1000);
}

/* ITIMER_REAL at the simulator: value -1 only reads it. */
static void real_timer(long long value, long long interval, struct itimerval *old)
{
	long long was[2] = { 0, 0 };
	struct shim_arg a[5] = {
		shim_int(REAL_TIMER_ID), shim_int(SIGALRM), shim_int(value), shim_int(interval),
		shim_buf(SHIM_OUT, was, sizeof(was)),
	};

	if (shim_call(SIM_TIMER, a, 5) < 0)
		shim_die("the simulator refused a timer");
	if (old) {
		ns_tv(was[0], &old->it_value);
		ns_tv(was[1], &old->it_interval);
	}
}

static int valid(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

int setitimer(__itimer_which_t which, const struct itimerval *value, struct itimerval *old)
{
	if (!shim_timed())
		return (int)shim_host(SYS_setitimer, which, (long)value, (long)old, 0, 0, 0);
	if ((int)which < ITIMER_REAL || (int)which > ITIMER_PROF || !value || !valid(&value->it_value) ||
	    !valid(&value->it_interval)) {
		errno = EINVAL;
		return -1;
	}
	if (which == ITIMER_REAL) {
		real_timer(tv_ns(&value->it_value), tv_ns(&value->it_interval), old);
		return 0;
	}
	shim_lock(&cpu_lock);
	if (old)
		*old = cpu_timers[which];
	cpu_timers[which] = *value;
	shim_unlock(&cpu_lock);
	return 0;
}

int getitimer(__itimer_which_t which, struct itimerval *value)
{
	if (!shim_timed())
		return (int)shim_host(SYS_getitimer, which, (long)value, 0, 0, 0, 0);
	if ((int)which < ITIMER_REAL || (int)which > ITIMER_PROF) {
		errno = EINVAL;
		return -1;
	}
	if (which == ITIMER_REAL) {
		real_timer(-1, 0, value);
		return 0;
	}
	shim_lock(&cpu_lock);
	*value = cpu_timers[which];
	shim_unlock(&cpu_lock);
	return 0;
}

/* As glibc's: the seconds that were left, rounded to the nearest, and at least 1 if any was. */
unsigned int alarm(unsigned int seconds)
{
	struct itimerval v = { .it_value = { .tv_sec = seconds } }, old;
	unsigned int left;

	if (setitimer(ITIMER_REAL, &v, &old) < 0)
		return 0;
	left = (unsigned int)old.it_value.tv_sec;
	if (old.it_value.tv_usec >= 500000 || (left == 0 && old.it_value.tv_usec > 0))
		left++;
	return left;
}

useconds_t ualarm(useconds_t value, useconds_t interval)
{
	struct itimerval v = {
		.it_value = { .tv_sec = value / 1000000, .tv_usec = value % 1000000 },
		.it_interval = { .tv_sec = interval / 1000000, .tv_usec = interval % 1000000 },
	}, old;

	if (setitimer(ITIMER_REAL, &v, &old) < 0)
		return (useconds_t)-1;
	return (useconds_t)(old.it_value.tv_sec * 1000000 + old.it_value.tv_usec);
}

int timer_create(clockid_t clock, struct sigevent *sev, timer_t *id)
{
	int (*host)(clockid_t, struct sigevent *, timer_t *);

	if (shim_timed())
		return (int)shim_unsupported("timer_create", ENOTSUP,
					     "POSIX timers do not run in simulated time: use setitimer, a timerfd or a poll timeout");
	host = (int (*)(clockid_t, struct sigevent *, timer_t *))dlsym(RTLD_NEXT, "timer_create");
	if (!host) {
		errno = ENOSYS;
		return -1;
	}
	return host(clock, sev, id);
}
