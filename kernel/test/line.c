// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building a line of copies.  The order of every step is fixed, so two
 * lines built with the same options send the same frames at the same
 * times.
 */
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>
#include "line.h"
#include "net.h"
#include "rtnl.h"

void line_addr(char *buf, size_t len, int family, int i, int side)
{
	int wire = side == LINE_RIGHT ? i : i - 1;
	int host = side == LINE_RIGHT ? 1 : 2;

	if (family == AF_INET)
		snprintf(buf, len, "10.0.%d.%d", wire + 1, host);
	else
		snprintf(buf, len, "2001:db8:%d::%d", wire + 1, host);
}

void line_mac(uint8_t mac[6], int i, int side)
{
	/* Locally administered, unicast. */
	static const uint8_t base[6] = { 0x02, 0, 0, 0, 0, 0 };

	memcpy(mac, base, 6);
	mac[4] = i + 1;
	mac[5] = side;
}

static void must(struct lib_instance *in, const char *what, long ret)
{
	if (ret)
		inst_fatal("instance %d: %s = %ld", in->index, what, ret);
}

/* Addresses of copy i on the wire at `side`, and the device up. */
static void configure_side(struct line *l, struct rtnl *r, int i, int side)
{
	struct lib_instance *in = l->in[i];
	int dev = l->dev[i][side];
	char ip[64];

	must(in, "RTM_NEWLINK up", rtnl_link_set_up(r, dev, true));
	line_addr(ip, sizeof(ip), AF_INET, i, side);
	must(in, "RTM_NEWADDR inet", rtnl_addr_add(r, dev, ip, 24, 0));
	line_addr(ip, sizeof(ip), AF_INET6, i, side);
	must(in, "RTM_NEWADDR inet6",
	     rtnl_addr_add(r, dev, ip, 64, IFA_F_NODAD));
}

/* An end copy reaches the far wire through the middle copy. */
static void configure_routes(struct line *l, struct rtnl *r, int i)
{
	int side = i == 0 ? LINE_RIGHT : LINE_LEFT;
	int far = i == 0 ? 1 : 0;	/* wire index not attached to i */
	char dst[64], gw[64];

	snprintf(dst, sizeof(dst), "10.0.%d.0", far + 1);
	line_addr(gw, sizeof(gw), AF_INET, 1, side == LINE_RIGHT ?
		  LINE_LEFT : LINE_RIGHT);
	must(l->in[i], "RTM_NEWROUTE inet",
	     rtnl_route_add(r, dst, 24, gw, l->dev[i][side]));
	snprintf(dst, sizeof(dst), "2001:db8:%d::", far + 1);
	line_addr(gw, sizeof(gw), AF_INET6, 1, side == LINE_RIGHT ?
		  LINE_LEFT : LINE_RIGHT);
	must(l->in[i], "RTM_NEWROUTE inet6",
	     rtnl_route_add(r, dst, 64, gw, l->dev[i][side]));
}

static void configure(struct line *l, int i)
{
	static struct rtnl r;
	struct lib_instance *in = l->in[i];
	int side;

	l->task[i] = inst_task(in, 0);
	must(in, "netlink socket", rtnl_open(&r, in, l->task[i]));
	must(in, "RTM_NEWLINK lo up", rtnl_link_set_up(&r, 1, true));
	/* Ping sockets for every group (root's 0 included). */
	must(in, "ping_group_range",
	     net_file_write(in, l->task[i],
			    "/proc/sys/net/ipv4/ping_group_range",
			    "0 2147483647"));
	if (i > 0 && i < l->o.n - 1) {
		const char *v = l->o.forward ? "1" : "0";

		must(in, "sysctl ip_forward",
		     inst_sysctl_set(in, "net.ipv4.ip_forward", v));
		must(in, "sysctl ipv6 forwarding",
		     inst_sysctl_set(in, "net.ipv6.conf.all.forwarding", v));
	}
	for (side = LINE_LEFT; side <= LINE_RIGHT; side++)
		if (l->dev[i][side])
			configure_side(l, &r, i, side);
	if (l->o.n == 3 && i != 1)
		configure_routes(l, &r, i);
	rtnl_close(&r);
}

/* Is an IPv6 address of copy i still tentative (DAD not done)? */
static bool tentative(struct line *l, int i)
{
	static struct rtnl r;
	static struct rtnl_addr a[32];
	struct lib_instance *in = l->in[i];
	int n, k;

	must(in, "netlink socket", rtnl_open(&r, in, l->task[i]));
	n = rtnl_addr_dump(&r, AF_INET6, a, ARRAY_SIZE(a));
	rtnl_close(&r);
	if (n < 0)
		inst_fatal("instance %d: RTM_GETADDR dump = %d", in->index, n);
	for (k = 0; k < n; k++) {
		if (a[k].flags & IFA_F_DADFAILED)
			inst_fatal("instance %d: duplicate address detected on ifindex %d",
				   in->index, a[k].ifindex);
		if (a[k].flags & IFA_F_TENTATIVE)
			return true;
	}
	return false;
}

/*
 * Waits for the link-local addresses to pass DAD.  Until then a router
 * cannot solicit a neighbour for a packet it forwards: the solicitation
 * needs a source address on the link, and a tentative one does not count
 * (ndisc_send_ns() gives up).
 */
static void settle(struct line *l)
{
	uint64_t end = wire_now(&l->net) + LINE_SETTLE_MAX;
	int i;

	for (i = 0; i < l->o.n; i++) {
		while (tentative(l, i)) {
			if (wire_now(&l->net) >= end)
				inst_fatal("instance %d: IPv6 addresses still tentative after %llu ms",
					   l->in[i]->index,
					   LINE_SETTLE_MAX / NS_PER_MS);
			wire_run_until(&l->net, wire_now(&l->net) +
				       LINE_SETTLE_STEP);
		}
	}
}

void line_build(struct line *l, const struct line_opts *o)
{
	int i, side;

	if (o->n < 2 || o->n > LINE_MAX)
		inst_fatal("line: %d copies", o->n);
	memset(l, 0, sizeof(*l));
	l->o = *o;
	wire_init(&l->net);
	l->net.record = o->record;
	l->net.tap = o->tap;
	l->net.tap_ctx = o->tap_ctx;
	for (i = 0; i < o->n; i++) {
		l->in[i] = inst_new(o->seed + i);
		wire_add(&l->net, l->in[i]);
	}
	for (i = 0; i < o->n; i++) {
		int ndev = 0;

		for (side = LINE_LEFT; side <= LINE_RIGHT; side++) {
			char name[16];
			uint8_t mac[6];
			int ret;

			if ((side == LINE_LEFT && i == 0) ||
			    (side == LINE_RIGHT && i == o->n - 1))
				continue;
			snprintf(name, sizeof(name), "eth%d", ndev++);
			line_mac(mac, i, side);
			ret = inst_netdev_create(l->in[i], name, mac, o->mtu);
			if (ret <= 0)
				inst_fatal("instance %d: lib_netdev_create(%s) = %d",
					   l->in[i]->index, name, ret);
			l->dev[i][side] = ret;
		}
	}
	for (i = 0; i + 1 < o->n; i++)
		wire_connect(&l->net, l->in[i], l->dev[i][LINE_RIGHT],
			     l->in[i + 1], l->dev[i + 1][LINE_LEFT],
			     o->delay_ns, o->rate_bps);
	for (i = 0; i < o->n; i++)
		configure(l, i);
	settle(l);
}

void line_free(struct line *l)
{
	int i;

	wire_free(&l->net);
	for (i = 0; i < l->o.n; i++)
		instance_close(l->in[i]);
}
