// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtnetlink requests and dumps built by the host, carried out by the
 * instance's own netlink socket.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "rtnl.h"

/* Dump batches to read before giving up: a dump must end. */
#define RTNL_MAX_BATCHES	256

struct request {
	struct nlmsghdr h;
	unsigned char body[512];
} __attribute__((aligned(NLMSG_ALIGNTO)));

static void *request_init(struct request *q, int type, int flags,
			  size_t fixed)
{
	memset(q, 0, sizeof(*q));
	q->h.nlmsg_len = NLMSG_LENGTH(fixed);
	q->h.nlmsg_type = type;
	q->h.nlmsg_flags = NLM_F_REQUEST | flags;
	return NLMSG_DATA(&q->h);
}

static struct rtattr *add_attr(struct request *q, int type,
			       const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)&q->h +
					     NLMSG_ALIGN(q->h.nlmsg_len));

	if (NLMSG_ALIGN(q->h.nlmsg_len) + RTA_SPACE(len) > sizeof(*q))
		inst_fatal("rtnl: request too large");
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	q->h.nlmsg_len = NLMSG_ALIGN(q->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

/* An attribute holding the ones added until nest_end(). */
static struct rtattr *nest_start(struct request *q, int type)
{
	return add_attr(q, type, NULL, 0);
}

static void nest_end(struct request *q, struct rtattr *nest)
{
	nest->rta_len = (char *)&q->h + q->h.nlmsg_len - (char *)nest;
}

/* "10.0.0.1" or "2001:db8::1" into addr; its family and length. */
static int parse_ip(const char *ip, uint8_t addr[16], size_t *len)
{
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, ip, addr) == 1) {
		*len = 4;
		return AF_INET;
	}
	if (inet_pton(AF_INET6, ip, addr) == 1) {
		*len = 16;
		return AF_INET6;
	}
	inst_fatal("rtnl: bad address literal %s", ip);
}

int rtnl_open(struct rtnl *r, struct lib_instance *in, int task)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(sa);
	long ret;

	memset(r, 0, sizeof(*r));
	r->in = in;
	r->task = task;
	r->fd = SYS(in, task, LIB_SYS_socket, AF_NETLINK,
		    SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (r->fd < 0)
		return r->fd;
	ret = SYS(in, task, LIB_SYS_bind, r->fd, P(&sa), sizeof(sa));
	if (!ret)
		ret = SYS(in, task, LIB_SYS_getsockname, r->fd, P(&sa),
			  P(&len));
	if (ret) {
		SYS(in, task, LIB_SYS_close, r->fd);
		r->fd = -1;
		return ret;
	}
	r->portid = sa.nl_pid;
	return 0;
}

void rtnl_close(struct rtnl *r)
{
	if (r->fd >= 0)
		SYS(r->in, r->task, LIB_SYS_close, r->fd);
	r->fd = -1;
}

static int send_request(struct rtnl *r, struct request *q)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov = { .iov_base = q, .iov_len = q->h.nlmsg_len };
	struct msghdr msg = {
		.msg_name = &kernel, .msg_namelen = sizeof(kernel),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	long n;

	q->h.nlmsg_seq = ++r->seq;
	q->h.nlmsg_pid = r->portid;
	n = SYS(r->in, r->task, LIB_SYS_sendmsg, r->fd, P(&msg), 0);
	if (n < 0)
		return n;
	return n == q->h.nlmsg_len ? 0 : -EIO;
}

/* One batch of replies into r->buf; its length or -errno. */
static long receive(struct rtnl *r)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = r->buf, .iov_len = sizeof(r->buf) };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	long n;

	memset(&from, 0xff, sizeof(from));
	n = SYS(r->in, r->task, LIB_SYS_recvmsg, r->fd, P(&msg),
		MSG_DONTWAIT);
	if (n < 0)
		return n;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	/* Only the kernel (port 0) talks to us. */
	if (from.nl_family != AF_NETLINK || from.nl_pid != 0)
		return -EPROTO;
	return n;
}

/* Our reply to the last request?  Else -EPROTO. */
static int ours(const struct rtnl *r, const struct nlmsghdr *h)
{
	return h->nlmsg_seq == r->seq && h->nlmsg_pid == r->portid ? 0 :
		-EPROTO;
}

/* Sends with NLM_F_ACK; the NLMSG_ERROR code of the only reply. */
static int request_ack(struct rtnl *r, struct request *q)
{
	const struct nlmsghdr *h = (const void *)r->buf;
	long n;
	int ret;

	q->h.nlmsg_flags |= NLM_F_ACK;
	ret = send_request(r, q);
	if (ret)
		return ret;
	n = receive(r);
	if (n < 0)
		return n;
	if (!NLMSG_OK(h, (size_t)n) || h->nlmsg_type != NLMSG_ERROR ||
	    ours(r, h) || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr)))
		return -EPROTO;
	/* Nothing else may follow the acknowledgement. */
	if (NLMSG_ALIGN(h->nlmsg_len) < (size_t)n)
		return -EPROTO;
	return ((const struct nlmsgerr *)NLMSG_DATA(h))->error;
}

int rtnl_link_set_up(struct rtnl *r, int ifindex, bool up)
{
	struct request q;
	struct ifinfomsg *ifi = request_init(&q, RTM_NEWLINK, 0, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = up ? IFF_UP : 0;
	ifi->ifi_change = IFF_UP;
	return request_ack(r, &q);
}

int rtnl_vlan_add(struct rtnl *r, const char *name, int parent, int vid)
{
	static const char kind[] = "vlan";
	struct request q;
	struct ifinfomsg *ifi = request_init(&q, RTM_NEWLINK,
					     NLM_F_CREATE | NLM_F_EXCL,
					     sizeof(*ifi));
	struct rtattr *info, *data;
	uint16_t id = vid;
	int ret;

	ifi->ifi_family = AF_UNSPEC;
	add_attr(&q, IFLA_IFNAME, name, strlen(name) + 1);
	add_attr(&q, IFLA_LINK, &parent, sizeof(parent));
	info = nest_start(&q, IFLA_LINKINFO);
	add_attr(&q, IFLA_INFO_KIND, kind, sizeof(kind) - 1);
	data = nest_start(&q, IFLA_INFO_DATA);
	add_attr(&q, IFLA_VLAN_ID, &id, sizeof(id));
	nest_end(&q, data);
	nest_end(&q, info);
	ret = request_ack(r, &q);
	return ret ? ret : rtnl_link_index(r, name);
}

static int addr_request(struct rtnl *r, int type, int flags, int ifindex,
			const char *ip, int plen, uint32_t ifa_flags)
{
	struct request q;
	struct ifaddrmsg *ifa = request_init(&q, type, flags, sizeof(*ifa));
	uint8_t addr[16];
	size_t len;

	ifa->ifa_family = parse_ip(ip, addr, &len);
	ifa->ifa_prefixlen = plen;
	ifa->ifa_flags = ifa_flags & 0xff;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	/* IFA_LOCAL is the address; IFA_ADDRESS the peer's (ours too). */
	add_attr(&q, IFA_LOCAL, addr, len);
	add_attr(&q, IFA_ADDRESS, addr, len);
	if (type == RTM_NEWADDR)
		add_attr(&q, IFA_FLAGS, &ifa_flags, sizeof(ifa_flags));
	return request_ack(r, &q);
}

int rtnl_addr_add(struct rtnl *r, int ifindex, const char *ip, int plen,
		  uint32_t flags)
{
	return addr_request(r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL,
			    ifindex, ip, plen, flags);
}

int rtnl_addr_del(struct rtnl *r, int ifindex, const char *ip, int plen)
{
	return addr_request(r, RTM_DELADDR, 0, ifindex, ip, plen, 0);
}

int rtnl_route_add(struct rtnl *r, const char *dst, int plen,
		   const char *gateway, int oif)
{
	struct request q;
	struct rtmsg *rtm = request_init(&q, RTM_NEWROUTE,
					 NLM_F_CREATE | NLM_F_EXCL,
					 sizeof(*rtm));
	uint8_t addr[16];
	size_t len = 0;
	int family = 0;

	if (dst)
		family = parse_ip(dst, addr, &len);
	if (dst && plen)
		add_attr(&q, RTA_DST, addr, len);
	if (gateway) {
		int gw_family = parse_ip(gateway, addr, &len);

		if (family && gw_family != family)
			inst_fatal("rtnl: route to %s via %s", dst, gateway);
		family = gw_family;
		add_attr(&q, RTA_GATEWAY, addr, len);
	}
	if (!family)
		inst_fatal("rtnl: a default route needs a gateway");
	if (oif)
		add_attr(&q, RTA_OIF, &oif, sizeof(oif));
	rtm->rtm_family = family;
	rtm->rtm_dst_len = dst ? plen : 0;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	return request_ack(r, &q);
}

static void parse_link(const struct nlmsghdr *h, struct rtnl_link *out)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct rtattr *a = IFLA_RTA(ifi);
	int len = IFLA_PAYLOAD(h);

	memset(out, 0, sizeof(*out));
	out->ifindex = ifi->ifi_index;
	out->flags = ifi->ifi_flags;
	out->carrier = -1;
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		const void *d = RTA_DATA(a);
		size_t dlen = RTA_PAYLOAD(a);

		switch (a->rta_type) {
		case IFLA_IFNAME:
			snprintf(out->name, sizeof(out->name), "%.*s",
				 (int)dlen, (const char *)d);
			break;
		case IFLA_MTU:
			if (dlen >= 4)
				memcpy(&out->mtu, d, 4);
			break;
		case IFLA_ADDRESS:
			if (dlen == 6)
				memcpy(out->mac, d, 6);
			break;
		case IFLA_CARRIER:
			if (dlen >= 1)
				out->carrier = *(const uint8_t *)d;
			break;
		case IFLA_STATS64: {
			struct rtnl_link_stats64 st;

			if (dlen < sizeof(st))
				break;
			memcpy(&st, d, sizeof(st));
			out->rx_packets = st.rx_packets;
			out->tx_packets = st.tx_packets;
			out->rx_dropped = st.rx_dropped;
			break;
		}
		}
	}
}

/* RTM_GETLINK by ifindex, or by name when ifindex is 0. */
static int get_link(struct rtnl *r, int ifindex, const char *name,
		    struct rtnl_link *out)
{
	const struct nlmsghdr *h = (const void *)r->buf;
	struct request q;
	struct ifinfomsg *ifi = request_init(&q, RTM_GETLINK, 0, sizeof(*ifi));
	long n;
	int ret;

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (name)
		add_attr(&q, IFLA_IFNAME, name, strlen(name) + 1);
	ret = send_request(r, &q);
	if (ret)
		return ret;
	n = receive(r);
	if (n < 0)
		return n;
	if (!NLMSG_OK(h, (size_t)n) || ours(r, h))
		return -EPROTO;
	if (h->nlmsg_type == NLMSG_ERROR)
		return ((const struct nlmsgerr *)NLMSG_DATA(h))->error ?:
			-EPROTO;
	if (h->nlmsg_type != RTM_NEWLINK ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return -EPROTO;
	parse_link(h, out);
	return 0;
}

int rtnl_link_get(struct rtnl *r, int ifindex, struct rtnl_link *out)
{
	return get_link(r, ifindex, NULL, out);
}

int rtnl_link_index(struct rtnl *r, const char *name)
{
	struct rtnl_link link;
	int ret = get_link(r, 0, name, &link);

	return ret ? ret : link.ifindex;
}

/* Sends a dump request and hands each answer to fn until NLMSG_DONE. */
static int dump(struct rtnl *r, struct request *q,
		int (*fn)(const struct nlmsghdr *h, void *ctx), void *ctx)
{
	int batches, ret;

	q->h.nlmsg_flags |= NLM_F_DUMP;
	ret = send_request(r, q);
	if (ret)
		return ret;
	for (batches = 0; batches < RTNL_MAX_BATCHES; batches++) {
		const struct nlmsghdr *h = (const void *)r->buf;
		long n = receive(r);
		size_t left;

		if (n < 0)
			return n;
		left = n;
		for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			if (ours(r, h))
				return -EPROTO;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((const struct nlmsgerr *)
					NLMSG_DATA(h))->error ?: -EPROTO;
			ret = fn(h, ctx);
			if (ret)
				return ret;
		}
		if (left)
			return -EPROTO;
	}
	return -E2BIG;
}

struct collect {
	void *out;
	int max;
	int n;
};

static int one_addr(const struct nlmsghdr *h, void *ctx)
{
	struct collect *c = ctx;
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	const struct rtattr *a = IFA_RTA(ifa);
	int len = IFA_PAYLOAD(h);
	struct rtnl_addr *o;
	bool have_local = false;

	if (h->nlmsg_type != RTM_NEWADDR)
		return -EPROTO;
	if (c->n == c->max)
		return -ENOSPC;
	o = (struct rtnl_addr *)c->out + c->n++;
	memset(o, 0, sizeof(*o));
	o->family = ifa->ifa_family;
	o->ifindex = ifa->ifa_index;
	o->plen = ifa->ifa_prefixlen;
	o->flags = ifa->ifa_flags;
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t dlen = RTA_PAYLOAD(a);

		if (a->rta_type == IFA_FLAGS && dlen == 4)
			memcpy(&o->flags, RTA_DATA(a), 4);
		/* IFA_LOCAL (IPv4) wins over IFA_ADDRESS (the peer). */
		if ((a->rta_type == IFA_LOCAL ||
		     (a->rta_type == IFA_ADDRESS && !have_local)) &&
		    dlen <= 16) {
			memcpy(o->addr, RTA_DATA(a), dlen);
			have_local = a->rta_type == IFA_LOCAL;
		}
	}
	return 0;
}

int rtnl_addr_dump(struct rtnl *r, int family, struct rtnl_addr *out,
		   int max)
{
	struct collect c = { .out = out, .max = max };
	struct request q;
	struct ifaddrmsg *ifa = request_init(&q, RTM_GETADDR, 0, sizeof(*ifa));
	int ret;

	ifa->ifa_family = family;
	ret = dump(r, &q, one_addr, &c);
	return ret ? ret : c.n;
}

const struct rtnl_addr *rtnl_addr_find(const struct rtnl_addr *a, int n,
				       const char *ip)
{
	uint8_t addr[16];
	size_t len;
	int family = parse_ip(ip, addr, &len), i;

	for (i = 0; i < n; i++)
		if (a[i].family == family && !memcmp(a[i].addr, addr, len))
			return &a[i];
	return NULL;
}

static int one_route(const struct nlmsghdr *h, void *ctx)
{
	struct collect *c = ctx;
	const struct rtmsg *rtm = NLMSG_DATA(h);
	const struct rtattr *a = RTM_RTA(rtm);
	int len = RTM_PAYLOAD(h);
	struct rtnl_route *o;

	if (h->nlmsg_type != RTM_NEWROUTE)
		return -EPROTO;
	if (c->n == c->max)
		return -ENOSPC;
	o = (struct rtnl_route *)c->out + c->n++;
	memset(o, 0, sizeof(*o));
	o->family = rtm->rtm_family;
	o->table = rtm->rtm_table;
	o->type = rtm->rtm_type;
	o->protocol = rtm->rtm_protocol;
	o->plen = rtm->rtm_dst_len;
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t dlen = RTA_PAYLOAD(a);

		switch (a->rta_type) {
		case RTA_TABLE:
			if (dlen == 4)
				memcpy(&o->table, RTA_DATA(a), 4);
			break;
		case RTA_DST:
			if (dlen <= 16)
				memcpy(o->dst, RTA_DATA(a), dlen);
			break;
		case RTA_GATEWAY:
			if (dlen <= 16) {
				memcpy(o->gateway, RTA_DATA(a), dlen);
				o->has_gateway = true;
			}
			break;
		case RTA_OIF:
			if (dlen == 4)
				memcpy(&o->oif, RTA_DATA(a), 4);
			break;
		}
	}
	return 0;
}

int rtnl_route_dump(struct rtnl *r, int family, struct rtnl_route *out,
		    int max)
{
	struct collect c = { .out = out, .max = max };
	struct request q;
	struct rtmsg *rtm = request_init(&q, RTM_GETROUTE, 0, sizeof(*rtm));
	int ret;

	rtm->rtm_family = family;
	ret = dump(r, &q, one_route, &c);
	return ret ? ret : c.n;
}

const struct rtnl_route *rtnl_route_find(const struct rtnl_route *rt, int n,
					 const char *dst, int plen)
{
	uint8_t addr[16];
	size_t len;
	int family = parse_ip(dst, addr, &len), i;

	for (i = 0; i < n; i++)
		if (rt[i].family == family && rt[i].table == RT_TABLE_MAIN &&
		    rt[i].plen == plen && !memcmp(rt[i].dst, addr, len))
			return &rt[i];
	return NULL;
}
