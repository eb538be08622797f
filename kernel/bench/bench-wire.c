// SPDX-License-Identifier: GPL-2.0-only
/*
 * liblinux network benchmark: library time per frame.  Prints key=value
 * lines.
 *
 *   liblinux-bench-wire [MiB]    bytes per transfer (default 50)
 *
 * Two copies joined by a 1 Gbit/s, 1 ms wire move a TCP stream: library
 * time per frame is the wall time spent inside calls into either copy
 * divided by the frames both sent.  Three copies in a line move the same
 * stream through the middle one: library time per forwarded frame is the
 * wall time inside calls into the middle copy divided by the frames it
 * forwarded.  Only calls into the library are timed (clock_gettime
 * around each, see INST_TIMED), not the harness's event loop, copying
 * or checking; a timed call costs one clock_gettime (~30 ns) more than
 * it would untimed.  *_wall_ms is the whole transfer, harness included
 * (making and comparing the data, the event loop).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "frame.h"
#include "line.h"
#include "net.h"
#include "traffic.h"

#define DELAY		NS_PER_MS
#define RATE		1000000000ULL
#define FWD_US_TARGET	3.0
#define MIB		(1024.0 * 1024.0)

static const char *verdict(double value, double target)
{
	return value <= target ? "yes" : "no";
}

/* Counts the frames copy 1 forwards: IP, neither from nor to itself. */
struct forwarded {
	uint8_t own[2][4];
	unsigned long frames;
};

static void count_forwarded(struct wire_net *net, const struct wire_frame *f,
			    void *ctx)
{
	struct forwarded *fw = ctx;
	struct frame_info fi;

	(void)net;
	if (f->src != 1 || frame_parse(f->data, f->len, &fi, NULL, 0) ||
	    fi.ip != 4)
		return;
	if (memcmp(fi.src, fw->own[0], 4) && memcmp(fi.src, fw->own[1], 4) &&
	    memcmp(fi.dst, fw->own[0], 4) && memcmp(fi.dst, fw->own[1], 4))
		fw->frames++;
}

static void time_calls(struct line *l)
{
	int i;

	for (i = 0; i < l->o.n; i++) {
		l->in[i]->time_calls = true;
		l->in[i]->call_ns = 0;
	}
}

static unsigned long frames_sent(const struct line *l)
{
	unsigned long n = 0;
	int i;

	for (i = 0; i < l->o.n; i++)
		n += l->net.sent[i];
	return n;
}

static void bench_two(size_t bytes)
{
	struct line_opts o = {
		.n = 2, .seed = 1, .delay_ns = DELAY, .rate_bps = RATE,
	};
	struct stream s = { .bytes = bytes, .port = 5000, .pattern = 1 };
	struct line l;
	unsigned long frames;
	uint64_t t0;
	double lib_ns;
	char ip[64];

	line_build(&l, &o);
	line_addr(ip, sizeof(ip), AF_INET, 1, LINE_LEFT);
	frames = frames_sent(&l);
	time_calls(&l);
	t0 = inst_wall_ns();
	traffic_stream(l.in[0], l.in[1], ip, &s);
	frames = frames_sent(&l) - frames;
	lib_ns = l.in[0]->call_ns + l.in[1]->call_ns;
	printf("tcp2_bytes=%zu\n", bytes);
	printf("tcp2_frames=%lu\n", frames);
	printf("tcp2_virtual_ms=%.3f\n", s.xfer_ns / 1e6);
	printf("tcp2_goodput_mbit_s=%.1f\n", bytes * 8 / (s.xfer_ns / 1e9) / 1e6);
	printf("tcp2_wall_ms=%.1f\n", (inst_wall_ns() - t0) / 1e6);
	printf("tcp2_lib_ms=%.1f\n", lib_ns / 1e6);
	printf("tcp2_lib_us_per_frame=%.3f\n", lib_ns / 1e3 / frames);
	printf("tcp2_sender_lib_ms=%.1f\n", l.in[0]->call_ns / 1e6);
	printf("tcp2_receiver_lib_ms=%.1f\n", l.in[1]->call_ns / 1e6);
	line_free(&l);
}

static void bench_forward(size_t bytes)
{
	struct forwarded fw = {
		.own = { { 10, 0, 1, 2 }, { 10, 0, 2, 1 } },
	};
	struct line_opts o = {
		.n = 3, .seed = 1, .delay_ns = DELAY, .rate_bps = RATE,
		.forward = true, .tap = count_forwarded, .tap_ctx = &fw,
	};
	struct stream s = { .bytes = bytes, .port = 5000, .pattern = 1 };
	struct line l;
	uint64_t t0;
	double us;
	char ip[64];

	line_build(&l, &o);
	line_addr(ip, sizeof(ip), AF_INET, 2, LINE_LEFT);
	fw.frames = 0;
	time_calls(&l);
	t0 = inst_wall_ns();
	traffic_stream(l.in[0], l.in[2], ip, &s);
	us = l.in[1]->call_ns / 1e3 / fw.frames;
	printf("fwd_bytes=%zu\n", bytes);
	printf("fwd_frames=%lu\n", fw.frames);
	printf("fwd_virtual_ms=%.3f\n", s.xfer_ns / 1e6);
	printf("fwd_wall_ms=%.1f\n", (inst_wall_ns() - t0) / 1e6);
	printf("fwd_middle_lib_ms=%.1f\n", l.in[1]->call_ns / 1e6);
	printf("fwd_lib_us_per_forwarded_frame=%.3f\n", us);
	printf("fwd_lib_us_target=%.1f\n", FWD_US_TARGET);
	printf("fwd_meets_target=%s\n", verdict(us, FWD_US_TARGET));
	printf("fwd_ends_lib_ms=%.1f\n",
	       (l.in[0]->call_ns + l.in[2]->call_ns) / 1e6);
	line_free(&l);
}

int main(int argc, char **argv)
{
	long mib = argc > 1 ? atol(argv[1]) : 50;
	const char *path = instance_default_path();
	int err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mib <= 0) {
		fprintf(stderr, "usage: %s [MiB]\n", argv[0]);
		return 2;
	}
	err = instance_load_image(path);
	if (err) {
		fprintf(stderr, "%s: %s (build it with kernel/build.sh)\n", path,
			strerror(-err));
		return 1;
	}
	printf("library=%s\n", path);
	printf("wire_rate_bit_s=%llu\n", RATE);
	printf("wire_delay_ms=%.3f\n", DELAY / 1e6);
	bench_two(mib << 20);
	bench_forward(mib << 20);
	return 0;
}
