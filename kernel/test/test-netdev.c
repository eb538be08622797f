// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual Ethernet device API on a lone copy, with the host playing
 * the far end of the cable by hand: creation and its errors, carrier,
 * frames the host delivers going up the normal receive path (an ARP
 * request and an ICMP echo are answered), frames to a device that is
 * down or without carrier dropped and counted, and the transmit queue
 * handing every pending frame, with its device, to one call.
 */
#include <errno.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <string.h>
#include "frame.h"
#include "net.h"
#include "rtnl.h"
#include "runner.h"

#define MAX_FRAMES	64
#define BURST		400
/* <linux/if.h>, which cannot be included with <net/if.h>. */
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000
#endif

static const uint8_t our_mac[6] = { 0x02, 0x10, 0, 0, 0, 1 };
static const uint8_t peer_mac[6] = { 0x02, 0x20, 0, 0, 0, 2 };
static const uint8_t our_ip[4] = { 10, 0, 0, 1 };
static const uint8_t peer_ip[4] = { 10, 0, 0, 2 };

/* Frames the copy transmitted, copied out: theirs die at the next entry. */
struct sent {
	int n;
	int ifindex[MAX_FRAMES];
	uint32_t len[MAX_FRAMES];
	uint8_t data[MAX_FRAMES][2048];
};

/* One lib_netdev_transmitted() call, appended to s; how many it gave. */
static int take_sent(struct lib_instance *in, struct sent *s)
{
	struct lib_frame f[MAX_FRAMES];
	int i, n = in->netdev_transmitted(f, MAX_FRAMES - s->n);

	for (i = 0; i < n; i++) {
		s->ifindex[s->n] = f[i].ifindex;
		s->len[s->n] = f[i].len;
		memcpy(s->data[s->n], f[i].data,
		       f[i].len < 2048 ? f[i].len : 2048);
		s->n++;
	}
	return n;
}

/* lib_netdev_transmitted() with max 1; how many it gave (0 or 1). */
static int take_sent_one(struct lib_instance *in, struct sent *s)
{
	struct lib_frame f;
	int n = in->netdev_transmitted(&f, 1);

	if (n == 1 && s->n < MAX_FRAMES) {
		s->ifindex[s->n] = f.ifindex;
		s->len[s->n] = f.len;
		memcpy(s->data[s->n], f.data, f.len < 2048 ? f.len : 2048);
		s->n++;
	}
	return n;
}

/* Index in s of the next ARP frame with `op` at or after `from`, or -1. */
static int find_arp(const struct sent *s, int from, int op)
{
	struct frame_info fi;

	for (; from < s->n; from++)
		if (!frame_parse(s->data[from], s->len[from], &fi, NULL, 0) &&
		    fi.type == ETYPE_ARP && fi.arp_op == op)
			return from;
	return -1;
}

/* Delivers one frame; the result of lib_netdev_receive. */
static int deliver(struct lib_instance *in, int ifindex, const void *data,
		   size_t len)
{
	struct lib_frame f = { .ifindex = ifindex, .len = len, .data = data };

	return inst_netdev_receive(in, &f, 1);
}

static int deliver_arp(struct lib_instance *in, int ifindex,
		       const uint8_t target[4])
{
	uint8_t buf[64];
	size_t len = frame_arp_request(buf, peer_mac, peer_ip, target);

	return deliver(in, ifindex, buf, len);
}

/* A copy with "eth0" (10.0.0.1/24, left down) and an rtnetlink socket. */
static int setup(struct lib_instance **in, struct rtnl *r, int *ifindex)
{
	*in = inst_new(1);
	*ifindex = inst_netdev_create(*in, "eth0", our_mac, 0);
	CHECK(*ifindex > 0, "lib_netdev_create = %d", *ifindex);
	CHECK_EQ(rtnl_open(r, *in, inst_task(*in, 0)), 0);
	CHECK_EQ(rtnl_addr_add(r, *ifindex, "10.0.0.1", 24, 0), 0);
	return 0;
}

static int test_create(void)
{
	struct lib_instance *in = inst_new(1);
	static struct rtnl r;
	struct rtnl_link link;
	int a, b;

	a = inst_netdev_create(in, "eth0", our_mac, 0);
	CHECK(a > 1, "lib_netdev_create = %d", a);	/* 1 is lo */
	CHECK_EQ(rtnl_open(&r, in, inst_task(in, 0)), 0);
	CHECK_EQ(rtnl_link_get(&r, a, &link), 0);
	CHECK(!strcmp(link.name, "eth0"), "name \"%s\"", link.name);
	CHECK(!memcmp(link.mac, our_mac, 6), "MAC differs");
	CHECK_EQ(link.mtu, 1500);
	CHECK(!(link.flags & IFF_UP), "created up (flags 0x%x)", link.flags);
	CHECK_EQ(link.carrier, 1);

	b = inst_netdev_create(in, "wan", peer_mac, 9000);
	CHECK(b > 0 && b != a, "second device: ifindex %d (first %d)", b, a);
	CHECK_EQ(rtnl_link_get(&r, b, &link), 0);
	CHECK(!strcmp(link.name, "wan"), "name \"%s\"", link.name);
	CHECK_EQ(link.mtu, 9000);
	/* IFNAMSIZ - 1 characters fit. */
	CHECK(inst_netdev_create(in, "abcdefghijklmno", our_mac, 0) > 0,
	      "a 15-character name refused");
	/* The MTU bounds are inclusive. */
	CHECK(inst_netdev_create(in, "min", our_mac, 68) > 0, "MTU 68 refused");
	CHECK(inst_netdev_create(in, "max", our_mac, 65535) > 0,
	      "MTU 65535 refused");
	return 0;
}

static int test_einval(void)
{
	static const char *const names[] = {
		"", "abcdefghijklmnop", "a/b", "a:b", "a b", ".", "..",
		"eth%d",
	};
	static const uint8_t multicast[6] = { 0x01, 0, 0x5e, 0, 0, 1 };
	static const uint8_t zero[6];
	static const uint8_t broadcast[6] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	struct lib_instance *in = inst_new(1);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		CHECK(inst_netdev_create(in, names[i], our_mac, 0) == -EINVAL,
		      "name \"%s\" accepted", names[i]);
	CHECK_EQ(inst_netdev_create(in, NULL, our_mac, 0), -EINVAL);
	CHECK_EQ(inst_netdev_create(in, "eth0", NULL, 0), -EINVAL);
	CHECK_EQ(inst_netdev_create(in, "eth0", multicast, 0), -EINVAL);
	CHECK_EQ(inst_netdev_create(in, "eth0", zero, 0), -EINVAL);
	CHECK_EQ(inst_netdev_create(in, "eth0", broadcast, 0), -EINVAL);
	CHECK_EQ(inst_netdev_create(in, "eth0", our_mac, 67), -EINVAL);
	CHECK_EQ(inst_netdev_create(in, "eth0", our_mac, 65536), -EINVAL);
	/* None of them took the name. */
	CHECK(inst_netdev_create(in, "eth0", our_mac, 0) > 0,
	      "eth0 not creatable after the refusals");
	return 0;
}

static int test_eexist(void)
{
	struct lib_instance *in = inst_new(1);

	CHECK(inst_netdev_create(in, "eth0", our_mac, 0) > 0, "eth0");
	CHECK_EQ(inst_netdev_create(in, "eth0", peer_mac, 1400), -EEXIST);
	CHECK_EQ(inst_netdev_create(in, "lo", peer_mac, 0), -EEXIST);
	return 0;
}

static int test_enodev(void)
{
	struct lib_instance *in;
	static struct rtnl r;
	struct rtnl_link link;
	struct lib_frame f[2];
	uint8_t arp[64], big[1600];
	int dev;

	if (setup(&in, &r, &dev))
		return -1;
	CHECK_EQ(rtnl_link_set_up(&r, dev, true), 0);
	CHECK_EQ(inst_netdev_carrier(in, dev + 100, 0), -ENODEV);
	CHECK_EQ(inst_netdev_carrier(in, 0, 0), -ENODEV);
	CHECK_EQ(inst_netdev_carrier(in, -1, 1), -ENODEV);
	CHECK_EQ(inst_netdev_carrier(in, 1, 0), -ENODEV);	/* lo */

	f[0].ifindex = dev;
	f[0].len = frame_arp_request(arp, peer_mac, peer_ip, our_ip);
	f[0].data = arp;
	f[1] = f[0];
	f[1].ifindex = dev + 100;
	CHECK_EQ(inst_netdev_receive(in, f, 2), -ENODEV);
	f[1].ifindex = 1;
	CHECK_EQ(inst_netdev_receive(in, f, 2), -ENODEV);
	f[1].ifindex = dev;
	f[1].len = 13;
	CHECK_EQ(inst_netdev_receive(in, f, 2), -EINVAL);
	memset(big, 0, sizeof(big));
	memcpy(big, arp, f[0].len);
	f[1].data = big;
	f[1].len = 1500 + 14 + 4 + 1;
	CHECK_EQ(inst_netdev_receive(in, f, 2), -EINVAL);
	f[1].len = 60;
	f[1].data = NULL;
	CHECK_EQ(inst_netdev_receive(in, f, 2), -EINVAL);
	CHECK_EQ(inst_netdev_receive(in, f, -1), -EINVAL);
	CHECK_EQ(inst_netdev_receive(in, f, 0), 0);
	/* Nothing was taken: not even the good first frame. */
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK_EQU(link.rx_packets, 0);
	CHECK_EQU(link.rx_dropped, 0);
	/* A tagged frame may be 4 bytes longer. */
	f[1].data = big;
	f[1].len = 1500 + 14 + 4;
	CHECK_EQ(inst_netdev_receive(in, f, 2), 2);
	return 0;
}

/*
 * An ARP request to a device that is down is dropped and counted; once
 * up, the same request is answered; then an ICMP echo from the host is.
 */
static int test_receive(void)
{
	static struct sent s;
	static struct rtnl r;
	struct lib_instance *in;
	struct rtnl_link link;
	struct frame_info fi;
	uint8_t ping[128], payload[40];
	char why[160];
	size_t len;
	int dev, k;

	if (setup(&in, &r, &dev))
		return -1;
	take_sent(in, &s);
	CHECK_EQ(deliver_arp(in, dev, our_ip), 1);
	CHECK_EQ(inst_advance(in, inst_now(in) + 100 * NS_PER_MS), 0);
	take_sent(in, &s);
	CHECK_EQ(find_arp(&s, 0, 2), -1);
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK_EQU(link.rx_dropped, 1);
	CHECK_EQU(link.rx_packets, 0);

	CHECK_EQ(rtnl_link_set_up(&r, dev, true), 0);
	s.n = 0;
	CHECK_EQ(deliver_arp(in, dev, our_ip), 1);
	take_sent(in, &s);
	k = find_arp(&s, 0, 2);
	CHECK(k >= 0, "no ARP reply in the %d frames sent", s.n);
	CHECK_EQ(s.ifindex[k], dev);
	CHECK(!memcmp(s.data[k], peer_mac, 6), "reply not to the asker");
	CHECK(!memcmp(s.data[k] + 6, our_mac, 6), "reply not from our MAC");
	CHECK(!memcmp(s.data[k] + 14 + 8, our_mac, 6) &&
	      !memcmp(s.data[k] + 14 + 14, our_ip, 4) &&
	      !memcmp(s.data[k] + 14 + 18, peer_mac, 6) &&
	      !memcmp(s.data[k] + 14 + 24, peer_ip, 4),
	      "ARP reply fields are wrong");
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK_EQU(link.rx_packets, 1);

	/* The echo: the kernel knows the asker's MAC from its ARP request. */
	net_pattern(payload, sizeof(payload), 5);
	len = frame_ping4(ping, our_mac, peer_mac, peer_ip, our_ip, 0x1234, 7,
			  payload, sizeof(payload));
	s.n = 0;
	CHECK_EQ(deliver(in, dev, ping, len), 1);
	take_sent(in, &s);
	for (k = 0; k < s.n; k++)
		if (!frame_parse(s.data[k], s.len[k], &fi, NULL, 0) &&
		    fi.ip == 4 && fi.proto == 1)
			break;
	CHECK(k < s.n, "no ICMP answer in the %d frames sent", s.n);
	CHECK(!frame_check(s.data[k], s.len[k], 1500, &fi, why, sizeof(why)),
	      "echo reply: %s", why);
	CHECK_EQ(fi.icmp_type, 0);
	CHECK(!memcmp(fi.dst, peer_ip, 4) && !memcmp(s.data[k], peer_mac, 6),
	      "echo reply to the wrong address");
	CHECK_EQ(fi.l4_len, 8 + sizeof(payload));
	CHECK(!memcmp(fi.l4 + 4, ping + 14 + 20 + 4, 4) &&
	      !memcmp(fi.l4 + 8, payload, sizeof(payload)),
	      "echo reply has another id, sequence or payload");

	/* Down again, then up again: the receive path comes back too. */
	CHECK_EQ(rtnl_link_set_up(&r, dev, false), 0);
	s.n = 0;
	CHECK_EQ(deliver_arp(in, dev, our_ip), 1);
	take_sent(in, &s);
	CHECK_EQ(find_arp(&s, 0, 2), -1);
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK_EQU(link.rx_dropped, 2);
	CHECK_EQ(rtnl_link_set_up(&r, dev, true), 0);
	CHECK_EQ(deliver_arp(in, dev, our_ip), 1);
	take_sent(in, &s);
	CHECK(find_arp(&s, 0, 2) >= 0, "no ARP reply after down and up");
	return 0;
}

/* Carrier off: the link is down below IP; frames either way are lost. */
static int test_carrier(void)
{
	static struct sent s;
	static struct rtnl r;
	struct lib_instance *in;
	struct rtnl_link link;
	struct net_addr to;
	long fd;
	int dev, task;

	if (setup(&in, &r, &dev))
		return -1;
	task = r.task;
	CHECK_EQ(rtnl_link_set_up(&r, dev, true), 0);
	CHECK_EQ(inst_advance(in, inst_now(in) + 2 * NS_PER_SEC), 0);
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK((link.flags & (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)) ==
	      (IFF_UP | IFF_RUNNING | IFF_LOWER_UP), "flags 0x%x", link.flags);

	CHECK_EQ(inst_netdev_carrier(in, dev, 0), 0);
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK_EQ(link.carrier, 0);
	CHECK(!(link.flags & IFF_LOWER_UP), "IFF_LOWER_UP without carrier");
	/* The stack learns of it by the link watch, within a second. */
	CHECK_EQ(inst_advance(in, inst_now(in) + 2 * NS_PER_SEC), 0);
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK(!(link.flags & IFF_RUNNING), "IFF_RUNNING without carrier");

	/* Nothing goes out ... */
	take_sent(in, &s);
	s.n = 0;
	fd = SYS(in, task, LIB_SYS_socket, AF_INET, SOCK_DGRAM, 0);
	CHECK(fd >= 0, "socket = %ld", fd);
	net_addr(&to, "10.0.0.2", 9);
	SYS(in, task, LIB_SYS_sendto, fd, P("x"), 1, 0, P(&to.sa), to.len);
	CHECK_EQ(inst_advance(in, inst_now(in) + 3 * NS_PER_SEC), 0);
	take_sent(in, &s);
	CHECK(find_arp(&s, 0, 1) < 0, "ARP request sent without carrier");
	/* ... and nothing comes in. */
	CHECK_EQ(deliver_arp(in, dev, our_ip), 1);
	take_sent(in, &s);
	CHECK(find_arp(&s, 0, 2) < 0, "ARP answered without carrier");
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK_EQU(link.rx_dropped, 1);

	CHECK_EQ(inst_netdev_carrier(in, dev, 1), 0);
	CHECK_EQ(inst_advance(in, inst_now(in) + 2 * NS_PER_SEC), 0);
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK_EQ(link.carrier, 1);
	CHECK(link.flags & IFF_RUNNING, "not running with carrier back");
	take_sent(in, &s);
	s.n = 0;
	SYS(in, task, LIB_SYS_sendto, fd, P("x"), 1, 0, P(&to.sa), to.len);
	take_sent(in, &s);
	CHECK(find_arp(&s, 0, 1) >= 0, "no ARP request with carrier back");
	return 0;
}

/*
 * Frames pile up inside the library until the host takes them: one call
 * returns all of them, oldest first, each with its device; a smaller
 * `max` hands them out in order over several calls.
 */
static int test_transmitted(void)
{
	static const uint8_t ip1[4] = { 10, 0, 1, 1 };
	static struct sent s;
	static struct rtnl r;
	struct lib_instance *in;
	struct lib_frame f[2], one;
	uint8_t a0[64], a1[64];
	int dev0, dev1, k;

	if (setup(&in, &r, &dev0))
		return -1;
	dev1 = inst_netdev_create(in, "eth1", peer_mac, 0);
	CHECK(dev1 > 0, "lib_netdev_create = %d", dev1);
	CHECK_EQ(rtnl_addr_add(&r, dev1, "10.0.1.1", 24, 0), 0);
	CHECK_EQ(rtnl_link_set_up(&r, dev0, true), 0);
	CHECK_EQ(rtnl_link_set_up(&r, dev1, true), 0);
	take_sent(in, &s);

	f[0].ifindex = dev0;
	f[0].len = frame_arp_request(a0, peer_mac, peer_ip, our_ip);
	f[0].data = a0;
	f[1].ifindex = dev1;
	f[1].len = frame_arp_request(a1, our_mac, peer_ip, ip1);
	f[1].data = a1;
	CHECK_EQ(inst_netdev_receive(in, f, 2), 2);
	s.n = 0;
	CHECK(take_sent(in, &s) >= 2, "%d frames", s.n);
	CHECK_EQ(in->netdev_transmitted(&one, 1), 0);	/* all taken */
	k = find_arp(&s, 0, 2);
	CHECK(k >= 0 && s.ifindex[k] == dev0, "first reply on ifindex %d",
	      k >= 0 ? s.ifindex[k] : -1);
	k = find_arp(&s, k + 1, 2);
	CHECK(k >= 0 && s.ifindex[k] == dev1, "second reply on ifindex %d",
	      k >= 0 ? s.ifindex[k] : -1);
	CHECK(!memcmp(s.data[k] + 6, peer_mac, 6),
	      "eth1's reply is not from eth1's MAC");

	/* One at a time, in the same order. */
	CHECK_EQ(inst_netdev_receive(in, f, 2), 2);
	s.n = 0;
	while (take_sent_one(in, &s))
		;
	k = find_arp(&s, 0, 2);
	CHECK(k >= 0 && s.ifindex[k] == dev0, "first reply on ifindex %d",
	      k >= 0 ? s.ifindex[k] : -1);
	k = find_arp(&s, k + 1, 2);
	CHECK(k >= 0 && s.ifindex[k] == dev1, "second reply on ifindex %d",
	      k >= 0 ? s.ifindex[k] : -1);
	CHECK_EQ(in->netdev_transmitted(NULL, 4), 0);
	CHECK_EQ(in->netdev_transmitted(&one, 0), 0);
	return 0;
}

/*
 * lib_status() counts what waits for the host, without a call, and
 * lib_netdev_transmitted_copy() hands the same frames as
 * lib_netdev_transmitted() would, with their bytes copied into the host's
 * buffer back to back, stopping at the first frame that does not fit.
 */
static int test_status_and_copy(void)
{
	static struct rtnl r;
	static uint8_t buf[4096];
	struct lib_instance *in;
	const struct lib_status *st;
	struct lib_frame f[2], out[4];
	uint8_t a0[64], a1[64];
	uint64_t bytes, len;
	int dev, n;

	if (setup(&in, &r, &dev))
		return -1;
	st = in->status();
	CHECK(st, "lib_status() = NULL");
	CHECK_EQ(rtnl_link_set_up(&r, dev, true), 0);
	while (in->netdev_transmitted(out, 4) > 0)
		;
	CHECK_EQU(st->transmitted, 0);
	CHECK_EQU(st->transmitted_bytes, 0);
	CHECK(st->next_deadline == in->next_deadline(),
	      "status deadline %llu, lib_next_deadline %llu",
	      (unsigned long long)st->next_deadline,
	      (unsigned long long)in->next_deadline());

	/* Two ARP requests: two replies of one length wait. */
	f[0].ifindex = dev;
	f[0].len = frame_arp_request(a0, peer_mac, peer_ip, our_ip);
	f[0].data = a0;
	f[1] = f[0];
	f[1].len = frame_arp_request(a1, peer_mac, peer_ip, our_ip);
	f[1].data = a1;
	CHECK_EQ(inst_netdev_receive(in, f, 2), 2);
	CHECK_EQU(st->transmitted, 2);
	bytes = st->transmitted_bytes;
	len = bytes / 2;
	CHECK(len >= 42 && bytes == 2 * len, "%llu bytes waiting",
	      (unsigned long long)bytes);

	/* A buffer too small for the oldest frame: nothing moves. */
	CHECK_EQ(in->netdev_transmitted_copy(out, 4, buf, 16), 0);
	CHECK_EQU(st->transmitted_bytes, bytes);
	CHECK_EQ(in->netdev_transmitted_copy(out, 4, NULL, 4096), 0);

	/* Room for the first, padded to 8 bytes, and one byte short of the second. */
	n = in->netdev_transmitted_copy(out, 4, buf, ((len + 7) & ~7U) + len - 1);
	CHECK_EQ(n, 1);
	CHECK_EQU(out[0].len, len);
	CHECK(out[0].data == buf, "first frame not at the start of buf");
	CHECK_EQ(out[0].ifindex, dev);
	CHECK_EQU(st->transmitted_bytes, bytes - out[0].len);
	CHECK(!memcmp(buf, peer_mac, 6) && !memcmp(buf + 6, our_mac, 6),
	      "copied frame is not the ARP reply");

	/* The second, and both again after another request: 8-byte slots. */
	CHECK_EQ(in->netdev_transmitted_copy(out, 4, buf, sizeof(buf)), 1);
	CHECK(out[0].data == buf && out[0].len == len, "second frame");
	CHECK_EQ(inst_netdev_receive(in, f, 2), 2);
	CHECK_EQ(in->netdev_transmitted_copy(out, 4, buf, sizeof(buf)), 2);
	CHECK((const uint8_t *)out[1].data == buf + ((len + 7) & ~7U),
	      "second frame misplaced");
	CHECK(!memcmp(buf, buf + ((len + 7) & ~7U), len), "replies differ");
	CHECK_EQU(st->transmitted, 0);
	CHECK_EQU(st->transmitted_bytes, 0);
	CHECK_EQU(st->dead, 0);
	return 0;
}

/*
 * A burst larger than NAPI's budget (64) and the softirq's (300) in one
 * call: every frame is processed inside that entry, none left behind.
 */
static int test_burst(void)
{
	static struct lib_frame f[BURST];
	static uint8_t ping[BURST][128];
	static struct rtnl r;
	struct lib_instance *in;
	struct lib_frame out[64];
	struct rtnl_link link;
	struct frame_info fi;
	uint8_t payload[16];
	int dev, i, n, replies = 0, seen[BURST] = { 0 };

	if (setup(&in, &r, &dev))
		return -1;
	CHECK_EQ(rtnl_link_set_up(&r, dev, true), 0);
	CHECK_EQ(deliver_arp(in, dev, our_ip), 1);
	memset(payload, 0x5a, sizeof(payload));
	for (i = 0; i < BURST; i++) {
		f[i].ifindex = dev;
		f[i].len = frame_ping4(ping[i], our_mac, peer_mac, peer_ip,
				       our_ip, 0x4242, i, payload,
				       sizeof(payload));
		f[i].data = ping[i];
	}
	while (in->netdev_transmitted(out, 64) > 0)
		;
	CHECK_EQ(inst_netdev_receive(in, f, BURST), BURST);
	while ((n = in->netdev_transmitted(out, 64)) > 0) {
		for (i = 0; i < n; i++) {
			if (frame_parse(out[i].data, out[i].len, &fi, NULL, 0) ||
			    fi.ip != 4 || fi.proto != 1 || fi.icmp_type != 0)
				continue;
			replies++;
			seen[(fi.l4[6] << 8 | fi.l4[7]) % BURST]++;
		}
	}
	CHECK_EQ(replies, BURST);
	for (i = 0; i < BURST; i++)
		CHECK(seen[i] == 1, "echo %d answered %d times", i, seen[i]);
	CHECK_EQ(rtnl_link_get(&r, dev, &link), 0);
	CHECK_EQU(link.rx_packets, BURST + 1);
	return 0;
}

/* Before lib_init there is no kernel to take a device call. */
static int test_before_init(void)
{
	struct lib_instance *in = instance_open(NULL);
	struct lib_frame f, out;
	uint8_t arp[64];
	int ret;

	CHECK(in, "instance_open: %s", instance_error());
	ret = in->netdev_create("eth0", our_mac, 0, INST_T0);
	CHECK(ret < 0, "lib_netdev_create before lib_init = %d", ret);
	ret = in->netdev_set_carrier(2, 1, INST_T0);
	CHECK(ret < 0, "lib_netdev_set_carrier before lib_init = %d", ret);
	f.ifindex = 2;
	f.len = frame_arp_request(arp, peer_mac, peer_ip, our_ip);
	f.data = arp;
	ret = in->netdev_receive(&f, 1, INST_T0);
	CHECK(ret < 0, "lib_netdev_receive before lib_init = %d", ret);
	CHECK_EQ(in->netdev_transmitted(&out, 1), 0);
	/* And the copy still boots and makes devices afterwards. */
	CHECK_EQ(instance_boot(in, 1, INST_T0), 0);
	CHECK(inst_netdev_create(in, "eth0", our_mac, 0) > 0,
	      "no device after a late boot");
	return 0;
}

/* A dead copy refuses every device call. */
static int test_dead(void)
{
	struct lib_instance *in = inst_new(1);
	struct lib_frame f, out;
	uint8_t arp[64];
	uint64_t junk;
	int dev = inst_netdev_create(in, "eth0", our_mac, 0);

	CHECK(dev > 0, "lib_netdev_create = %d", dev);
	CHECK_EQ(in->debug(LIB_DEBUG_BUG, 0, &junk, in->now()), LIB_EDEAD);
	CHECK_EQ(in->netdev_create("eth1", our_mac, 0, in->now()), LIB_EDEAD);
	CHECK_EQ(in->netdev_set_carrier(dev, 0, in->now()), LIB_EDEAD);
	f.ifindex = dev;
	f.len = frame_arp_request(arp, peer_mac, peer_ip, our_ip);
	f.data = arp;
	CHECK_EQ(in->netdev_receive(&f, 1, in->now()), LIB_EDEAD);
	CHECK_EQ(in->netdev_transmitted(&out, 1), 0);
	CHECK_EQ(in->netdev_transmitted_copy(&out, 1, arp, sizeof(arp)), 0);
	CHECK_EQU(in->status()->dead, 1);
	CHECK_EQU(in->status()->transmitted, 0);
	CHECK(in->status()->next_deadline == LIB_NO_DEADLINE,
	      "a dead copy has a deadline");
	return 0;
}

const struct test netdev_tests[] = {
	{ "netdev-create-and-read-back", test_create },
	{ "netdev-create-bad-args-einval", test_einval },
	{ "netdev-create-duplicate-eexist", test_eexist },
	{ "netdev-unknown-enodev-bad-frame-einval", test_enodev },
	{ "netdev-receive-down-dropped-up-answered", test_receive },
	{ "netdev-carrier-off-no-traffic", test_carrier },
	{ "netdev-transmitted-one-call-all-frames", test_transmitted },
	{ "netdev-status-and-transmitted-copy", test_status_and_copy },
	{ "netdev-receive-burst-of-400-in-one-call", test_burst },
	{ "netdev-calls-before-init", test_before_init },
	{ "netdev-dead-instance-edead", test_dead },
	{ NULL, NULL },
};
