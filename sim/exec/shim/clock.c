// SPDX-License-Identifier: GPL-2.0-only
/*
 * The program's clocks and sleeps.  Every clock reads the node's
 * simulated time: the time the program started at (LIBSIM_NOW_NS), then
 * the time each reply from the simulator carries, so a program that
 * prints a time prints the same one every run.  As in the node's kernel,
 * the wall clock starts at 1970 and equals the monotonic clock.
 *
 * A program run as a `process` app (LIBSIM_TIMED=1) lives in simulated
 * time: its sleeps are the node's kernel's, which end at the simulated
 * time they ask for while the simulation goes on.  A `run:` command runs
 * at one instant (time stands still until it ends), so its sleeps stay the
 * host's: a kernel sleep could never end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "shim.h"

#define K_NANOSLEEP		101
#define K_CLOCK_NANOSLEEP	115

/* -1: not read yet.  Set by each reply (any thread), read by the clocks. */
static long long now = -1;
static int timed = -1;

void shim_set_now(long long ns)
{
	__atomic_store_n(&now, ns, __ATOMIC_RELAXED);
}

long long shim_now_ns(void)
{
	long long ns = __atomic_load_n(&now, __ATOMIC_RELAXED);
	const char *s;

	if (ns >= 0)
		return ns;
	s = getenv("LIBSIM_NOW_NS");
	ns = s ? atoll(s) : 0;
	/* A reply that came meanwhile is newer. */
	__atomic_compare_exchange_n(&now, &(long long){ -1 }, ns, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
	return __atomic_load_n(&now, __ATOMIC_RELAXED);
}

int shim_timed(void)
{
	if (timed < 0) {
		const char *s = getenv("LIBSIM_TIMED");

		timed = s && s[0] == '1';
	}
	return timed;
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	/* CPU time: a program's computation takes no simulated time (negative ids: another's CPU clock). */
	long long ns = id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID || id < 0 ? 0 : shim_now_ns();

	ts->tv_sec = (time_t)(ns / 1000000000LL);
	ts->tv_nsec = (long)(ns % 1000000000LL);
	return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	long long ns = shim_now_ns();

	(void)tz;
	if (tv) {
		tv->tv_sec = (time_t)(ns / 1000000000LL);
		tv->tv_usec = (suseconds_t)(ns % 1000000000LL / 1000);
	}
	return 0;
}

time_t time(time_t *t)
{
	time_t s = (time_t)(shim_now_ns() / 1000000000LL);

	if (t)
		*t = s;
	return s;
}

/* The kernel's clock_nanosleep: 0 or a positive errno, as the call returns. */
static int ksleep(clockid_t id, int flags, const struct timespec *req, struct timespec *rem)
{
	struct shim_arg a[4];

	a[0] = shim_int(id);
	a[1] = shim_int(flags);
	a[2] = shim_buf(SHIM_IN, req, sizeof(*req));
	a[3] = shim_buf(SHIM_OUT, rem, rem ? sizeof(*rem) : 0);
	return (int)-shim_call(K_CLOCK_NANOSLEEP, a, 4);
}

int clock_nanosleep(clockid_t id, int flags, const struct timespec *req, struct timespec *rem)
{
	int saved = errno, r;

	if (shim_timed())
		return ksleep(id, flags, req, rem);
	/* clock_nanosleep returns its error and leaves errno alone. */
	r = shim_host(SYS_clock_nanosleep, id, flags, (long)req, (long)rem, 0, 0) < 0 ? errno : 0;
	errno = saved;
	return r;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	struct shim_arg a[2];

	if (!shim_timed())
		return (int)shim_host(SYS_nanosleep, (long)req, (long)rem, 0, 0, 0, 0);
	a[0] = shim_buf(SHIM_IN, req, sizeof(*req));
	a[1] = shim_buf(SHIM_OUT, rem, rem ? sizeof(*rem) : 0);
	return (int)shim_ret(shim_call(K_NANOSLEEP, a, 2));
}

int usleep(useconds_t us)
{
	struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000 };

	return nanosleep(&ts, NULL);
}

unsigned int sleep(unsigned int s)
{
	struct timespec ts = { .tv_sec = s, .tv_nsec = 0 }, rem = { 0, 0 };

	if (nanosleep(&ts, &rem) < 0 && errno == EINTR)
		return (unsigned int)rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}
