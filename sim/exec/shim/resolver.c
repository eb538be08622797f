// SPDX-License-Identifier: GPL-2.0-only
/*
 * Name resolution.  glibc's resolver opens its DNS sockets with internal
 * calls no wrapper sees, so a lookup (ip -r, ss -r, a program run with
 * --allow-exec) would query the host's network.  Names are therefore
 * resolved numerically only: addresses and /etc/services still work,
 * host names fail as unknown, and reverse lookups print numbers.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include "shim.h"

static int numeric(const char *name)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return name && (inet_pton(AF_INET, name, buf) == 1 || inet_pton(AF_INET6, name, buf) == 1);
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
		 struct addrinfo **res)
{
	static int (*host)(const char *n, const char *s, const struct addrinfo *h,
			   struct addrinfo **r);
	struct addrinfo h;

	if (!host)
		host = (int (*)(const char *n, const char *s, const struct addrinfo *h,
				struct addrinfo **r))dlsym(RTLD_NEXT, "getaddrinfo");
	memset(&h, 0, sizeof(h));
	if (hints)
		h = *hints;
	if (node)
		h.ai_flags |= AI_NUMERICHOST;
	return host(node, service, &h, res);
}

int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *hostname, socklen_t hostlen,
		char *serv, socklen_t servlen, int flags)
{
	static int (*host)(const struct sockaddr *a, socklen_t al, char *h, socklen_t hl,
			   char *s, socklen_t sl, int f);

	if (!host)
		host = (int (*)(const struct sockaddr *a, socklen_t al, char *h, socklen_t hl,
				char *s, socklen_t sl, int f))dlsym(RTLD_NEXT, "getnameinfo");
	return host(sa, salen, hostname, hostlen, serv, servlen, flags | NI_NUMERICHOST);
}

static struct hostent *by_name(const char *name, const char *host_name, int family, int with_family)
{
	struct hostent *(*host)(const char *n);
	struct hostent *(*host2)(const char *n, int f);

	if (!numeric(name)) {
		h_errno = HOST_NOT_FOUND;
		return NULL;
	}
	if (with_family) {
		host2 = (struct hostent *(*)(const char *n, int f))dlsym(RTLD_NEXT, host_name);
		return host2(name, family);
	}
	host = (struct hostent *(*)(const char *n))dlsym(RTLD_NEXT, host_name);
	return host(name);
}

struct hostent *gethostbyname(const char *name)
{
	return by_name(name, "gethostbyname", 0, 0);
}

struct hostent *gethostbyname2(const char *name, int family)
{
	return by_name(name, "gethostbyname2", family, 1);
}

struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type)
{
	(void)addr; (void)len; (void)type;
	h_errno = HOST_NOT_FOUND;
	return NULL;
}

int gethostbyname_r(const char *name, struct hostent *ret, char *buf, size_t buflen,
		    struct hostent **result, int *err)
{
	(void)name; (void)ret; (void)buf; (void)buflen;
	*result = NULL;
	*err = HOST_NOT_FOUND;
	return ENOENT;
}

int gethostbyaddr_r(const void *addr, socklen_t len, int type, struct hostent *ret, char *buf,
		    size_t buflen, struct hostent **result, int *err)
{
	(void)addr; (void)len; (void)type; (void)ret; (void)buf; (void)buflen;
	*result = NULL;
	*err = HOST_NOT_FOUND;
	return ENOENT;
}
