// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tool's clocks read the node's simulated time, which stands still
 * while the tool runs (LIBSIM_NOW_NS, set by the simulator): a tool that
 * prints a time prints the same one every run.  As in the node's kernel,
 * the wall clock starts at 1970 and equals the monotonic clock.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include "shim.h"

static long long now_ns(void)
{
	const char *s = getenv("LIBSIM_NOW_NS");

	return s ? atoll(s) : 0;
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	long long ns = now_ns();

	(void)id;
	ts->tv_sec = (time_t)(ns / 1000000000LL);
	ts->tv_nsec = (long)(ns % 1000000000LL);
	return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	long long ns = now_ns();

	(void)tz;
	if (tv) {
		tv->tv_sec = (time_t)(ns / 1000000000LL);
		tv->tv_usec = (suseconds_t)(ns % 1000000000LL / 1000);
	}
	return 0;
}

time_t time(time_t *t)
{
	time_t s = (time_t)(now_ns() / 1000000000LL);

	if (t)
		*t = s;
	return s;
}
