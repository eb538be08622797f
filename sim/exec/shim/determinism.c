// SPDX-License-Identifier: GPL-2.0-only
/*
 * What else a program could tell one run from another by: its random
 * bytes, its CPU time and its process ids.  Random bytes come from the
 * node's kernel (getrandom; /dev/urandom is the node's too, see paths.c),
 * whose generator is seeded with the run's seed.  A program's computation
 * takes no simulated time, so its CPU time is zero.  Its pid and tid are
 * those of its task in the node's kernel, numbered in the order the node
 * made them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include "shim.h"

#define K_GETPID	172
#define K_GETPPID	173
#define K_GETTID	178
#define K_GETRANDOM	278

ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
	struct shim_arg a[3];
	size_t n = len < SHIM_MAX_BUF ? len : SHIM_MAX_BUF;

	a[0] = shim_buf(SHIM_OUT, buf, n);
	a[1] = shim_int((long)n);
	a[2] = shim_int(flags);
	return shim_ret(shim_call(K_GETRANDOM, a, 3));
}

int getentropy(void *buf, size_t len)
{
	size_t done = 0;

	if (len > 256) {
		errno = EIO;
		return -1;
	}
	while (done < len) {
		ssize_t r = getrandom((char *)buf + done, len - done, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

static long kernel_id(long nr)
{
	return shim_call(nr, NULL, 0);
}

pid_t getpid(void)
{
	static pid_t pid;

	/* The same for the life of the process (it cannot fork). */
	if (!pid)
		pid = (pid_t)kernel_id(K_GETPID);
	return pid;
}

pid_t getppid(void)
{
	return (pid_t)kernel_id(K_GETPPID);
}

pid_t gettid(void)
{
	return (pid_t)kernel_id(K_GETTID);
}

int getrusage(int who, struct rusage *ru)
{
	(void)who;
	memset(ru, 0, sizeof(*ru));
	return 0;
}

clock_t times(struct tms *t)
{
	struct timespec now;

	if (t)
		memset(t, 0, sizeof(*t));
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (clock_t)(now.tv_sec * sysconf(_SC_CLK_TCK) + now.tv_nsec / (1000000000L / sysconf(_SC_CLK_TCK)));
}

clock_t clock(void)
{
	return 0;
}
