// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sockets.  Every socket the tool opens is a socket of the node's kernel,
 * whatever its family: the kernel refuses the families it does not have
 * (EAFNOSUPPORT), and none ever reaches the host.  Socket calls on a
 * descriptor that is not forwarded fail with ENOTSOCK.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include "shim.h"

#define KFD(fd, kfd)						\
	do {							\
		(kfd) = shim_kfd(fd);				\
		if ((kfd) < 0) {				\
			errno = shim_fd_reserved(fd) ? EBADF : ENOTSOCK; \
			return -1;				\
		}						\
	} while (0)

int socket(int domain, int type, int protocol)
{
	struct shim_arg a[3] = { shim_int(domain), shim_int(type & ~SOCK_CLOEXEC),
				 shim_int(protocol) };
	long k = shim_call(K_SOCKET, a, 3);
	int fd;

	if (k < 0)
		return (int)shim_ret(k);
	fd = shim_fd_new((int)k, SHIM_FD_SOCKET, type & SOCK_CLOEXEC);
	if (fd < 0) {
		struct shim_arg c[1] = { shim_int(k) };
		int e = errno;

		shim_call(K_CLOSE, c, 1);
		errno = e;
	}
	return fd;
}

int socketpair(int domain, int type, int protocol, int sv[2])
{
	int k[2];
	struct shim_arg a[4] = { shim_int(domain), shim_int(type & ~SOCK_CLOEXEC),
				 shim_int(protocol), shim_buf(SHIM_OUT, k, sizeof(k)) };
	long r = shim_call(K_SOCKETPAIR, a, 4);

	if (r < 0)
		return (int)shim_ret(r);
	sv[0] = shim_fd_new(k[0], SHIM_FD_SOCKET, type & SOCK_CLOEXEC);
	sv[1] = shim_fd_new(k[1], SHIM_FD_SOCKET, type & SOCK_CLOEXEC);
	if (sv[0] < 0 || sv[1] < 0)
		return -1;
	return 0;
}

static int addr_call(long nr, int fd, const struct sockaddr *sa, socklen_t len)
{
	int kfd;
	struct shim_arg a[3];

	KFD(fd, kfd);
	a[0] = shim_int(kfd);
	a[1] = shim_buf(SHIM_IN, sa, len);
	a[2] = shim_int(len);
	return (int)shim_ret(shim_call(nr, a, 3));
}

int bind(int fd, const struct sockaddr *sa, socklen_t len)
{
	return addr_call(K_BIND, fd, sa, len);
}

int connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	return addr_call(K_CONNECT, fd, sa, len);
}

static int name_call(long nr, int fd, struct sockaddr *sa, socklen_t *len)
{
	int kfd;
	struct shim_arg a[3];

	KFD(fd, kfd);
	a[0] = shim_int(kfd);
	a[1] = shim_buf(SHIM_INOUT, sa, len ? *len : 0);
	a[2] = shim_buf(SHIM_INOUT, len, sizeof(*len));
	return (int)shim_ret(shim_call(nr, a, 3));
}

int getsockname(int fd, struct sockaddr *sa, socklen_t *len)
{
	return name_call(K_GETSOCKNAME, fd, sa, len);
}

int getpeername(int fd, struct sockaddr *sa, socklen_t *len)
{
	return name_call(K_GETPEERNAME, fd, sa, len);
}

/* Options whose value is a struct sock_fprog: it points at the filter. */
static int takes_fprog(int level, int name)
{
	return (level == SOL_SOCKET && (name == SO_ATTACH_FILTER ||
					name == SO_ATTACH_REUSEPORT_CBPF)) ||
	       (level == SOL_PACKET && name == PACKET_FANOUT_DATA);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	const struct sock_fprog *prog = val;
	int kfd;
	struct shim_arg a[5];

	KFD(fd, kfd);
	/*
	 * Zero-copy sends pin the sender's pages; the node's kernel has no
	 * pages of the program's memory (it fails such a send with EFAULT).
	 * Refused here, a program falls back to copying, as on a kernel
	 * without it.
	 */
	if (level == SOL_SOCKET && name == SO_ZEROCOPY)
		return (int)shim_unsupported("setsockopt SO_ZEROCOPY", EOPNOTSUPP,
					     "the node's kernel cannot pin a program's pages");
	a[0] = shim_int(kfd);
	a[1] = shim_int(level);
	a[2] = shim_int(name);
	a[3] = shim_buf(SHIM_IN, val, len);
	a[4] = shim_int(len);
	/*
	 * The filter travels as its instructions; the simulator points a
	 * sock_fprog of its own at them.  (PACKET_FANOUT_DATA of an eBPF
	 * fanout is a descriptor, not a sock_fprog: the kernel reads len
	 * bytes of what we send and refuses what does not fit.)
	 */
	if (takes_fprog(level, name) && prog && len == sizeof(*prog)) {
		if (!prog->filter && prog->len) {
			errno = EFAULT;
			return -1;
		}
		a[3] = shim_buf(SHIM_FPROG, prog->filter,
				prog->len * sizeof(struct sock_filter));
	}
	return (int)shim_ret(shim_call(K_SETSOCKOPT, a, 5));
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	int kfd;
	struct shim_arg a[5];

	KFD(fd, kfd);
	a[0] = shim_int(kfd);
	a[1] = shim_int(level);
	a[2] = shim_int(name);
	a[3] = shim_buf(SHIM_INOUT, val, len ? *len : 0);
	a[4] = shim_buf(SHIM_INOUT, len, sizeof(*len));
	return (int)shim_ret(shim_call(K_GETSOCKOPT, a, 5));
}

int listen(int fd, int backlog)
{
	int kfd;
	struct shim_arg a[2];

	KFD(fd, kfd);
	a[0] = shim_int(kfd);
	a[1] = shim_int(backlog);
	return (int)shim_ret(shim_call(K_LISTEN, a, 2));
}

int shutdown(int fd, int how)
{
	int kfd;
	struct shim_arg a[2];

	KFD(fd, kfd);
	a[0] = shim_int(kfd);
	a[1] = shim_int(how);
	return (int)shim_ret(shim_call(K_SHUTDOWN, a, 2));
}

int accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags)
{
	int kfd;
	struct shim_arg a[4];
	long k;

	KFD(fd, kfd);
	a[0] = shim_int(kfd);
	a[1] = shim_buf(SHIM_INOUT, sa, sa && len ? *len : 0);
	a[2] = shim_buf(SHIM_INOUT, sa ? len : NULL, sizeof(*len));
	a[3] = shim_int(flags & ~SOCK_CLOEXEC);
	k = shim_call(K_ACCEPT4, a, 4);
	if (k < 0)
		return (int)shim_ret(k);
	return shim_fd_new((int)k, SHIM_FD_SOCKET, flags & SOCK_CLOEXEC);
}

int accept(int fd, struct sockaddr *sa, socklen_t *len)
{
	return accept4(fd, sa, len, 0);
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags,
	       const struct sockaddr *sa, socklen_t len)
{
	int kfd;
	struct shim_arg a[6];

	KFD(fd, kfd);
	if (n > SHIM_MAX_BUF) {
		errno = EMSGSIZE;
		return -1;
	}
	a[0] = shim_int(kfd);
	a[1] = shim_buf(SHIM_IN, buf, n);
	a[2] = shim_int((long)n);
	a[3] = shim_int(flags);
	a[4] = shim_buf(SHIM_IN, sa, sa ? len : 0);
	a[5] = shim_int(sa ? len : 0);
	return shim_ret(shim_call(K_SENDTO, a, 6));
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
	return sendto(fd, buf, n, flags, NULL, 0);
}

ssize_t recvfrom(int fd, void *buf, size_t n, int flags,
		 struct sockaddr *sa, socklen_t *len)
{
	int kfd;
	struct shim_arg a[6];

	KFD(fd, kfd);
	if (n > SHIM_MAX_BUF)
		n = SHIM_MAX_BUF;
	a[0] = shim_int(kfd);
	a[1] = shim_buf(SHIM_OUTR, buf, n);
	a[2] = shim_int((long)n);
	a[3] = shim_int(flags);
	a[4] = shim_buf(SHIM_INOUT, sa, sa && len ? *len : 0);
	a[5] = shim_buf(SHIM_INOUT, sa ? len : NULL, sizeof(*len));
	return shim_ret(shim_call(K_RECVFROM, a, 6));
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
	return recvfrom(fd, buf, n, flags, NULL, NULL);
}

static ssize_t msg_call(long nr, int fd, struct msghdr *m, int flags, int recv)
{
	int kfd;
	struct shim_arg a[3];

	KFD(fd, kfd);
	a[0] = shim_int(kfd);
	memset(&a[1], 0, sizeof(a[1]));
	a[1].kind = SHIM_MSG;
	a[1].msg = m;
	a[1].recv = recv;
	a[2] = shim_int(flags);
	return shim_ret(shim_call(nr, a, 3));
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	return msg_call(K_SENDMSG, fd, (struct msghdr *)m, flags, 0);
}

ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
	return msg_call(K_RECVMSG, fd, m, flags, 1);
}

int sendmmsg(int fd, struct mmsghdr *v, unsigned int n, int flags)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		ssize_t r = sendmsg(fd, &v[i].msg_hdr, flags);

		if (r < 0)
			return i ? (int)i : -1;
		v[i].msg_len = (unsigned int)r;
	}
	return (int)n;
}

/*
 * recvmmsg: one recvmsg after another; after the first, only what is
 * there already (MSG_WAITFORONE's meaning; time stands still anyway, so
 * the timeout never runs out).
 */
int recvmmsg(int fd, struct mmsghdr *v, unsigned int n, int flags, struct timespec *timeout)
{
	unsigned int i;

	(void)timeout;
	for (i = 0; i < n; i++) {
		int f = flags & ~MSG_WAITFORONE;
		ssize_t r;

		if (i > 0 && (flags & MSG_WAITFORONE))
			f |= MSG_DONTWAIT;
		r = recvmsg(fd, &v[i].msg_hdr, f);
		if (r < 0)
			return i ? (int)i : -1;
		v[i].msg_len = (unsigned int)r;
	}
	return (int)n;
}
