// SPDX-License-Identifier: GPL-2.0-only
/*
 * Determinism on the wire: three copies built and driven the same way
 * with the same seeds send byte-identical frames at identical times (the
 * test hashes every frame with its time, sender and device); other seeds
 * change the random numbers on the wire, the TCP initial sequence number
 * and the ephemeral port of a connection.
 */
#include <stdlib.h>
#include <string.h>
#include "frame.h"
#include "line.h"
#include "net.h"
#include "runner.h"
#include "traffic.h"

#define TCP_SYN		0x02
#define TCP_ACK		0x10

struct run {
	uint64_t hash;
	size_t frames;
	uint64_t end;		/* the network's clock at the end */
	uint64_t *each;		/* hash of each frame, to find a divergence */
	bool syn_seen;
	uint32_t isn;		/* of copy 0's first SYN */
	uint16_t sport;
};

/* The first connection attempt copy 0 sent. */
static void find_syn(const struct wire_net *net, struct run *run)
{
	struct frame_info fi;
	size_t i;

	for (i = 0; i < net->nrec && !run->syn_seen; i++) {
		const struct wire_frame *f = &net->rec[i];

		if (f->src == 0 && !frame_parse(f->data, f->len, &fi, NULL, 0) &&
		    fi.ip && fi.proto == 6 &&
		    (fi.tcp_flags & (TCP_SYN | TCP_ACK)) == TCP_SYN) {
			run->syn_seen = true;
			run->isn = fi.seq;
			run->sport = fi.sport;
		}
	}
}

/* Pings both ways, a TCP stream each way, then 5 s of timers. */
static void scenario(uint64_t seed, struct run *run)
{
	struct line_opts o = {
		.n = 3, .seed = seed, .delay_ns = 500 * 1000,
		.rate_bps = 100000000, .forward = true, .record = true,
	};
	struct stream s4 = { .bytes = 1 << 20, .port = 5700, .pattern = 1 };
	struct stream s6 = { .bytes = 256 << 10, .port = 5701, .pattern = 2 };
	struct ping_result res;
	struct line l;
	char a0[64], a2[64];
	size_t i;

	line_build(&l, &o);
	line_addr(a2, sizeof(a2), AF_INET, 2, LINE_LEFT);
	traffic_stream(l.in[0], l.in[2], a2, &s4);
	traffic_ping(l.in[0], l.task[0], a2, 0, 1, NS_PER_SEC, &res);
	if (res.ret != 1)
		inst_fatal("ping %s: %ld", a2, res.ret);
	line_addr(a0, sizeof(a0), AF_INET6, 0, LINE_RIGHT);
	traffic_ping(l.in[2], l.task[2], a0, 0, 2, NS_PER_SEC, &res);
	if (res.ret != 1)
		inst_fatal("ping %s: %ld", a0, res.ret);
	traffic_stream(l.in[2], l.in[0], a0, &s6);
	wire_run_until(&l.net, wire_now(&l.net) + 5 * NS_PER_SEC);

	memset(run, 0, sizeof(*run));
	run->frames = l.net.nrec;
	run->end = wire_now(&l.net);
	run->hash = frame_hash(l.net.rec, l.net.nrec);
	run->each = calloc(run->frames + 1, sizeof(*run->each));
	if (!run->each)
		inst_fatal("out of memory");
	for (i = 0; i < run->frames; i++)
		run->each[i] = frame_hash(&l.net.rec[i], 1);
	find_syn(&l.net, run);
	line_free(&l);
}

static int test_same_seed(void)
{
	struct run a, b;
	size_t i;

	scenario(100, &a);
	scenario(100, &b);
	note("%zu frames in %.3f s virtual, hash %016llx", a.frames,
	     (a.end - INST_T0) / 1e9, (unsigned long long)a.hash);
	CHECK(a.frames > 2000, "only %zu frames", a.frames);
	for (i = 0; i < a.frames && i < b.frames && a.each[i] == b.each[i];
	     i++)
		;
	CHECK(i == a.frames && i == b.frames,
	      "runs diverge at frame %zu of %zu/%zu", i, a.frames, b.frames);
	CHECK_EQU(a.hash, b.hash);
	CHECK_EQU(a.end, b.end);
	CHECK(a.syn_seen && b.syn_seen, "no SYN recorded");
	CHECK_EQU(a.isn, b.isn);
	CHECK_EQ(a.sport, b.sport);
	return 0;
}

static int test_other_seed(void)
{
	struct run a, b;

	scenario(100, &a);
	scenario(200, &b);
	CHECK(a.syn_seen && b.syn_seen, "no SYN recorded");
	note("seed 100: ISN %08x port %u; seed 200: ISN %08x port %u",
	     a.isn, a.sport, b.isn, b.sport);
	CHECK(a.isn != b.isn, "both seeds chose ISN %08x", a.isn);
	CHECK(a.sport != b.sport, "both seeds chose port %u", a.sport);
	CHECK(a.hash != b.hash, "different seeds, identical frames");
	return 0;
}

const struct test wire_determinism_tests[] = {
	{ "wire-determinism-same-seed-same-frames", test_same_seed },
	{ "wire-determinism-seed-changes-isn-and-port", test_other_seed },
	{ NULL, NULL },
};
