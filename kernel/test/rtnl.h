/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtnl.h - configuring an instance the way ip(8) does: rtnetlink messages
 * on a NETLINK_ROUTE socket opened in the instance, sent and received
 * with lib_syscall (sendmsg/recvmsg on host pointers).  Message layouts
 * come from the host's <linux/rtnetlink.h>: they are the kernel's ABI.
 *
 * Requests carry NLM_F_ACK and return the error code of the kernel's
 * NLMSG_ERROR answer (0 or -errno).  rtnetlink answers inside the
 * sendmsg, so replies are read with MSG_DONTWAIT: a missing reply is
 * -EAGAIN, a kernel bug, not something to wait for.
 */
#ifndef LIBLINUX_TEST_RTNL_H
#define LIBLINUX_TEST_RTNL_H

#include <stdbool.h>
#include <stdint.h>
#include "instance.h"

#define RTNL_BUF	32768

struct rtnl {
	struct lib_instance *in;
	int task;
	long fd;
	uint32_t seq;
	uint32_t portid;	/* the socket's netlink address */
	/* Replies; large enough for a whole dump batch. */
	unsigned char buf[RTNL_BUF] __attribute__((aligned(8)));
};

/* Opens and binds the socket in `task`; 0 or -errno. */
int rtnl_open(struct rtnl *r, struct lib_instance *in, int task);
void rtnl_close(struct rtnl *r);

/* RTM_NEWLINK: sets or clears IFF_UP. */
int rtnl_link_set_up(struct rtnl *r, int ifindex, bool up);
/*
 * RTM_NEWLINK creating VLAN `vid` named `name` on device `parent`; its
 * ifindex (> 0) or -errno.
 */
int rtnl_vlan_add(struct rtnl *r, const char *name, int parent, int vid);
/* RTM_GETLINK by name: the ifindex (> 0) or -errno. */
int rtnl_link_index(struct rtnl *r, const char *name);
/* RTM_NEWADDR of "ip/plen" (either family) with IFA_F_* flags. */
int rtnl_addr_add(struct rtnl *r, int ifindex, const char *ip, int plen,
		  uint32_t flags);
/* RTM_DELADDR of "ip/plen". */
int rtnl_addr_del(struct rtnl *r, int ifindex, const char *ip, int plen);
/*
 * RTM_NEWROUTE in the main table: dst/plen (dst NULL: default route)
 * via gateway (NULL: on-link) out of device oif (0: any).
 */
int rtnl_route_add(struct rtnl *r, const char *dst, int plen,
		   const char *gateway, int oif);

struct rtnl_link {
	int ifindex;
	unsigned int flags;	/* IFF_* */
	unsigned int mtu;
	uint8_t mac[6];
	char name[16];
	int carrier;		/* IFLA_CARRIER, -1 if absent */
	uint64_t rx_packets, tx_packets, rx_dropped;	/* IFLA_STATS64 */
};
/* RTM_GETLINK of one device. */
int rtnl_link_get(struct rtnl *r, int ifindex, struct rtnl_link *out);

struct rtnl_addr {
	int family;
	int ifindex;
	int plen;
	uint32_t flags;		/* IFA_FLAGS, else ifa_flags */
	uint8_t addr[16];
};
/* RTM_GETADDR dump of `family`; how many (at most max), or -errno. */
int rtnl_addr_dump(struct rtnl *r, int family, struct rtnl_addr *out,
		   int max);
/* The entry for "ip", or NULL. */
const struct rtnl_addr *rtnl_addr_find(const struct rtnl_addr *a, int n,
				       const char *ip);

struct rtnl_route {
	int family;
	int table;
	int type;		/* RTN_* */
	int protocol;		/* RTPROT_* */
	int plen;
	uint8_t dst[16];
	bool has_gateway;
	uint8_t gateway[16];
	int oif;
};
/* RTM_GETROUTE dump of `family`; how many (at most max), or -errno. */
int rtnl_route_dump(struct rtnl *r, int family, struct rtnl_route *out,
		    int max);
/* The main-table route to "dst"/plen, or NULL. */
const struct rtnl_route *rtnl_route_find(const struct rtnl_route *rt, int n,
					 const char *dst, int plen);

#endif /* LIBLINUX_TEST_RTNL_H */
