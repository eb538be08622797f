// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parsing and checking frames, written from the RFCs (791, 793, 768, 792,
 * 8200, 4443, 826) rather than taken from the kernel: a checksum bug in
 * the kernel must not be repeated here.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "frame.h"

#define PROTO_ICMP	1
#define PROTO_IGMP	2
#define PROTO_TCP	6
#define PROTO_UDP	17
#define PROTO_ICMP6	58

static uint16_t get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static int bad(char *why, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (why && n)
		vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return -1;
}

/* One's complement sum of 16-bit big-endian words (RFC 1071). */
static uint64_t sum16(uint64_t s, const uint8_t *p, size_t n)
{
	while (n > 1) {
		s += get16(p);
		p += 2;
		n -= 2;
	}
	if (n)
		s += (uint64_t)p[0] << 8;
	return s;
}

static uint16_t fold(uint64_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

uint16_t frame_csum(const void *p, size_t n)
{
	return ~fold(sum16(0, p, n)) & 0xffff;
}

/* The pseudo-header of a TCP, UDP or ICMPv6 checksum. */
static uint64_t pseudo(const struct frame_info *fi)
{
	uint8_t b[40];
	size_t alen = fi->ip == 4 ? 4 : 16;

	memcpy(b, fi->src, alen);
	memcpy(b + alen, fi->dst, alen);
	if (fi->ip == 4) {
		b[8] = 0;
		b[9] = fi->proto;
		put16(b + 10, fi->l4_len);
		return sum16(0, b, 12);
	}
	b[32] = fi->l4_len >> 24;
	b[33] = fi->l4_len >> 16;
	b[34] = fi->l4_len >> 8;
	b[35] = fi->l4_len;
	b[36] = b[37] = b[38] = 0;
	b[39] = fi->proto;
	return sum16(0, b, 40);
}

static int parse_l4(struct frame_info *fi, char *why, size_t n)
{
	const uint8_t *p = fi->l4;

	if (fi->fragment)
		return 0;
	switch (fi->proto) {
	case PROTO_TCP: {
		uint32_t off;

		if (fi->l4_len < 20)
			return bad(why, n, "TCP header cut short (%u bytes)",
				   fi->l4_len);
		off = (p[12] >> 4) * 4;
		if (off < 20 || off > fi->l4_len)
			return bad(why, n, "TCP data offset %u in %u bytes",
				   off, fi->l4_len);
		fi->sport = get16(p);
		fi->dport = get16(p + 2);
		fi->seq = get32(p + 4);
		fi->ack = get32(p + 8);
		fi->tcp_flags = p[13];
		fi->payload_len = fi->l4_len - off;
		break;
	}
	case PROTO_UDP:
		if (fi->l4_len < 8 || get16(p + 4) != fi->l4_len)
			return bad(why, n, "UDP length %u in %u bytes",
				   fi->l4_len >= 8 ? get16(p + 4) : 0,
				   fi->l4_len);
		fi->sport = get16(p);
		fi->dport = get16(p + 2);
		fi->payload_len = fi->l4_len - 8;
		break;
	case PROTO_ICMP:
	case PROTO_ICMP6:
		if (fi->l4_len < 8)
			return bad(why, n, "ICMP message of %u bytes",
				   fi->l4_len);
		fi->icmp_type = p[0];
		fi->icmp_code = p[1];
		break;
	}
	return 0;
}

static int parse_ipv4(struct frame_info *fi, const uint8_t *p, uint32_t len,
		      char *why, size_t n)
{
	uint32_t ihl, tot;

	if (len < 20 || p[0] >> 4 != 4)
		return bad(why, n, "IPv4 header cut short or wrong version");
	ihl = (p[0] & 15) * 4;
	tot = get16(p + 2);
	if (ihl < 20 || tot < ihl || tot > len)
		return bad(why, n, "IPv4 ihl %u, total length %u in %u bytes",
			   ihl, tot, len);
	/* Only a minimum-size (60-byte) frame may carry padding. */
	if (tot != len && fi->len != 60)
		return bad(why, n, "IPv4 total length %u, but %u bytes follow the Ethernet header",
			   tot, len);
	fi->ip = 4;
	fi->l3 = p;
	fi->ttl = p[8];
	fi->proto = p[9];
	memcpy(fi->src, p + 12, 4);
	memcpy(fi->dst, p + 16, 4);
	fi->fragment = (get16(p + 6) & 0x3fff) != 0;	/* MF or an offset */
	fi->l4 = p + ihl;
	fi->l4_len = tot - ihl;
	return parse_l4(fi, why, n);
}

static int parse_ipv6(struct frame_info *fi, const uint8_t *p, uint32_t len,
		      char *why, size_t n)
{
	uint32_t plen, off = 40;
	uint8_t next;

	if (len < 40 || p[0] >> 4 != 6)
		return bad(why, n, "IPv6 header cut short or wrong version");
	plen = get16(p + 4);
	if (40 + plen > len || (40 + plen != len && fi->len != 60))
		return bad(why, n, "IPv6 payload length %u, but %u bytes follow the Ethernet header",
			   plen, len);
	fi->ip = 6;
	fi->l3 = p;
	fi->ttl = p[7];
	memcpy(fi->src, p + 8, 16);
	memcpy(fi->dst, p + 24, 16);
	next = p[6];
	/* Hop-by-hop (MLD's router alert), routing, destination, fragment. */
	while (next == 0 || next == 43 || next == 60 || next == 44) {
		uint32_t hlen = next == 44 ? 8 : (p[off + 1] + 1) * 8;

		if (off + 2 > 40 + plen || off + hlen > 40 + plen)
			return bad(why, n, "IPv6 extension header %u cut short",
				   next);
		if (next == 44 && (get16(p + off + 2) & 0xfff9))
			fi->fragment = true;	/* an offset or M set */
		next = p[off];
		off += hlen;
	}
	fi->proto = next;
	fi->l4 = p + off;
	fi->l4_len = 40 + plen - off;
	return parse_l4(fi, why, n);
}

int frame_parse(const void *data, uint32_t len, struct frame_info *fi,
		char *why, size_t why_len)
{
	const uint8_t *p = data;
	uint32_t hdr = ETH_HDR;

	memset(fi, 0, sizeof(*fi));
	fi->len = len;
	if (len < ETH_HDR)
		return bad(why, why_len, "frame of %u bytes", len);
	fi->dst_mac = p;
	fi->src_mac = p + 6;
	fi->type = get16(p + 12);
	if (fi->type == ETYPE_VLAN) {
		if (len < ETH_HDR + VLAN_HDR)
			return bad(why, why_len, "VLAN tag cut short");
		fi->type = get16(p + 16);
		hdr += VLAN_HDR;
	}
	switch (fi->type) {
	case ETYPE_ARP:
		if (len < hdr + 28)
			return bad(why, why_len, "ARP packet cut short");
		fi->arp_op = get16(p + hdr + 6);
		return 0;
	case ETYPE_IPV4:
		return parse_ipv4(fi, p + hdr, len - hdr, why, why_len);
	case ETYPE_IPV6:
		return parse_ipv6(fi, p + hdr, len - hdr, why, why_len);
	}
	return 0;
}

static int check_l4(const struct frame_info *fi, char *why, size_t n)
{
	uint64_t s;

	switch (fi->proto) {
	case PROTO_UDP:
		if (get16(fi->l4 + 6) == 0)
			return bad(why, n, "UDP without a checksum (0)");
		/* fall through */
	case PROTO_TCP:
		s = pseudo(fi);
		break;
	case PROTO_ICMP6:
		if (fi->ip != 6)
			return 0;
		s = pseudo(fi);
		break;
	case PROTO_ICMP:
	case PROTO_IGMP:
		if (fi->ip != 4)
			return 0;
		s = 0;
		break;
	default:
		return 0;
	}
	if (fold(sum16(s, fi->l4, fi->l4_len)) != 0xffff)
		return bad(why, n, "IPv%d protocol %u checksum 0x%04x is wrong (%u bytes)",
			   fi->ip, fi->proto,
			   get16(fi->l4 + (fi->proto == PROTO_TCP ? 16 :
					   fi->proto == PROTO_UDP ? 6 : 2)),
			   fi->l4_len);
	return 0;
}

int frame_check(const void *data, uint32_t len, unsigned int mtu,
		struct frame_info *fi, char *why, size_t why_len)
{
	const uint8_t *p = data;
	uint32_t max = mtu + ETH_HDR;

	if (frame_parse(data, len, fi, why, why_len))
		return -1;
	if (len >= ETH_HDR + VLAN_HDR && get16(p + 12) == ETYPE_VLAN)
		max += VLAN_HDR;
	if (len > max)
		return bad(why, why_len, "frame of %u bytes, MTU %u allows %u",
			   len, mtu, max);
	if (fi->ip == 4 &&
	    fold(sum16(0, fi->l3, (fi->l3[0] & 15) * 4)) != 0xffff)
		return bad(why, why_len, "IPv4 header checksum 0x%04x is wrong",
			   get16(fi->l3 + 10));
	if (fi->ip && !fi->fragment)
		return check_l4(fi, why, why_len);
	return 0;
}

void frame_describe(char *buf, size_t len, const void *data, uint32_t flen)
{
	struct frame_info fi;
	char why[128], src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	int af;

	if (frame_parse(data, flen, &fi, why, sizeof(why))) {
		snprintf(buf, len, "malformed: %s", why);
		return;
	}
	if (fi.type == ETYPE_ARP) {
		const uint8_t *a = (const uint8_t *)data + ETH_HDR;

		inet_ntop(AF_INET, a + 14, src, sizeof(src));
		inet_ntop(AF_INET, a + 24, dst, sizeof(dst));
		snprintf(buf, len, "ARP %s %s > %s", fi.arp_op == 1 ?
			 "who-has" : "is-at", src, dst);
		return;
	}
	if (!fi.ip) {
		snprintf(buf, len, "EtherType 0x%04x, %u bytes", fi.type,
			 flen);
		return;
	}
	af = fi.ip == 4 ? AF_INET : AF_INET6;
	inet_ntop(af, fi.src, src, sizeof(src));
	inet_ntop(af, fi.dst, dst, sizeof(dst));
	snprintf(buf, len, "IPv%d %s > %s proto %u%s ttl %u type %u/%u ports %u > %u len %u",
		 fi.ip, src, dst, fi.proto, fi.fragment ? " fragment" : "",
		 fi.ttl, fi.icmp_type, fi.icmp_code, fi.sport, fi.dport,
		 flen);
}

uint64_t frame_fnv1a(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t frame_hash(const struct wire_frame *frames, size_t n)
{
	uint64_t h = FNV1A_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct wire_frame *f = &frames[i];
		uint32_t meta[2] = { f->src, f->ifindex };

		h = frame_fnv1a(h, &f->time, sizeof(f->time));
		h = frame_fnv1a(h, meta, sizeof(meta));
		h = frame_fnv1a(h, &f->len, sizeof(f->len));
		h = frame_fnv1a(h, f->data, f->len);
	}
	return h;
}

void frame_check_tap(struct wire_net *net, const struct wire_frame *f,
		     void *ctx)
{
	struct frame_stats *st = ctx;
	struct frame_info fi;
	char why[160], what[160];

	(void)net;
	st->frames++;
	if (f->len > st->max_len)
		st->max_len = f->len;
	if (frame_check(f->data, f->len, st->mtu, &fi, why, sizeof(why))) {
		if (!st->bad++) {
			frame_describe(what, sizeof(what), f->data, f->len);
			snprintf(st->first_bad, sizeof(st->first_bad),
				 "frame %lu from copy %d, ifindex %d, at %llu ns: %s [%s]",
				 st->frames, f->src, f->ifindex,
				 (unsigned long long)f->time, why, what);
		}
		return;
	}
	st->arp += fi.type == ETYPE_ARP;
	st->ipv4 += fi.ip == 4;
	st->ipv6 += fi.ip == 6;
	if (!fi.ip || fi.fragment)
		return;
	st->tcp += fi.proto == PROTO_TCP;
	st->udp += fi.proto == PROTO_UDP;
	st->icmp += fi.proto == PROTO_ICMP;
	st->icmp6 += fi.proto == PROTO_ICMP6;
	st->l4_checked += fi.proto == PROTO_TCP || fi.proto == PROTO_UDP ||
			  fi.proto == PROTO_ICMP || fi.proto == PROTO_ICMP6 ||
			  fi.proto == PROTO_IGMP;
	if (fi.proto == PROTO_TCP && fi.payload_len) {
		st->tcp_payload_frames++;
		st->tcp_payload_bytes += fi.payload_len;
	}
}

static void eth_header(uint8_t *buf, const uint8_t dst[6],
		       const uint8_t src[6], uint16_t type)
{
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	put16(buf + 12, type);
}

size_t frame_arp_request(uint8_t *buf, const uint8_t mac[6],
			 const uint8_t ip[4], const uint8_t target[4])
{
	static const uint8_t broadcast[6] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	uint8_t *a = buf + ETH_HDR;

	eth_header(buf, broadcast, mac, ETYPE_ARP);
	put16(a, 1);			/* Ethernet */
	put16(a + 2, ETYPE_IPV4);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 1);		/* request */
	memcpy(a + 8, mac, 6);
	memcpy(a + 14, ip, 4);
	memset(a + 18, 0, 6);
	memcpy(a + 24, target, 4);
	return ETH_HDR + 28;
}

size_t frame_ping4(uint8_t *buf, const uint8_t dst_mac[6],
		   const uint8_t src_mac[6], const uint8_t src[4],
		   const uint8_t dst[4], uint16_t id, uint16_t seq,
		   const void *payload, size_t len)
{
	uint8_t *ip = buf + ETH_HDR, *icmp = ip + 20;

	eth_header(buf, dst_mac, src_mac, ETYPE_IPV4);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, 20 + 8 + len);
	ip[8] = 64;
	ip[9] = PROTO_ICMP;
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	put16(ip + 10, frame_csum(ip, 20));
	icmp[0] = 8;			/* echo request */
	icmp[1] = 0;
	put16(icmp + 2, 0);
	put16(icmp + 4, id);
	put16(icmp + 6, seq);
	memcpy(icmp + 8, payload, len);
	put16(icmp + 2, frame_csum(icmp, 8 + len));
	return ETH_HDR + 20 + 8 + len;
}
