// SPDX-License-Identifier: GPL-2.0-only
/*
 * poll() on the node's descriptors, as the kernel's ppoll.  Time stands
 * still while a tool runs, so a poll that would have to wait for the
 * network or for its timeout never returns: the command's wall-clock
 * bound ends it.  Mixing node and host descriptors in one call is not
 * supported (EINVAL); host-only calls go to the host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
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

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts, const sigset_t *mask)
{
	switch (which(fds, n)) {
	case 1:
		return kpoll(fds, n, ts);
	case 0:
		return (int)shim_host(SYS_ppoll, (long)fds, (long)n, (long)ts, (long)mask, 8, 0);
	default:
		errno = EINVAL;
		return -1;
	}
}

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	struct timespec ts = { timeout / 1000, (long)(timeout % 1000) * 1000000L };

	return ppoll(fds, n, timeout < 0 ? NULL : &ts, NULL);
}
