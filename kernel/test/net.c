// SPDX-License-Identifier: GPL-2.0-only
/*
 * Socket helpers shared by the network tests.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include "liblinux.h"
#include "net.h"

void net_addr(struct net_addr *a, const char *ip, int port)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, ip, &a->in4.sin_addr) == 1) {
		a->in4.sin_family = AF_INET;
		a->in4.sin_port = htons(port);
		a->len = sizeof(a->in4);
	} else if (inet_pton(AF_INET6, ip, &a->in6.sin6_addr) == 1) {
		a->in6.sin6_family = AF_INET6;
		a->in6.sin6_port = htons(port);
		a->len = sizeof(a->in6);
	} else {
		inst_fatal("bad address literal %s", ip);
	}
}

/*
 * A freshly booted Linux leaves "lo" down until someone runs `ip link set
 * lo up`, and until then 127.0.0.1 and ::1 do not exist.  liblinux may
 * bring it up during boot; either way we make sure, as ip(8) would, through
 * the old ioctl interface.
 */
int net_lo_up(struct lib_instance *in, int task)
{
	struct ifreq ifr;
	long fd, ret;
	int was_down;

	fd = SYS(in, task, LIB_SYS_socket, AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return fd;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	ret = SYS(in, task, LIB_SYS_ioctl, fd, SIOCGIFFLAGS, P(&ifr));
	if (ret < 0)
		goto out;
	was_down = !(ifr.ifr_flags & IFF_UP);
	if (was_down) {
		ifr.ifr_flags |= IFF_UP;
		ret = SYS(in, task, LIB_SYS_ioctl, fd, SIOCSIFFLAGS, P(&ifr));
		if (ret < 0)
			goto out;
	}
	ret = was_down;
out:
	SYS(in, task, LIB_SYS_close, fd);
	return ret;
}

int net_task(struct lib_instance *in)
{
	int task = inst_task(in, 0);
	int ret = net_lo_up(in, task);

	if (ret < 0)
		inst_fatal("instance %d: bringing lo up: %d", in->index, ret);
	return task;
}

long net_udp_socket(struct lib_instance *in, int task, const char *ip,
		    int port, int flags)
{
	struct net_addr a;
	long fd, ret;

	net_addr(&a, ip, port);
	fd = SYS(in, task, LIB_SYS_socket, net_family(&a), SOCK_DGRAM | flags,
		 0);
	if (fd < 0)
		return fd;
	ret = SYS(in, task, LIB_SYS_bind, fd, P(&a.sa), a.len);
	return ret < 0 ? ret : fd;
}

static long port_of(struct lib_instance *in, int task, long nr, int fd)
{
	struct net_addr a;
	long ret;

	memset(&a, 0, sizeof(a));
	a.len = sizeof(a.ss);
	ret = SYS(in, task, nr, fd, P(&a.sa), P(&a.len));
	if (ret < 0)
		return ret;
	if (a.sa.sa_family == AF_INET)
		return ntohs(a.in4.sin_port);
	if (a.sa.sa_family == AF_INET6)
		return ntohs(a.in6.sin6_port);
	return -EAFNOSUPPORT;
}

long net_local_port(struct lib_instance *in, int task, int fd)
{
	return port_of(in, task, LIB_SYS_getsockname, fd);
}

long net_peer_port(struct lib_instance *in, int task, int fd)
{
	return port_of(in, task, LIB_SYS_getpeername, fd);
}

long net_file_write(struct lib_instance *in, int task, const char *path,
		    const char *value)
{
	long fd, n, len = strlen(value);

	fd = SYS(in, task, LIB_SYS_openat, AT_FDCWD, P(path),
		 O_WRONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	n = SYS(in, task, LIB_SYS_write, fd, P(value), len);
	SYS(in, task, LIB_SYS_close, fd);
	if (n < 0)
		return n;
	return n == len ? 0 : -EIO;
}

long net_file_read(struct lib_instance *in, int task, const char *path,
		   char *buf, size_t len)
{
	long fd, n;

	if (!len)
		return -EINVAL;
	fd = SYS(in, task, LIB_SYS_openat, AT_FDCWD, P(path),
		 O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	n = SYS(in, task, LIB_SYS_read, fd, P(buf), len - 1);
	SYS(in, task, LIB_SYS_close, fd);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

void net_pattern(unsigned char *buf, size_t len, uint32_t seed)
{
	uint32_t x = seed | 1;
	size_t i;

	/* xorshift32: no short period, so a shifted stream cannot match. */
	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
}
