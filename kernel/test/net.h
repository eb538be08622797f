/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * net.h - socket helpers for the tests: addresses, loopback, ports.
 * Struct layouts (sockaddr, ifreq, pollfd, timespec) are the host's: the
 * library is built for the same 64-bit ABI.
 */
#ifndef LIBLINUX_TEST_NET_H
#define LIBLINUX_TEST_NET_H

#include <netinet/in.h>
#include <sys/socket.h>
#include "instance.h"

struct net_addr {
	union {
		struct sockaddr sa;
		struct sockaddr_in in4;
		struct sockaddr_in6 in6;
		struct sockaddr_storage ss;
	};
	socklen_t len;
};

/* "127.0.0.1" or "::1" and a port; fatal on a bad literal. */
void net_addr(struct net_addr *a, const char *ip, int port);
static inline int net_family(const struct net_addr *a)
{
	return a->sa.sa_family;
}

/*
 * Makes sure "lo" is up in the task's network namespace.  Returns 1 if it
 * was down and had to be brought up, 0 if it was up, or -errno.
 */
int net_lo_up(struct lib_instance *in, int task);

/* A new task (a process) with lo up; fatal if that fails. */
int net_task(struct lib_instance *in);

/* A UDP socket of ip's family bound to ip:port (0: any); fd or -errno. */
long net_udp_socket(struct lib_instance *in, int task, const char *ip,
		    int port, int flags);

/* getsockname()'s port, or -errno. */
long net_local_port(struct lib_instance *in, int task, int fd);
/* getpeername()'s port, or -errno. */
long net_peer_port(struct lib_instance *in, int task, int fd);

/*
 * Writes `value` to a file of the instance (e.g. /proc/sys/...), as
 * `echo value > path` would; 0 or -errno.
 */
long net_file_write(struct lib_instance *in, int task, const char *path,
		    const char *value);
/* Reads a file of the instance into buf (NUL-terminated); length or -errno. */
long net_file_read(struct lib_instance *in, int task, const char *path,
		   char *buf, size_t len);

/* Pseudo-random bytes: a lost, repeated or reordered chunk shows. */
void net_pattern(unsigned char *buf, size_t len, uint32_t seed);

#endif /* LIBLINUX_TEST_NET_H */
