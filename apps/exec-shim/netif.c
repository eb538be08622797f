// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interface ioctls and the name/index lookups glibc does with its own
 * socket and ioctl (if_nametoindex, if_indextoname), done in the node's
 * kernel.  Only ioctls whose argument is a struct ifreq without pointers,
 * or an int, are forwarded; any other ioctl on a node descriptor fails
 * with ENOTTY, and an interface ioctl on a host descriptor with ENOTSOCK.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/sockios.h>
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

int ioctl(int fd, unsigned long req, ...)
{
	int kfd = shim_kfd(fd);
	va_list ap;
	void *arg;

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
		return (int)shim_host(SYS_ioctl, fd, (long)req, (long)arg, 0, 0, 0);
	}
	if (ifreq_ioctl(req))
		return (int)shim_ret(kioctl(kfd, req, arg, sizeof(struct ifreq), SHIM_INOUT));
	if (req == FIONREAD || req == SIOCOUTQ)
		return (int)shim_ret(kioctl(kfd, req, arg, sizeof(int), SHIM_OUT));
	if (req == FIONBIO)
		return (int)shim_ret(kioctl(kfd, req, arg, sizeof(int), SHIM_IN));
	errno = ENOTTY;
	return -1;
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
