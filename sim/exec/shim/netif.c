// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interface ioctls and the name/index lookups glibc does with its own
 * socket and ioctl (if_nametoindex, if_indextoname), done in the node's
 * kernel.  Only ioctls whose argument is a struct ifreq without pointers,
 * or an int or a fixed struct, are forwarded; any other ioctl on a node
 * descriptor fails with EOPNOTSUPP and a line on stderr (terminal ioctls
 * with ENOTTY, the kernel's own answer: the node has no terminals).  On a
 * host descriptor, an interface ioctl fails with ENOTSOCK; other ioctls
 * are the host's only for the tool's pipes and the node's scratch files
 * (paths.c), or when they only read or set descriptor flags: an ioctl
 * can change a file (or create a host interface through /dev/net/tun)
 * through a descriptor opened only for reading.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/sockios.h>
#include <asm/sockios.h>
#include "shim.h"
#include "files.h"

static int ifreq_ioctl(unsigned long req)
{
	switch (req) {
	case SIOCGIFNAME: case SIOCGIFFLAGS: case SIOCSIFFLAGS:
	case SIOCGIFADDR: case SIOCSIFADDR: case SIOCGIFDSTADDR:
	case SIOCSIFDSTADDR: case SIOCGIFBRDADDR: case SIOCSIFBRDADDR:
	case SIOCGIFNETMASK: case SIOCSIFNETMASK: case SIOCGIFMETRIC:
	case SIOCSIFMETRIC: case SIOCGIFMTU: case SIOCSIFMTU:
	case SIOCSIFNAME: case SIOCSIFHWADDR: case SIOCGIFHWADDR:
	case SIOCGIFINDEX: case SIOCGIFTXQLEN: case SIOCSIFTXQLEN:
	case SIOCGIFPFLAGS: case SIOCSIFPFLAGS:
		return 1;
	}
	return 0;
}

static long kioctl(int kfd, unsigned long req, void *arg, size_t size, int kind)
{
	struct shim_arg a[3] = { shim_int(kfd), shim_int((long)req),
				 shim_buf((uint32_t)kind, arg, size) };

	return shim_call(K_IOCTL, a, 3);
}

/* ioctls on any host descriptor: they read, or change only the descriptor. */
static int harmless_host_ioctl(unsigned long req)
{
	switch (req) {
	case TCGETS: case TIOCGWINSZ: case TIOCGPGRP: case FIONREAD:
	case FIOCLEX: case FIONCLEX: case FIONBIO: case FIOASYNC:
		return 1;
	}
	return 0;
}

int ioctl(int fd, unsigned long req, ...)
{
	int kfd = shim_kfd(fd);
	va_list ap;
	void *arg;
	char why[80];

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	if (kfd < 0) {
		if ((req & 0xff00) == 0x8900) {
			errno = ENOTSOCK;
			return -1;
		}
		if (!harmless_host_ioctl(req) && shim_host_fd_check(fd, SHIM_WRITE, "ioctl"))
			return -1;
		return (int)shim_host(SYS_ioctl, fd, (long)req, (long)arg, 0, 0, 0);
	}
	if (ifreq_ioctl(req))
		return (int)shim_ret(kioctl(kfd, req, arg, sizeof(struct ifreq), SHIM_INOUT));
	switch (req) {
	case FIONREAD: case SIOCOUTQ: case SIOCOUTQNSD: case SIOCATMARK:
		return (int)shim_ret(kioctl(kfd, req, arg, sizeof(int), SHIM_OUT));
	case FIONBIO: case FIOASYNC:
		return (int)shim_ret(kioctl(kfd, req, arg, sizeof(int), SHIM_IN));
	case SIOCGSTAMP_OLD: case SIOCGSTAMPNS_OLD:
		return (int)shim_ret(kioctl(kfd, req, arg, 16, SHIM_OUT));
	case TCGETS: case TIOCGWINSZ: case TIOCGPGRP:
		errno = ENOTTY;
		return -1;
	case FIOCLEX: case FIONCLEX:
		/* Close-on-exec is the placeholder's, as for fcntl(F_SETFD): the node's kernel executes nothing. */
		return (int)shim_host(SYS_fcntl, fd, F_SETFD, req == FIOCLEX ? FD_CLOEXEC : 0, 0, 0, 0);
	}
	snprintf(why, sizeof(why), "request 0x%lx on a node descriptor is not forwarded", req);
	return (int)shim_unsupported("ioctl", EOPNOTSUPP, why);
}

/* sockatmark() is glibc's internal ioctl. */
int sockatmark(int fd)
{
	int at = 0;

	return ioctl(fd, SIOCATMARK, &at) < 0 ? -1 : at;
}

/* One ifreq ioctl on a short-lived socket of the node. */
static long ifreq_once(unsigned long req, struct ifreq *ifr)
{
	struct shim_arg s[3] = { shim_int(AF_INET), shim_int(SOCK_DGRAM), shim_int(0) };
	long k = shim_call(K_SOCKET, s, 3);
	long r;

	if (k < 0) {
		/* A node without IPv4 still has netlink. */
		struct shim_arg n[3] = { shim_int(AF_NETLINK), shim_int(SOCK_RAW), shim_int(0) };

		k = shim_call(K_SOCKET, n, 3);
		if (k < 0)
			return k;
	}
	r = kioctl((int)k, req, ifr, sizeof(*ifr), SHIM_INOUT);
	shim_kclose((int)k);
	return r;
}

unsigned int if_nametoindex(const char *name)
{
	struct ifreq ifr;

	if (!name || strlen(name) >= IFNAMSIZ) {
		errno = ENODEV;
		return 0;
	}
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (shim_ret(ifreq_once(SIOCGIFINDEX, &ifr)) < 0)
		return 0;
	return (unsigned int)ifr.ifr_ifindex;
}

char *if_indextoname(unsigned int index, char name[IF_NAMESIZE])
{
	struct ifreq ifr;
	long r;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = (int)index;
	r = ifreq_once(SIOCGIFNAME, &ifr);
	if (r < 0) {
		errno = r == -ENODEV ? ENXIO : (int)-r;
		return NULL;
	}
	memcpy(name, ifr.ifr_name, IFNAMSIZ);
	name[IFNAMSIZ - 1] = '\0';
	return name;
}

struct if_nameindex *if_nameindex(void)
{
	errno = EOPNOTSUPP;
	return NULL;
}

int getifaddrs(void **ifap);
int getifaddrs(void **ifap)
{
	(void)ifap;
	errno = EOPNOTSUPP;
	return -1;
}
