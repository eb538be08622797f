// SPDX-License-Identifier: GPL-2.0-only
/*
 * poll() and select() on the node's descriptors, as the kernel's ppoll
 * (select's sets become poll events as the kernel's own select does).
 * A command's time stands still, so a call that would have to wait for
 * the network or for its timeout never returns: the command's wall-clock
 * bound ends it.  A program in simulated time (a process app) waits in
 * simulated time.  Host descriptors in a call are looked at without
 * waiting (mixed_poll); host-only calls of a command go to the host.
 * (epoll: epoll.c.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include "shim.h"

#define K_PPOLL 73

static int kpoll(struct pollfd *fds, nfds_t n, const struct timespec *ts)
{
	struct pollfd *k;
	struct shim_arg a[5];
	long r;
	nfds_t i;

	if (n > 4096) {
		errno = EINVAL;
		return -1;
	}
	k = malloc(sizeof(*k) * (n ? n : 1));
	if (!k) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < n; i++) {
		k[i] = fds[i];
		k[i].fd = fds[i].fd < 0 ? -1 : shim_kfd(fds[i].fd);
	}
	a[0] = shim_buf(SHIM_INOUT, k, sizeof(*k) * n);
	a[1] = shim_int((long)n);
	a[2] = shim_buf(SHIM_IN, ts, ts ? sizeof(*ts) : 0);
	a[3] = shim_int(0);
	a[4] = shim_int(8);
	r = shim_call(K_PPOLL, a, 5);
	for (i = 0; i < n && r >= 0; i++)
		fds[i].revents = k[i].revents;
	free(k);
	return (int)shim_ret(r);
}

/* 1: all node fds, 0: all host fds, -1: both. */
static int which(const struct pollfd *fds, nfds_t n)
{
	int node = 0, host = 0;
	nfds_t i;

	for (i = 0; i < n; i++) {
		if (fds[i].fd < 0)
			continue;
		if (shim_kfd(fds[i].fd) >= 0)
			node = 1;
		else
			host = 1;
	}
	return node && host ? -1 : node;
}

/*
 * A program's host descriptors (its files, /dev/null, its output pipes)
 * are ready at once or not in any simulated time to come.  So a poll that
 * holds some looks at them without waiting, and waits, if it must, on the
 * node's descriptors alone -- with none, the wait is a sleep in the node's
 * kernel, so that a program in simulated time sleeps in simulated time.
 */
static int mixed_poll(struct pollfd *fds, nfds_t n, const struct timespec *ts)
{
	static const struct timespec zero;
	struct pollfd *host, *node;
	nfds_t i, nh = 0, nn = 0;
	long h;
	int k;

	host = malloc(sizeof(*host) * (n ? 2 * n : 1));
	if (!host) {
		errno = ENOMEM;
		return -1;
	}
	node = host + n;
	for (i = 0; i < n; i++) {
		fds[i].revents = 0;
		if (fds[i].fd >= 0 && shim_kfd(fds[i].fd) >= 0)
			node[nn++] = fds[i];
		else
			host[nh++] = fds[i];
	}
	h = shim_host(SYS_ppoll, (long)host, (long)nh, (long)&zero, 0, 8, 0);
	k = h < 0 ? -1 : kpoll(node, nn, h > 0 ? &zero : ts);
	if (k >= 0) {
		nh = nn = 0;
		for (i = 0; i < n; i++)
			fds[i].revents = fds[i].fd >= 0 && shim_kfd(fds[i].fd) >= 0 ? node[nn++].revents
										 : host[nh++].revents;
	}
	free(host);
	return k < 0 ? -1 : (int)h + k;
}

/* Whether a timeout is zero: a poll that does not wait. */
static int no_wait(const struct timespec *ts)
{
	return ts && !ts->tv_sec && !ts->tv_nsec;
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts, const sigset_t *mask)
{
	switch (which(fds, n)) {
	case 1:
		return kpoll(fds, n, ts);
	case 0:
		/* A command's time stands still: its waits on host descriptors are the host's. */
		if (!shim_timed() || no_wait(ts))
			return (int)shim_host(SYS_ppoll, (long)fds, (long)n, (long)ts, (long)mask, 8, 0);
		return mixed_poll(fds, n, ts);
	default:
		return mixed_poll(fds, n, ts);
	}
}

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	struct timespec ts = { timeout / 1000, (long)(timeout % 1000) * 1000000L };

	return ppoll(fds, n, timeout < 0 ? NULL : &ts, NULL);
}

int __poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t fdslen);
int __poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t fdslen)
{
	if (fdslen / sizeof(*fds) < n)
		abort();
	return poll(fds, n, timeout);
}

int __ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *ts, const sigset_t *mask, size_t fdslen);
int __ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *ts, const sigset_t *mask, size_t fdslen)
{
	if (fdslen / sizeof(*fds) < n)
		abort();
	return ppoll(fds, n, ts, mask);
}

/* What select's sets ask of fd, as poll events (0: nothing). */
static short select_events(int fd, fd_set *r, fd_set *w, fd_set *e)
{
	return (short)((r && FD_ISSET(fd, r) ? POLLIN : 0) | (w && FD_ISSET(fd, w) ? POLLOUT : 0) |
		       (e && FD_ISSET(fd, e) ? POLLPRI : 0));
}

/* select on node descriptors: -1 not all of them the node's (errno set), else the result. */
static int kselect(int n, fd_set *r, fd_set *w, fd_set *e, const struct timespec *ts)
{
	struct pollfd p[FD_SETSIZE];
	int i, k = 0, node = 0, host = 0, ready = 0;

	if (n < 0 || n > FD_SETSIZE) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < n; i++) {
		short ev = select_events(i, r, w, e);

		if (!ev)
			continue;
		if (shim_fd_reserved(i)) {
			errno = EBADF;
			return -1;
		}
		if (shim_kfd(i) >= 0)
			node = 1;
		else
			host = 1;
		p[k].fd = i;
		p[k].events = ev;
		p[k++].revents = 0;
	}
	if (((node && host) || !node ? mixed_poll(p, (nfds_t)k, ts) : kpoll(p, (nfds_t)k, ts)) < 0)
		return -1;
	for (i = 0; i < k; i++)
		if (p[i].revents & POLLNVAL) {
			errno = EBADF;
			return -1;
		}
	if (r)
		FD_ZERO(r);
	if (w)
		FD_ZERO(w);
	if (e)
		FD_ZERO(e);
	for (i = 0; i < k; i++) {
		short ev = p[i].revents;

		if (r && (p[i].events & POLLIN) && (ev & (POLLIN | POLLHUP | POLLERR))) {
			FD_SET(p[i].fd, r);
			ready++;
		}
		if (w && (p[i].events & POLLOUT) && (ev & (POLLOUT | POLLERR))) {
			FD_SET(p[i].fd, w);
			ready++;
		}
		if (e && (p[i].events & POLLPRI) && (ev & POLLPRI)) {
			FD_SET(p[i].fd, e);
			ready++;
		}
	}
	return ready;
}

/* Whether any descriptor in the sets is the node's (or the channel: EBADF). */
static int any_node(int n, fd_set *r, fd_set *w, fd_set *e)
{
	int i;

	for (i = 0; i < n && i < FD_SETSIZE; i++)
		if (select_events(i, r, w, e) && (shim_kfd(i) >= 0 || shim_fd_reserved(i)))
			return 1;
	return 0;
}

int pselect(int n, fd_set *r, fd_set *w, fd_set *e, const struct timespec *ts, const sigset_t *mask)
{
	struct { const sigset_t *set; size_t size; } sig = { mask, 8 };

	if (any_node(n, r, w, e) || (shim_timed() && !no_wait(ts)))
		return kselect(n, r, w, e, ts);
	return (int)shim_host(SYS_pselect6, n, (long)r, (long)w, (long)e, (long)ts, mask ? (long)&sig : 0);
}

int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	struct timespec ts;

	if (any_node(n, r, w, e) || (shim_timed() && !(tv && !tv->tv_sec && !tv->tv_usec))) {
		if (tv) {
			ts.tv_sec = tv->tv_sec;
			ts.tv_nsec = tv->tv_usec * 1000;
		}
		return kselect(n, r, w, e, tv ? &ts : NULL);
	}
	return (int)shim_host(SYS_select, n, (long)r, (long)w, (long)e, (long)tv, 0);
}
