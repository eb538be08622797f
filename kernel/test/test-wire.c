// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two copies joined by a wire (1 ms, 1 Gbit/s), configured by rtnetlink
 * only: ARP and neighbour discovery resolve, ICMP echo works in both
 * families, UDP datagrams (fragmented ones too) cross intact, and 10 MiB
 * of TCP arrive byte for byte in frames no larger than the MTU allows,
 * every one of them with correct checksums.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "frame.h"
#include "line.h"
#include "net.h"
#include "rtnl.h"
#include "runner.h"
#include "traffic.h"

#define DELAY		NS_PER_MS
#define RATE		1000000000ULL
#define TCP_BYTES	(10 << 20)

/* Serialization of `len` bytes at RATE, in ns. */
static uint64_t ser(uint64_t len)
{
	return len * 8 * NS_PER_SEC / RATE;
}

static void two(struct line *l, struct frame_stats *st, unsigned int mtu)
{
	struct line_opts o = {
		.n = 2, .seed = 1, .delay_ns = DELAY, .rate_bps = RATE,
		.mtu = mtu, .record = true, .tap = frame_check_tap,
		.tap_ctx = st,
	};

	memset(st, 0, sizeof(*st));
	st->mtu = mtu ? mtu : 1500;
	line_build(l, &o);
}

/* Every frame so far is well formed and has correct checksums. */
static int frames_ok(const struct frame_stats *st)
{
	CHECK(st->frames > 0, "no frame crossed the wire");
	CHECK(st->bad == 0, "%lu of %lu frames are wrong; first: %s", st->bad,
	      st->frames, st->first_bad);
	return 0;
}

/* How many recorded frames from copy `src` match type/op/proto/icmp type. */
static int count(const struct line *l, int src, uint16_t etype, int ip,
		 int proto, int icmp_type, struct frame_info *last)
{
	const struct wire_net *net = &l->net;
	struct frame_info fi;
	size_t i;
	int n = 0;

	for (i = 0; i < net->nrec; i++) {
		const struct wire_frame *f = &net->rec[i];

		if (f->src != src ||
		    frame_parse(f->data, f->len, &fi, NULL, 0) ||
		    fi.type != etype || (ip && fi.ip != ip) ||
		    (proto >= 0 && fi.proto != proto) ||
		    (icmp_type >= 0 && fi.icmp_type != icmp_type))
			continue;
		if (last)
			*last = fi;
		n++;
	}
	return n;
}

static int test_arp(void)
{
	struct frame_stats st;
	struct frame_info req, rep;
	struct ping_result res;
	struct line l;
	uint8_t mac0[6], mac1[6];
	char ip[64], arp[1024], want[128];
	long n;

	two(&l, &st, 0);
	line_mac(mac0, 0, LINE_RIGHT);
	line_mac(mac1, 1, LINE_LEFT);
	line_addr(ip, sizeof(ip), AF_INET, 1, LINE_LEFT);
	traffic_ping(l.in[0], l.task[0], ip, 0, 1, NS_PER_SEC, &res);
	CHECK(res.ret == 1, "no echo reply (%ld, %s)", res.ret, res.call);

	CHECK_EQ(count(&l, 0, ETYPE_ARP, 0, -1, -1, &req), 1);
	CHECK_EQ(req.arp_op, 1);
	CHECK(!memcmp(req.dst_mac, "\xff\xff\xff\xff\xff\xff", 6),
	      "ARP request not broadcast");
	CHECK(!memcmp(req.src_mac, mac0, 6), "ARP request from a wrong MAC");
	CHECK_EQ(count(&l, 1, ETYPE_ARP, 0, -1, -1, &rep), 1);
	CHECK_EQ(rep.arp_op, 2);
	CHECK(!memcmp(rep.dst_mac, mac0, 6) && !memcmp(rep.src_mac, mac1, 6),
	      "ARP reply not from copy 1's MAC to copy 0's");

	/* The kernel's own neighbour table has the answer. */
	n = net_file_read(l.in[0], l.task[0], "/proc/net/arp", arp,
			  sizeof(arp));
	CHECK(n > 0, "reading /proc/net/arp = %ld", n);
	snprintf(want, sizeof(want), "%s ", ip);
	CHECK(strstr(arp, want) && strstr(arp, "02:00:00:00:02:00") &&
	      strstr(arp, "0x2 "), "no complete entry for %s in:\n%s", ip, arp);
	return frames_ok(&st);
}

static int ping(int family)
{
	struct frame_stats st;
	struct ping_result res;
	struct line l;
	uint64_t echo_len = family == AF_INET ? 14 + 20 + 8 + PING_PAYLOAD :
				14 + 40 + 8 + PING_PAYLOAD;
	char ip[64];
	uint16_t seq;

	two(&l, &st, 0);
	line_addr(ip, sizeof(ip), family, 1, LINE_LEFT);
	for (seq = 1; seq <= 3; seq++) {
		traffic_ping(l.in[0], l.task[0], ip, 0, seq, NS_PER_SEC, &res);
		CHECK(res.ret == 1, "ping %s seq %u: no answer (%ld, %s)", ip,
		      seq, res.ret, res.call ? res.call : "timeout");
		CHECK_EQ(res.type, family == AF_INET ? 0 : 129);
		CHECK_EQ(res.code, 0);
		CHECK_EQ(res.seq, seq);
		CHECK_EQ(res.len, 8 + PING_PAYLOAD);
		CHECK(res.payload_ok, "echo reply %u changed the payload", seq);
		/*
		 * Once the neighbour is known, an echo takes exactly the two
		 * wire delays plus serialization: the kernels take no time.
		 */
		if (seq > 1)
			CHECK_EQU(res.rtt_ns, 2 * (DELAY + ser(echo_len)));
		else
			CHECK(res.rtt_ns > 4 * DELAY,
			      "first echo (with resolution) took %llu ns",
			      (unsigned long long)res.rtt_ns);
	}
	if (family == AF_INET6) {
		struct frame_info fi;

		/* Neighbour solicitation from 0, advertisement from 1. */
		CHECK(count(&l, 0, ETYPE_IPV6, 6, 58, 135, &fi) >= 1,
		      "copy 0 sent no neighbour solicitation");
		CHECK(count(&l, 1, ETYPE_IPV6, 6, 58, 136, &fi) >= 1,
		      "copy 1 sent no neighbour advertisement");
		CHECK_EQ(count(&l, 1, ETYPE_IPV6, 6, 58, 129, NULL), 3);
	} else {
		CHECK_EQ(count(&l, 1, ETYPE_IPV4, 4, 1, 0, NULL), 3);
	}
	return frames_ok(&st);
}

static int test_ping4(void)
{
	return ping(AF_INET);
}

static int test_ping6(void)
{
	return ping(AF_INET6);
}

/* Datagrams of several sizes, the last one fragmented by IP. */
static int udp(int family)
{
	static const size_t sizes[] = { 1, 512, 1472, 1452, 4000, 20000 };
	static unsigned char msg[20000], buf[32768];
	struct frame_stats st;
	struct net_addr to, from;
	struct line l;
	long rx, tx, port, n;
	char src[64], dst[64];
	size_t i;

	two(&l, &st, 0);
	line_addr(src, sizeof(src), family, 0, LINE_RIGHT);
	line_addr(dst, sizeof(dst), family, 1, LINE_LEFT);
	rx = net_udp_socket(l.in[1], l.task[1], dst, 5300, 0);
	tx = net_udp_socket(l.in[0], l.task[0], src, 0, 0);
	CHECK(rx >= 0 && tx >= 0, "sockets: %ld %ld", rx, tx);
	port = net_local_port(l.in[0], l.task[0], tx);
	net_addr(&to, dst, 5300);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		net_pattern(msg, sizes[i], i + 1);
		n = SYS(l.in[0], l.task[0], LIB_SYS_sendto, tx, P(msg),
			sizes[i], 0, P(&to.sa), to.len);
		CHECK_EQ(n, sizes[i]);
		memset(&from, 0, sizeof(from));
		from.len = sizeof(from.ss);
		/* Blocks until the datagram has crossed the wire. */
		n = SYS(l.in[1], l.task[1], LIB_SYS_recvfrom, rx, P(buf),
			sizeof(buf), 0, P(&from.sa), P(&from.len));
		CHECK_EQ(n, sizes[i]);
		CHECK(!memcmp(buf, msg, sizes[i]), "datagram of %zu bytes differs",
		      sizes[i]);
		CHECK_EQ(from.sa.sa_family, family);
		CHECK_EQ(ntohs(family == AF_INET ? from.in4.sin_port :
			       from.in6.sin6_port), port);
	}
	CHECK(st.max_len <= 1514, "a frame of %u bytes", st.max_len);
	note("%lu frames, largest %u bytes, %lu UDP checksums verified",
	     st.frames, st.max_len, st.udp);
	return frames_ok(&st);
}

static int test_udp4(void)
{
	return udp(AF_INET);
}

static int test_udp6(void)
{
	return udp(AF_INET6);
}

static int tcp(int family, unsigned int mtu, size_t bytes)
{
	struct stream s = { .bytes = bytes, .port = 5400, .pattern = 42 };
	struct frame_stats st;
	struct line l;
	char dst[64];
	unsigned int hdr = family == AF_INET ? 40 : 60;
	unsigned int m = mtu ? mtu : 1500;

	two(&l, &st, mtu);
	/* The tap checks every frame as it passes; no need to keep them. */
	l.net.record = false;
	line_addr(dst, sizeof(dst), family, 1, LINE_LEFT);
	traffic_stream(l.in[0], l.in[1], dst, &s);
	note("%zu bytes in %.3f ms virtual: %lu frames, %lu with TCP payload, largest %u bytes, %lu checksums verified",
	     bytes, s.xfer_ns / 1e6, st.frames, st.tcp_payload_frames,
	     st.max_len, st.l4_checked);
	if (frames_ok(&st))
		return -1;
	CHECK(st.max_len <= 14 + m, "frame of %u bytes with MTU %u",
	      st.max_len, m);
	CHECK(st.tcp_payload_bytes >= bytes,
	      "only %llu bytes of TCP payload on the wire",
	      (unsigned long long)st.tcp_payload_bytes);
	/* Full-size segments: none may be bigger, most should be as big. */
	CHECK(st.tcp_payload_frames <= bytes / (m - hdr - 12) * 11 / 10 + 64,
	      "%lu segments for %zu bytes: small segments", st.tcp_payload_frames,
	      bytes);
	/* 1 Gbit/s is the ceiling: the transfer cannot beat it. */
	CHECK(s.xfer_ns >= ser(bytes), "%zu bytes in %llu ns beat the wire",
	      bytes, (unsigned long long)s.xfer_ns);
	return 0;
}

static int test_tcp4(void)
{
	return tcp(AF_INET, 0, TCP_BYTES);
}

static int test_tcp6(void)
{
	return tcp(AF_INET6, 0, TCP_BYTES);
}

/* A smaller MTU: the MSS follows it and no frame exceeds it. */
static int test_tcp_mtu(void)
{
	return tcp(AF_INET6, 1280, 1 << 20);
}

/*
 * The checker itself: each well-formed frame recorded, with one bit
 * flipped in its transport data or its IPv4 header, must be caught, and
 * so must a frame longer than the MTU allows.
 */
static int test_checker(void)
{
	static uint8_t copy[65536];
	struct stream s = { .bytes = 64 << 10, .port = 5401, .pattern = 9 };
	struct frame_stats st;
	struct frame_info fi;
	struct ping_result res;
	struct line l;
	char ip[64], why[160];
	unsigned long l4 = 0, hdr = 0;
	size_t i;

	two(&l, &st, 0);
	line_addr(ip, sizeof(ip), AF_INET6, 1, LINE_LEFT);
	traffic_ping(l.in[0], l.task[0], ip, 0, 1, NS_PER_SEC, &res);
	line_addr(ip, sizeof(ip), AF_INET, 1, LINE_LEFT);
	traffic_ping(l.in[0], l.task[0], ip, 0, 1, NS_PER_SEC, &res);
	traffic_stream(l.in[0], l.in[1], ip, &s);
	if (frames_ok(&st))
		return -1;
	for (i = 0; i < l.net.nrec; i++) {
		const struct wire_frame *f = &l.net.rec[i];
		size_t off;

		CHECK(!frame_check(f->data, f->len, 1500, &fi, why, sizeof(why)),
		      "recorded frame %zu: %s", i, why);
		CHECK(frame_check(f->data, f->len, f->len - 15, &fi, NULL, 0),
		      "frame %zu of %u bytes passed with MTU %u", i, f->len,
		      f->len - 15);
		if (!fi.ip || fi.fragment || fi.l4_len < 8)
			continue;
		memcpy(copy, f->data, f->len);
		off = fi.l4 - f->data + fi.l4_len - 1;	/* the last byte */
		copy[off] ^= 0x01;
		if (fi.proto == 6 || fi.proto == 17 || fi.proto == 1 ||
		    fi.proto == 58) {
			CHECK(frame_check(copy, f->len, 1500, &fi, NULL, 0),
			      "frame %zu with a flipped bit passed", i);
			l4++;
		}
		if (fi.ip == 4) {
			memcpy(copy, f->data, f->len);
			copy[14 + 8] ^= 0x80;		/* the TTL */
			CHECK(frame_check(copy, f->len, 1500, &fi, NULL, 0),
			      "frame %zu with a flipped TTL passed", i);
			hdr++;
		}
	}
	note("%lu transport and %lu IPv4 header corruptions caught", l4, hdr);
	CHECK(l4 > 40 && hdr > 40, "too few frames to try (%lu, %lu)", l4,
	      hdr);
	return 0;
}

/*
 * A VLAN (802.1Q, made by rtnetlink) on each end: frames carry the tag,
 * full-size ones are MTU + 18 bytes, and the far end takes them.
 */
static int test_vlan(void)
{
	static const char *const ip[2] = { "10.5.0.1", "10.5.0.2" };
	struct stream s = { .bytes = 1 << 20, .port = 5402, .pattern = 11 };
	static struct rtnl r;
	struct frame_stats st;
	struct ping_result res;
	struct frame_info fi;
	struct line l;
	unsigned long tagged = 0;
	size_t k;
	int i, vlan;

	two(&l, &st, 0);
	for (i = 0; i < 2; i++) {
		CHECK_EQ(rtnl_open(&r, l.in[i], l.task[i]), 0);
		vlan = rtnl_vlan_add(&r, "eth0.5",
				     l.dev[i][i ? LINE_LEFT : LINE_RIGHT], 5);
		CHECK(vlan > 0, "copy %d: VLAN = %d", i, vlan);
		CHECK_EQ(rtnl_link_set_up(&r, vlan, true), 0);
		CHECK_EQ(rtnl_addr_add(&r, vlan, ip[i], 24, 0), 0);
		rtnl_close(&r);
	}
	traffic_ping(l.in[0], l.task[0], ip[1], 0, 1, NS_PER_SEC, &res);
	CHECK(res.ret == 1 && res.payload_ok, "ping over the VLAN: %ld (%s)",
	      res.ret, res.call ? res.call : "no answer");
	traffic_stream(l.in[0], l.in[1], ip[1], &s);
	for (k = 0; k < l.net.nrec; k++) {
		const struct wire_frame *f = &l.net.rec[k];

		if (f->len < 18 || f->data[12] != 0x81 || f->data[13] != 0 ||
		    frame_parse(f->data, f->len, &fi, NULL, 0))
			continue;
		CHECK_EQ((f->data[14] << 8 | f->data[15]) & 0xfff, 5);
		tagged++;
	}
	note("%lu tagged frames, largest frame %u bytes", tagged, st.max_len);
	CHECK(tagged > (1 << 20) / 1448, "only %lu tagged frames", tagged);
	CHECK_EQ(st.max_len, 1500 + 14 + 4);
	return frames_ok(&st);
}

/* Jumbo frames: 9000-byte MTU, segments of 8948 bytes. */
static int test_tcp_jumbo(void)
{
	return tcp(AF_INET, 9000, 4 << 20);
}

const struct test wire_tests[] = {
	{ "wire-frame-checker-catches-corruption", test_checker },
	{ "wire-arp-resolves", test_arp },
	{ "wire-ping-v4", test_ping4 },
	{ "wire-ping-v6-nd", test_ping6 },
	{ "wire-udp-v4", test_udp4 },
	{ "wire-udp-v6", test_udp6 },
	{ "wire-tcp-v4-10MiB", test_tcp4 },
	{ "wire-tcp-v6-10MiB", test_tcp6 },
	{ "wire-tcp-v6-mtu-1280", test_tcp_mtu },
	{ "wire-tcp-v4-mtu-9000", test_tcp_jumbo },
	{ "wire-vlan-tagged-ping-and-tcp", test_vlan },
	{ NULL, NULL },
};
