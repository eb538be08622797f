// SPDX-License-Identifier: GPL-2.0-only
/*
 * Configuration through rtnetlink only, read back through rtnetlink
 * dumps, and shown to take effect: link up and down, IPv4 and IPv6
 * addresses (with and without duplicate address detection), routes that
 * steer packets, and the kernel's own refusals.
 */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include "frame.h"
#include "net.h"
#include "rtnl.h"
#include "runner.h"

#define MAX_ENTRIES	64

static const uint8_t mac[6] = { 0x02, 0x30, 0, 0, 0, 1 };

static struct rtnl r;
static struct rtnl_addr addrs[MAX_ENTRIES];
static struct rtnl_route routes[MAX_ENTRIES];

/* A copy with one device and an open rtnetlink socket in r. */
static struct lib_instance *setup(int *dev)
{
	struct lib_instance *in = inst_new(1);
	int ret;

	*dev = inst_netdev_create(in, "eth0", mac, 0);
	if (*dev <= 0)
		inst_fatal("lib_netdev_create = %d", *dev);
	ret = rtnl_open(&r, in, inst_task(in, 0));
	if (ret)
		inst_fatal("netlink socket: %d", ret);
	return in;
}

static int test_link(void)
{
	struct rtnl_link link;
	int dev;

	setup(&dev);
	CHECK_EQ(rtnl_link_set_up(&r, dev, true), 0);
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK(link.flags & IFF_UP, "not up after RTM_NEWLINK (0x%x)",
	      link.flags);
	CHECK_EQ(rtnl_link_set_up(&r, dev, false), 0);
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK(!(link.flags & IFF_UP), "still up (0x%x)", link.flags);
	CHECK_EQ(rtnl_link_set_up(&r, dev + 100, true), -ENODEV);
	CHECK_EQ(rtnl_link_get(&r, dev + 100, &link), -ENODEV);
	return 0;
}

static int test_addr4(void)
{
	const struct rtnl_addr *a;
	const struct rtnl_route *rt;
	int dev, n;

	setup(&dev);
	CHECK_EQ(rtnl_link_set_up(&r, dev, true), 0);
	CHECK_EQ(rtnl_addr_add(&r, dev, "10.9.0.1", 24, 0), 0);
	CHECK_EQ(rtnl_addr_add(&r, dev, "10.9.0.1", 24, 0), -EEXIST);
	CHECK_EQ(rtnl_addr_add(&r, dev + 100, "10.9.1.1", 24, 0), -ENODEV);
	n = rtnl_addr_dump(&r, AF_INET, addrs, MAX_ENTRIES);
	CHECK(n > 0, "RTM_GETADDR dump = %d", n);
	a = rtnl_addr_find(addrs, n, "10.9.0.1");
	CHECK(a, "10.9.0.1 not in the dump of %d addresses", n);
	CHECK_EQ(a->ifindex, dev);
	CHECK_EQ(a->plen, 24);
	CHECK(rtnl_addr_find(addrs, n, "127.0.0.1"), "lo's address missing");
	/* The kernel added the connected route itself. */
	n = rtnl_route_dump(&r, AF_INET, routes, MAX_ENTRIES);
	CHECK(n > 0, "RTM_GETROUTE dump = %d", n);
	rt = rtnl_route_find(routes, n, "10.9.0.0", 24);
	CHECK(rt, "no route to 10.9.0.0/24 among %d", n);
	CHECK_EQ(rt->oif, dev);
	CHECK_EQ(rt->protocol, RTPROT_KERNEL);
	CHECK(!rt->has_gateway, "connected route has a gateway");

	CHECK_EQ(rtnl_addr_del(&r, dev, "10.9.0.1", 24), 0);
	n = rtnl_addr_dump(&r, AF_INET, addrs, MAX_ENTRIES);
	CHECK(n > 0, "RTM_GETADDR dump = %d", n);
	CHECK(!rtnl_addr_find(addrs, n, "10.9.0.1"), "deleted address listed");
	CHECK_EQ(rtnl_addr_del(&r, dev, "10.9.0.1", 24), -EADDRNOTAVAIL);
	return 0;
}

/* bind() to ip: 0 once the address is usable, -EADDRNOTAVAIL before. */
static long bind_to(struct lib_instance *in, const char *ip)
{
	struct net_addr a;
	long fd, ret;

	net_addr(&a, ip, 0);
	fd = SYS(in, r.task, LIB_SYS_socket, net_family(&a), SOCK_DGRAM, 0);
	if (fd < 0)
		return fd;
	ret = SYS(in, r.task, LIB_SYS_bind, fd, P(&a.sa), a.len);
	SYS(in, r.task, LIB_SYS_close, fd);
	return ret;
}

static int test_addr6_nodad(void)
{
	struct lib_instance *in;
	const struct rtnl_addr *a;
	int dev, n;

	in = setup(&dev);
	CHECK_EQ(rtnl_link_set_up(&r, dev, true), 0);
	CHECK_EQ(rtnl_addr_add(&r, dev, "2001:db8:9::1", 64, IFA_F_NODAD), 0);
	n = rtnl_addr_dump(&r, AF_INET6, addrs, MAX_ENTRIES);
	CHECK(n > 0, "RTM_GETADDR dump = %d", n);
	a = rtnl_addr_find(addrs, n, "2001:db8:9::1");
	CHECK(a, "2001:db8:9::1 not in the dump of %d addresses", n);
	CHECK_EQ(a->ifindex, dev);
	CHECK_EQ(a->plen, 64);
	CHECK(a->flags & IFA_F_NODAD, "flags 0x%x lack NODAD", a->flags);
	CHECK(!(a->flags & IFA_F_TENTATIVE), "tentative despite NODAD");
	/* Usable at once. */
	CHECK_EQ(bind_to(in, "2001:db8:9::1"), 0);
	return 0;
}

/*
 * Without IFA_F_NODAD the address is tentative, and unusable, until
 * duplicate address detection has sent its solicitation and heard no
 * answer: a matter of virtual seconds.
 */
static int test_addr6_dad(void)
{
	struct lib_instance *in;
	const struct rtnl_addr *a;
	struct lib_frame f[32];
	struct frame_info fi;
	struct net_addr target;
	uint64_t t0;
	int dev, n, i, solicits = 0;

	net_addr(&target, "2001:db8:9::2", 0);
	in = setup(&dev);
	CHECK_EQ(rtnl_link_set_up(&r, dev, true), 0);
	CHECK_EQ(rtnl_addr_add(&r, dev, "2001:db8:9::2", 64, 0), 0);
	n = rtnl_addr_dump(&r, AF_INET6, addrs, MAX_ENTRIES);
	a = rtnl_addr_find(addrs, n > 0 ? n : 0, "2001:db8:9::2");
	CHECK(a, "2001:db8:9::2 not in the dump (%d)", n);
	CHECK(a->flags & IFA_F_TENTATIVE, "not tentative (0x%x)", a->flags);
	CHECK_EQ(bind_to(in, "2001:db8:9::2"), -EADDRNOTAVAIL);

	/* Time passes; the solicitations go out unanswered. */
	t0 = in->now();
	while (in->now() < t0 + 5 * NS_PER_SEC) {
		inst_step(in, t0);
		while ((n = in->netdev_transmitted(f, 32)) > 0)
			for (i = 0; i < n; i++)
				solicits += !frame_parse(f[i].data, f[i].len,
							 &fi, NULL, 0) &&
					    fi.ip == 6 && fi.proto == 58 &&
					    fi.icmp_type == 135 &&
					    !memcmp(fi.l4 + 8,
						    &target.in6.sin6_addr, 16);
	}
	CHECK(solicits >= 1, "no neighbour solicitation for the address");
	n = rtnl_addr_dump(&r, AF_INET6, addrs, MAX_ENTRIES);
	a = rtnl_addr_find(addrs, n > 0 ? n : 0, "2001:db8:9::2");
	CHECK(a, "2001:db8:9::2 gone after DAD (%d)", n);
	CHECK(!(a->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)),
	      "flags 0x%x after 5 s", a->flags);
	CHECK_EQ(bind_to(in, "2001:db8:9::2"), 0);
	return 0;
}

/* The first ARP request for `target` among what the copy sent, or -1. */
static int arp_for(struct lib_instance *in, const uint8_t target[4])
{
	struct lib_frame f[32];
	struct frame_info fi;
	int n, i, found = -1;

	while ((n = in->netdev_transmitted(f, 32)) > 0)
		for (i = 0; i < n; i++)
			if (found < 0 &&
			    !frame_parse(f[i].data, f[i].len, &fi, NULL, 0) &&
			    fi.type == ETYPE_ARP && fi.arp_op == 1 &&
			    !memcmp((const uint8_t *)f[i].data + 14 + 24,
				    target, 4))
				found = f[i].ifindex;
	return found;
}

static int test_routes(void)
{
	static const uint8_t gw[4] = { 10, 9, 0, 254 };
	struct lib_instance *in;
	const struct rtnl_route *rt;
	struct net_addr to;
	long fd;
	int dev, n;

	in = setup(&dev);
	CHECK_EQ(rtnl_link_set_up(&r, dev, true), 0);
	CHECK_EQ(rtnl_addr_add(&r, dev, "10.9.0.1", 24, 0), 0);
	CHECK_EQ(rtnl_addr_add(&r, dev, "2001:db8:9::1", 64, IFA_F_NODAD), 0);
	CHECK_EQ(rtnl_route_add(&r, "10.20.0.0", 16, "10.9.0.254", dev), 0);
	CHECK_EQ(rtnl_route_add(&r, "2001:db8:20::", 48, "2001:db8:9::fe",
				dev), 0);
	CHECK_EQ(rtnl_route_add(&r, NULL, 0, "10.9.0.253", 0), 0);
	/* The kernel's checks: an unreachable gateway, a duplicate. */
	CHECK_EQ(rtnl_route_add(&r, "10.30.0.0", 16, "192.168.77.1", 0),
		 -ENETUNREACH);
	CHECK_EQ(rtnl_route_add(&r, "10.20.0.0", 16, "10.9.0.254", dev),
		 -EEXIST);

	n = rtnl_route_dump(&r, AF_INET, routes, MAX_ENTRIES);
	CHECK(n > 0, "RTM_GETROUTE dump = %d", n);
	rt = rtnl_route_find(routes, n, "10.20.0.0", 16);
	CHECK(rt, "10.20.0.0/16 not among %d routes", n);
	CHECK(rt->has_gateway && !memcmp(rt->gateway, gw, 4),
	      "10.20.0.0/16 has the wrong gateway");
	CHECK_EQ(rt->oif, dev);
	CHECK_EQ(rt->protocol, RTPROT_STATIC);
	CHECK_EQ(rt->type, RTN_UNICAST);
	rt = rtnl_route_find(routes, n, "0.0.0.0", 0);
	CHECK(rt && rt->has_gateway, "no default route");
	n = rtnl_route_dump(&r, AF_INET6, routes, MAX_ENTRIES);
	CHECK(n > 0, "RTM_GETROUTE dump = %d", n);
	rt = rtnl_route_find(routes, n, "2001:db8:20::", 48);
	CHECK(rt, "2001:db8:20::/48 not among %d routes", n);
	CHECK(rt->has_gateway && rt->gateway[15] == 0xfe,
	      "2001:db8:20::/48 has the wrong gateway");
	CHECK_EQ(rt->oif, dev);

	/* The route steers: a datagram for 10.20.1.1 asks for 10.9.0.254. */
	arp_for(in, gw);
	fd = SYS(in, r.task, LIB_SYS_socket, AF_INET, SOCK_DGRAM, 0);
	CHECK(fd >= 0, "socket = %ld", fd);
	net_addr(&to, "10.20.1.1", 9);
	CHECK_EQ(SYS(in, r.task, LIB_SYS_sendto, fd, P("x"), 1, 0, P(&to.sa),
		     to.len), 1);
	CHECK_EQ(arp_for(in, gw), dev);
	return 0;
}

const struct test rtnl_tests[] = {
	{ "rtnl-link-up-down", test_link },
	{ "rtnl-addr-v4-add-dump-del", test_addr4 },
	{ "rtnl-addr-v6-nodad-usable-at-once", test_addr6_nodad },
	{ "rtnl-addr-v6-dad-usable-after-dad", test_addr6_dad },
	{ "rtnl-route-add-dump-steers", test_routes },
	{ NULL, NULL },
};
