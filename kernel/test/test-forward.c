// SPDX-License-Identifier: GPL-2.0-only
/*
 * Three copies in a line, 0 -- 1 -- 2.  With forwarding on, copy 1
 * forwards between its wires and decrements the TTL (hop limit) of what
 * it forwards; with it off, it drops what is not its own and nothing
 * comes back; a TTL of 1 makes it answer ICMP time exceeded, which the
 * sender's socket reports through its error queue.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <linux/errqueue.h>	/* after <time.h>: it uses struct timespec */
#include "frame.h"
#include "line.h"
#include "net.h"
#include "runner.h"
#include "traffic.h"

#define DELAY		(100 * 1000ULL)
#define RATE		1000000000ULL
#define PROTO_ICMP	1
#define PROTO_UDP	17
#define PROTO_ICMP6	58

static void three(struct line *l, struct frame_stats *st, bool forward)
{
	struct line_opts o = {
		.n = 3, .seed = 7, .delay_ns = DELAY, .rate_bps = RATE,
		.forward = forward, .record = true, .tap = frame_check_tap,
		.tap_ctx = st,
	};

	memset(st, 0, sizeof(*st));
	st->mtu = 1500;
	line_build(l, &o);
}

static int frames_ok(const struct frame_stats *st)
{
	CHECK(st->bad == 0, "%lu of %lu frames are wrong; first: %s", st->bad,
	      st->frames, st->first_bad);
	return 0;
}

/* A recorded frame from `src` out of `ifindex` matching proto / type. */
struct match {
	int src, ifindex;
	int ip, proto, icmp_type;	/* -1: any type */
	const uint8_t *dst;		/* IP destination, NULL: any */
};

static int count(const struct line *l, const struct match *m,
		 struct frame_info *last)
{
	const struct wire_net *net = &l->net;
	struct frame_info fi;
	size_t i;
	int n = 0;

	for (i = 0; i < net->nrec; i++) {
		const struct wire_frame *f = &net->rec[i];

		if (f->src != m->src || f->ifindex != m->ifindex ||
		    frame_parse(f->data, f->len, &fi, NULL, 0) ||
		    fi.ip != m->ip || fi.proto != m->proto ||
		    (m->icmp_type >= 0 && fi.icmp_type != m->icmp_type) ||
		    (m->dst && memcmp(fi.dst, m->dst, m->ip == 4 ? 4 : 16)))
			continue;
		if (last)
			*last = fi;
		n++;
	}
	return n;
}

static void ip_bytes(uint8_t out[16], int family, int i, int side)
{
	char ip[64];
	struct net_addr a;

	line_addr(ip, sizeof(ip), family, i, side);
	net_addr(&a, ip, 0);
	memset(out, 0, 16);
	if (family == AF_INET)
		memcpy(out, &a.in4.sin_addr, 4);
	else
		memcpy(out, &a.in6.sin6_addr, 16);
}

static int forward_ping(int family)
{
	int ip = family == AF_INET ? 4 : 6;
	int proto = ip == 4 ? PROTO_ICMP : PROTO_ICMP6;
	int echo = ip == 4 ? 8 : 128, reply = ip == 4 ? 0 : 129;
	struct frame_stats st;
	struct ping_result res;
	struct frame_info in, out;
	struct line l;
	uint8_t far[16], near[16], mac[6];
	char dst[64];

	three(&l, &st, true);
	line_addr(dst, sizeof(dst), family, 2, LINE_LEFT);
	ip_bytes(far, family, 2, LINE_LEFT);
	ip_bytes(near, family, 0, LINE_RIGHT);
	traffic_ping(l.in[0], l.task[0], dst, 0, 9, NS_PER_SEC, &res);
	CHECK(res.ret == 1, "no answer from %s through copy 1 (%ld, %s)", dst,
	      res.ret, res.call ? res.call : "timeout");
	CHECK_EQ(res.type, reply);
	CHECK_EQ(res.seq, 9);
	CHECK(res.payload_ok, "the echo changed the payload");

	/* The request as copy 0 sent it and as copy 1 forwarded it. */
	CHECK_EQ(count(&l, &(struct match){ 0, l.dev[0][LINE_RIGHT], ip,
					    proto, echo, far }, &in), 1);
	CHECK_EQ(count(&l, &(struct match){ 1, l.dev[1][LINE_RIGHT], ip,
					    proto, echo, far }, &out), 1);
	CHECK_EQ(in.ttl, 64);
	CHECK_EQ(out.ttl, in.ttl - 1);
	line_mac(mac, 1, LINE_RIGHT);
	CHECK(!memcmp(out.src_mac, mac, 6), "forwarded from a wrong MAC");
	line_mac(mac, 2, LINE_LEFT);
	CHECK(!memcmp(out.dst_mac, mac, 6), "forwarded to a wrong MAC");
	/* And the reply, on its way back. */
	CHECK_EQ(count(&l, &(struct match){ 2, l.dev[2][LINE_LEFT], ip,
					    proto, reply, near }, &in), 1);
	CHECK_EQ(count(&l, &(struct match){ 1, l.dev[1][LINE_LEFT], ip,
					    proto, reply, near }, &out), 1);
	CHECK_EQ(out.ttl, in.ttl - 1);
	return frames_ok(&st);
}

static int test_ping4(void)
{
	return forward_ping(AF_INET);
}

static int test_ping6(void)
{
	return forward_ping(AF_INET6);
}

static int disabled(int family)
{
	int ip = family == AF_INET ? 4 : 6;
	int proto = ip == 4 ? PROTO_ICMP : PROTO_ICMP6;
	int echo = ip == 4 ? 8 : 128;
	struct frame_stats st;
	struct ping_result res;
	struct line l;
	uint8_t far[16];
	char dst[64], v[8];

	three(&l, &st, false);
	CHECK_EQ(inst_sysctl_get(l.in[1], ip == 4 ? "net.ipv4.ip_forward" :
				 "net.ipv6.conf.all.forwarding", v,
				 sizeof(v)), 1);
	CHECK(!strcmp(v, "0"), "forwarding = %s", v);
	line_addr(dst, sizeof(dst), family, 2, LINE_LEFT);
	ip_bytes(far, family, 2, LINE_LEFT);
	traffic_ping(l.in[0], l.task[0], dst, 0, 5, 2 * NS_PER_SEC, &res);
	CHECK(res.ret == 0,
	      "ping through a copy that does not forward: %ld (%s, type %d)",
	      res.ret, res.call ? res.call : "answered", res.type);
	/* Copy 0 did send it to copy 1 ... */
	CHECK_EQ(count(&l, &(struct match){ 0, l.dev[0][LINE_RIGHT], ip,
					    proto, echo, far }, NULL), 1);
	/* ... which passed nothing on and answered nothing. */
	CHECK_EQ(count(&l, &(struct match){ 1, l.dev[1][LINE_RIGHT], ip,
					    proto, echo, NULL }, NULL), 0);
	if (ip == 4) {
		CHECK_EQ(count(&l, &(struct match){ 1, l.dev[1][LINE_LEFT], ip,
						    proto, -1, NULL }, NULL), 0);
	} else {
		/* Neighbour discovery goes on; no error, no echo reply. */
		static const int answers[] = { 1, 2, 3, 4, 129 };
		size_t i;

		for (i = 0; i < ARRAY_SIZE(answers); i++)
			CHECK_EQ(count(&l, &(struct match){
					1, l.dev[1][LINE_LEFT], ip, proto,
					answers[i], NULL }, NULL), 0);
	}
	return frames_ok(&st);
}

static int test_disabled4(void)
{
	return disabled(AF_INET);
}

static int test_disabled6(void)
{
	return disabled(AF_INET6);
}

/*
 * A datagram with TTL 1 from a socket with IP_RECVERR: copy 1 answers
 * time exceeded, and the socket's error queue says so, naming copy 1.
 */
static int ttl_one(int family)
{
	bool v6 = family == AF_INET6;
	int ip = v6 ? 6 : 4, one = 1;
	struct frame_stats st;
	struct frame_info fi;
	struct line l;
	struct net_addr to, src;
	struct timespec ts = { 2, 0 };
	struct pollfd pfd;
	struct sock_extended_err ee;
	struct sockaddr_storage offender;
	union {
		struct cmsghdr c;
		char buf[512];
	} control;
	struct msghdr msg;
	struct iovec iov;
	struct cmsghdr *c;
	char dst[64], mid[64], data[64] = "ttl one", back[64];
	uint8_t near[16];
	long fd, n;
	bool seen = false;

	three(&l, &st, true);
	line_addr(dst, sizeof(dst), family, 2, LINE_LEFT);
	line_addr(mid, sizeof(mid), family, 1, LINE_LEFT);
	ip_bytes(near, family, 0, LINE_RIGHT);
	net_addr(&to, dst, 5500);
	net_addr(&src, mid, 0);
	fd = SYS(l.in[0], l.task[0], LIB_SYS_socket, family, SOCK_DGRAM, 0);
	CHECK(fd >= 0, "socket = %ld", fd);
	CHECK_EQ(SYS(l.in[0], l.task[0], LIB_SYS_setsockopt, fd,
		     v6 ? IPPROTO_IPV6 : IPPROTO_IP,
		     v6 ? IPV6_RECVERR : IP_RECVERR, P(&one), sizeof(one)), 0);
	CHECK_EQ(SYS(l.in[0], l.task[0], LIB_SYS_setsockopt, fd,
		     v6 ? IPPROTO_IPV6 : IPPROTO_IP,
		     v6 ? IPV6_UNICAST_HOPS : IP_TTL, P(&one), sizeof(one)), 0);
	CHECK_EQ(SYS(l.in[0], l.task[0], LIB_SYS_sendto, fd, P(data),
		     sizeof(data), 0, P(&to.sa), to.len), sizeof(data));

	/* POLLERR needs no asking: it comes with the error. */
	pfd.fd = fd;
	pfd.events = 0;
	pfd.revents = 0;
	n = SYS(l.in[0], l.task[0], LIB_SYS_ppoll, P(&pfd), 1, P(&ts), 0, 0);
	CHECK(n == 1 && (pfd.revents & POLLERR),
	      "no error reported in 2 s (ppoll = %ld, revents 0x%x)", n,
	      pfd.revents);

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = back;
	iov.iov_len = sizeof(back);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = &control;
	msg.msg_controllen = sizeof(control);
	n = SYS(l.in[0], l.task[0], LIB_SYS_recvmsg, fd, P(&msg),
		MSG_ERRQUEUE | MSG_DONTWAIT);
	CHECK_EQ(n, sizeof(data));	/* the datagram that failed */
	CHECK(!memcmp(back, data, sizeof(data)), "error queue holds other data");
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != (v6 ? SOL_IPV6 : SOL_IP) ||
		    c->cmsg_type != (v6 ? IPV6_RECVERR : IP_RECVERR))
			continue;
		CHECK(c->cmsg_len >= CMSG_LEN(sizeof(ee)), "short cmsg");
		memcpy(&ee, CMSG_DATA(c), sizeof(ee));
		memset(&offender, 0, sizeof(offender));
		memcpy(&offender, CMSG_DATA(c) + sizeof(ee),
		       c->cmsg_len - CMSG_LEN(sizeof(ee)) < sizeof(offender) ?
		       c->cmsg_len - CMSG_LEN(sizeof(ee)) : sizeof(offender));
		seen = true;
	}
	CHECK(seen, "no IP_RECVERR message");
	CHECK_EQ(ee.ee_origin, v6 ? SO_EE_ORIGIN_ICMP6 : SO_EE_ORIGIN_ICMP);
	CHECK_EQ(ee.ee_type, v6 ? 3 : 11);	/* time exceeded */
	CHECK_EQ(ee.ee_code, 0);		/* in transit */
	CHECK_EQ(ee.ee_errno, EHOSTUNREACH);
	CHECK_EQ(offender.ss_family, family);
	CHECK(v6 ? !memcmp(&((struct sockaddr_in6 *)&offender)->sin6_addr,
			   &src.in6.sin6_addr, 16) :
		   !memcmp(&((struct sockaddr_in *)&offender)->sin_addr,
			   &src.in4.sin_addr, 4),
	      "the error does not name copy 1 (%s)", mid);

	/* On the wires: nothing forwarded, time exceeded sent back. */
	CHECK_EQ(count(&l, &(struct match){ 0, l.dev[0][LINE_RIGHT], ip,
					    PROTO_UDP, -1, NULL }, &fi), 1);
	CHECK_EQ(fi.ttl, 1);
	CHECK_EQ(count(&l, &(struct match){ 1, l.dev[1][LINE_RIGHT], ip,
					    PROTO_UDP, -1, NULL }, NULL), 0);
	CHECK_EQ(count(&l, &(struct match){ 1, l.dev[1][LINE_LEFT], ip,
					    v6 ? PROTO_ICMP6 : PROTO_ICMP,
					    v6 ? 3 : 11, near }, &fi), 1);
	CHECK_EQ(fi.icmp_code, 0);
	return frames_ok(&st);
}

static int test_ttl4(void)
{
	return ttl_one(AF_INET);
}

static int test_ttl6(void)
{
	return ttl_one(AF_INET6);
}

/* A TCP stream through copy 1: every forwarded segment one hop older. */
static int forward_tcp(int family)
{
	struct stream s = { .bytes = 2 << 20, .port = 5600, .pattern = 3 };
	int ip = family == AF_INET ? 4 : 6;
	struct frame_stats st;
	struct line l;
	char dst[64];
	size_t i;
	unsigned long fwd = 0;

	three(&l, &st, true);
	line_addr(dst, sizeof(dst), family, 2, LINE_LEFT);
	traffic_stream(l.in[0], l.in[2], dst, &s);
	for (i = 0; i < l.net.nrec; i++) {
		const struct wire_frame *f = &l.net.rec[i];
		struct frame_info fi;

		if (f->src != 1 || frame_parse(f->data, f->len, &fi, NULL, 0) ||
		    fi.ip != ip || fi.proto != 6)
			continue;
		CHECK_EQ(fi.ttl, 63);
		fwd++;
	}
	note("%lu TCP segments forwarded, %lu frames checked, largest %u bytes",
	     fwd, st.frames, st.max_len);
	CHECK(fwd >= (2 << 20) / 1448, "only %lu segments forwarded", fwd);
	CHECK(st.max_len <= 1514, "a frame of %u bytes", st.max_len);
	return frames_ok(&st);
}

static int test_tcp4(void)
{
	return forward_tcp(AF_INET);
}

static int test_tcp6(void)
{
	return forward_tcp(AF_INET6);
}

const struct test forward_tests[] = {
	{ "forward-ping-v4-ttl-decremented", test_ping4 },
	{ "forward-ping-v6-hop-limit-decremented", test_ping6 },
	{ "forward-off-v4-dropped", test_disabled4 },
	{ "forward-off-v6-dropped", test_disabled6 },
	{ "forward-ttl1-v4-time-exceeded", test_ttl4 },
	{ "forward-hoplimit1-v6-time-exceeded", test_ttl6 },
	{ "forward-tcp-v4-2MiB", test_tcp4 },
	{ "forward-tcp-v6-2MiB", test_tcp6 },
	{ NULL, NULL },
};
