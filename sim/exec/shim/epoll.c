// SPDX-License-Identifier: GPL-2.0-only
/*
 * epoll.  A program in simulated time (a process app) gets the node's
 * epoll: it watches the node's descriptors, and its waits end in
 * simulated time.  A command, whose time stands still, keeps the host's,
 * which can watch host descriptors only (it would see a node descriptor's
 * placeholder, never its events).  Events carry the program's own data
 * back, so nothing in them needs translating; struct epoll_event is laid
 * out alike on both sides (packed on x86-64, where liblinux is built).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include "files.h"
#include "shim.h"

#define K_EPOLL_CREATE1	20
#define K_EPOLL_CTL	21
#define K_EPOLL_PWAIT	22

int epoll_create1(int flags)
{
	struct shim_arg a[1];
	long k;
	int fd;

	if (!shim_timed())
		return (int)shim_host(SYS_epoll_create1, flags, 0, 0, 0, 0, 0);
	a[0] = shim_int(flags & ~EPOLL_CLOEXEC);
	k = shim_call(K_EPOLL_CREATE1, a, 1);
	if (k < 0)
		return (int)shim_ret(k);
	fd = shim_fd_new((int)k, SHIM_FD_FILE, flags & EPOLL_CLOEXEC);
	if (fd < 0)
		shim_kclose((int)k);
	return fd;
}

int epoll_create(int size)
{
	if (size <= 0) {
		errno = EINVAL;
		return -1;
	}
	return epoll_create1(0);
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	int kep = shim_kfd(epfd), kfd = shim_kfd(fd);
	struct shim_arg a[4];

	if (shim_fd_reserved(epfd) || shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	if (kep < 0 && kfd >= 0)
		return (int)shim_unsupported("epoll_ctl", EOPNOTSUPP,
					     "node descriptors cannot be watched by the host's epoll (a command's; use poll or select)");
	if (kep < 0)
		return (int)shim_host(SYS_epoll_ctl, epfd, op, fd, (long)ev, 0, 0);
	if (kfd < 0)
		return (int)shim_unsupported("epoll_ctl", EPERM, "host descriptors cannot be watched by the node's epoll");
	a[0] = shim_int(kep);
	a[1] = shim_int(op);
	a[2] = shim_int(kfd);
	a[3] = shim_buf(SHIM_IN, ev, ev ? sizeof(*ev) : 0);
	return (int)shim_ret(shim_call(K_EPOLL_CTL, a, 4));
}

int epoll_pwait(int epfd, struct epoll_event *events, int max, int timeout, const sigset_t *mask)
{
	int kep = shim_kfd(epfd);
	struct shim_arg a[6];

	if (kep < 0)
		return (int)shim_host(SYS_epoll_pwait, epfd, (long)events, max, timeout, (long)mask, 8);
	if (max <= 0) {
		errno = EINVAL;
		return -1;
	}
	/* At most what one reply moves: the rest wait for the next call, as after a short maxevents. */
	if ((size_t)max > SHIM_MAX_BUF / sizeof(*events))
		max = (int)(SHIM_MAX_BUF / sizeof(*events));
	a[0] = shim_int(kep);
	a[1] = shim_buf(SHIM_OUT, events, (size_t)max * sizeof(*events));
	a[2] = shim_int(max);
	a[3] = shim_int(timeout);
	a[4] = shim_int(0);
	a[5] = shim_int(8);
	return (int)shim_ret(shim_call(K_EPOLL_PWAIT, a, 6));
}

int epoll_wait(int epfd, struct epoll_event *events, int max, int timeout)
{
	return epoll_pwait(epfd, events, max, timeout, NULL);
}

int epoll_pwait2(int epfd, struct epoll_event *events, int max, const struct timespec *t, const sigset_t *mask)
{
	long long ms;

	if (shim_kfd(epfd) < 0)
		return (int)shim_host(SYS_epoll_pwait2, epfd, (long)events, max, (long)t, (long)mask, 8);
	/* The node's epoll_pwait counts in ms: round a wait up, never down to a busy loop. */
	ms = !t ? -1 : t->tv_sec * 1000LL + (t->tv_nsec + 999999) / 1000000;
	return epoll_pwait(epfd, events, max, ms > 0x7fffffff ? 0x7fffffff : (int)ms, mask);
}
