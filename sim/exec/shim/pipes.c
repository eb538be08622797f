// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pipes, eventfds and timerfds.  A program in simulated time (a process
 * app) gets the node's: a read of an empty pipe or eventfd, or of a
 * timerfd before it expires, waits in the node's kernel while simulated
 * time goes on, so one thread may wait for another that sleeps first,
 * and a timer set for 2 s expires 2 simulated seconds later.  Their
 * numbers are placeholders like a socket's (fdmap.c), so read, write,
 * close, fcntl, poll, select and the node's epoll (files.c, poll.c,
 * epoll.c) reach the kernel's objects and watch them with the program's
 * sockets.
 *
 * A command keeps the host's, as it keeps the host's sleeps and epoll:
 * its time stands still, so a node timerfd would never expire, and the
 * host's epoll it watches its descriptors with cannot watch node ones.
 * (So a command's thread that blocks reading a host pipe before the
 * writer has had its turn holds the run, as any host wait between
 * threads does: README, "Choices".)
 *
 * Calls that bypass these wrappers (glibc's internal ones, a raw system
 * call) make host objects, which stay correct as such: they never reach
 * the node, and a host descriptor is ready at once or never (poll.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "files.h"
#include "shim.h"

#define K_EVENTFD2		19
#define K_PIPE2			59
#define K_TIMERFD_CREATE	85
#define K_TIMERFD_SETTIME	86
#define K_TIMERFD_GETTIME	87

/*
 * A placeholder for kernel fd k: fd, or -1 with errno and k closed.  Of
 * the flags of pipe2, eventfd and timerfd_create, O_CLOEXEC (which
 * EFD_CLOEXEC and TFD_CLOEXEC are) is the placeholder's: the node's
 * kernel never executes anything.  The rest (O_NONBLOCK, O_DIRECT,
 * EFD_SEMAPHORE) are the kernel object's.
 */
static int placeholder(long k, int flags)
{
	int fd, e;

	if (k < 0)
		return (int)shim_ret(k);
	fd = shim_fd_new((int)k, SHIM_FD_FILE, flags & O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		shim_kclose((int)k);
		errno = e;
	}
	return fd;
}

int pipe2(int fds[2], int flags)
{
	struct shim_arg a[2];
	int k[2], e;
	long r;

	if (!shim_timed())
		return (int)shim_host(SYS_pipe2, (long)fds, flags, 0, 0, 0, 0);
	if (!fds) {
		errno = EFAULT;
		return -1;
	}
	a[0] = shim_buf(SHIM_OUT, k, sizeof(k));
	a[1] = shim_int(flags & ~O_CLOEXEC);
	r = shim_call(K_PIPE2, a, 2);
	if (r < 0)
		return (int)shim_ret(r);
	fds[0] = placeholder(k[0], flags);
	if (fds[0] < 0) {
		e = errno;
		shim_kclose(k[1]);
		errno = e;
		return -1;
	}
	fds[1] = placeholder(k[1], flags);
	if (fds[1] < 0) {
		/* The read end goes with it: pipe2 makes both or neither. */
		e = errno;
		close(fds[0]);
		errno = e;
		return -1;
	}
	return 0;
}

int pipe(int fds[2])
{
	return pipe2(fds, 0);
}

int eventfd(unsigned int count, int flags)
{
	struct shim_arg a[2] = { shim_int(count), shim_int(flags & ~O_CLOEXEC) };

	if (!shim_timed())
		return (int)shim_host(SYS_eventfd2, count, flags, 0, 0, 0, 0);
	return placeholder(shim_call(K_EVENTFD2, a, 2), flags);
}

/* glibc's eventfd_read and eventfd_write read and write with internal calls, which bypass read and write. */
int eventfd_read(int fd, eventfd_t *value)
{
	return read(fd, value, sizeof(*value)) == sizeof(*value) ? 0 : -1;
}

int eventfd_write(int fd, eventfd_t value)
{
	return write(fd, &value, sizeof(value)) == sizeof(value) ? 0 : -1;
}

int timerfd_create(clockid_t clock, int flags)
{
	struct shim_arg a[2] = { shim_int(clock), shim_int(flags & ~O_CLOEXEC) };

	if (!shim_timed())
		return (int)shim_host(SYS_timerfd_create, clock, flags, 0, 0, 0, 0);
	return placeholder(shim_call(K_TIMERFD_CREATE, a, 2), flags);
}

/*
 * The node's timers run on its clocks, which are the simulated time the
 * program's own clocks read (clock.c), so an absolute expiry the program
 * computed from clock_gettime() means the same instant to the kernel.
 */
int timerfd_settime(int fd, int flags, const struct itimerspec *value, struct itimerspec *old)
{
	int kfd = shim_kfd(fd);
	struct shim_arg a[4];

	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	if (kfd < 0)
		return (int)shim_host(SYS_timerfd_settime, fd, flags, (long)value, (long)old, 0, 0);
	a[0] = shim_int(kfd);
	a[1] = shim_int(flags);
	a[2] = shim_buf(SHIM_IN, value, sizeof(*value));
	a[3] = shim_buf(SHIM_OUT, old, old ? sizeof(*old) : 0);
	return (int)shim_ret(shim_call(K_TIMERFD_SETTIME, a, 4));
}

int timerfd_gettime(int fd, struct itimerspec *value)
{
	int kfd = shim_kfd(fd);
	struct shim_arg a[2];

	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	if (kfd < 0)
		return (int)shim_host(SYS_timerfd_gettime, fd, (long)value, 0, 0, 0, 0);
	a[0] = shim_int(kfd);
	a[1] = shim_buf(SHIM_OUT, value, sizeof(*value));
	return (int)shim_ret(shim_call(K_TIMERFD_GETTIME, a, 2));
}

/*
 * A write that finds no reader gets EPIPE and a SIGPIPE.  The node's
 * kernel sends the signal to its own task, where the port drops it (it
 * has no user mode to deliver it to, kernel/arch/lib/kernel/tasks.c), so
 * the program gets it here instead: killed, as by Linux, unless it
 * ignores or catches it.
 */
long shim_epipe(long r)
{
	if (r == -EPIPE)
		raise(SIGPIPE);
	return r;
}
