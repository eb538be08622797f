/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * frame.h - Ethernet frames as the host sees them on a wire: parsing
 * (ARP, IPv4, IPv6, TCP, UDP, ICMP, ICMPv6), checking that a frame is what
 * a NIC may put on a cable (no larger than MTU + header, every checksum
 * complete and correct, computed here independently of the kernel), and
 * building the few frames tests inject by hand.
 */
#ifndef LIBLINUX_TEST_FRAME_H
#define LIBLINUX_TEST_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "wire.h"

#define ETH_HDR		14
#define VLAN_HDR	4
#define ETYPE_IPV4	0x0800
#define ETYPE_ARP	0x0806
#define ETYPE_VLAN	0x8100
#define ETYPE_IPV6	0x86dd

#define FNV1A_INIT	0xcbf29ce484222325ULL

struct frame_info {
	uint32_t len;
	const uint8_t *dst_mac, *src_mac;
	uint16_t type;		/* EtherType, after a VLAN tag */
	uint16_t arp_op;	/* ARP: 1 request, 2 reply */

	int ip;			/* 4, 6, or 0: not IP */
	const uint8_t *l3;	/* the IP header */
	uint8_t ttl;		/* TTL or hop limit */
	uint8_t proto;		/* after IPv6 extension headers */
	uint8_t src[16], dst[16];	/* IPv4: the first 4 bytes */
	bool fragment;		/* not a whole datagram: L4 not checked */
	const uint8_t *l4;
	uint32_t l4_len;

	uint16_t sport, dport;	/* TCP, UDP */
	uint32_t seq, ack;	/* TCP */
	uint8_t tcp_flags;
	uint32_t payload_len;	/* TCP, UDP */
	uint8_t icmp_type, icmp_code;	/* ICMP, ICMPv6 */
};

/* Parses a frame: 0, or -1 with `why` saying what is malformed. */
int frame_parse(const void *data, uint32_t len, struct frame_info *fi,
		char *why, size_t why_len);
/*
 * frame_parse, then: at most mtu + 14 bytes (+ 4 tagged); the IPv4 header
 * checksum and the TCP, UDP, ICMP, ICMPv6 and IGMP checksums are right
 * (a UDP checksum of 0, "none", is wrong too).  0, or -1 with `why`.
 */
int frame_check(const void *data, uint32_t len, unsigned int mtu,
		struct frame_info *fi, char *why, size_t why_len);

/* A one-line summary of a frame, for messages. */
void frame_describe(char *buf, size_t len, const void *data, uint32_t flen);

/* The Internet checksum of p[0..n) to store in a header. */
uint16_t frame_csum(const void *p, size_t n);
/* FNV-1a (64 bits) of p[0..n), continuing from h. */
uint64_t frame_fnv1a(uint64_t h, const void *p, size_t n);
/* FNV-1a over (time, sender, ifindex, len, bytes) of frames[0..n). */
uint64_t frame_hash(const struct wire_frame *frames, size_t n);

/* What a checking wire tap (frame_check_tap) has seen. */
struct frame_stats {
	unsigned int mtu;
	unsigned long frames, arp, ipv4, ipv6, tcp, udp, icmp, icmp6;
	unsigned long l4_checked;	/* frames whose L4 checksum was verified */
	unsigned long tcp_payload_frames;
	uint64_t tcp_payload_bytes;
	uint32_t max_len;
	unsigned long bad;
	char first_bad[512];
};
/* A wire_tap_fn checking every frame; ctx is a struct frame_stats. */
void frame_check_tap(struct wire_net *net, const struct wire_frame *f,
		     void *ctx);

/* An ARP request from (mac, ip) for `target`; its length (42). */
size_t frame_arp_request(uint8_t *buf, const uint8_t mac[6],
			 const uint8_t ip[4], const uint8_t target[4]);
/* An ICMP echo request with `payload`, correct checksums; its length. */
size_t frame_ping4(uint8_t *buf, const uint8_t dst_mac[6],
		   const uint8_t src_mac[6], const uint8_t src[4],
		   const uint8_t dst[4], uint16_t id, uint16_t seq,
		   const void *payload, size_t len);

#endif /* LIBLINUX_TEST_FRAME_H */
