/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wire.h - a tiny discrete-event network joining liblinux copies.
 *
 * A wire joins a device of one copy to a device of another, with a delay
 * and a rate: a frame occupies its direction of the wire for len * 8 /
 * rate seconds (frames queue behind each other) and arrives `delay` after
 * its last bit left.  Events are frame arrivals and the copies' timer
 * deadlines; the network runs them in time order, arrivals before
 * deadlines at equal times, arrivals in the order they were sent, and
 * deadlines in the order the copies joined, so a run is a function of its
 * inputs alone.
 *
 * Joining a copy (wire_add) sets its struct lib_instance.net: from then on
 * drive.c's helpers enter it at the network's clock, collect its frames
 * after every entry and wait by running the whole network, so SYS() and
 * friends work on wired copies as on lone ones.
 *
 * Everything that can only go wrong because a kernel misbehaves (a frame
 * the receiver refuses, a deadline in the past, too many events) is fatal.
 */
#ifndef LIBLINUX_TEST_WIRE_H
#define LIBLINUX_TEST_WIRE_H

#include <stdbool.h>
#include <stdint.h>
#include "instance.h"

#define WIRE_MAX_INST	8
#define WIRE_MAX_LINKS	8
/* Frames in flight at once, over all wires. */
#define WIRE_MAX_EVENTS	(1 << 16)
/* Frames handed to one copy in one lib_netdev_receive() call. */
#define WIRE_BATCH	64
/* Default bound on the events of one network's life. */
#define WIRE_MAX_RUN	50000000UL

/* A frame as a copy transmitted it. */
struct wire_frame {
	uint64_t time;		/* the sender's clock when it sent it */
	int src;		/* the sender's place in the network */
	int ifindex;		/* the sender's device */
	uint32_t len;
	const unsigned char *data;
};

struct wire_link {
	int inst[2];		/* the two ends: places in the network */
	int ifindex[2];
	uint64_t delay_ns;
	uint64_t rate_bps;	/* 0: no serialization delay */
	/* Per direction (from end i): when its last frame is fully sent. */
	uint64_t busy_until[2];
	unsigned long frames[2];
};

/* A frame on its way; ordered by (time, seq). */
struct wire_event {
	uint64_t time;
	uint64_t seq;
	int dst;
	int ifindex;
	uint32_t len;
	bool owned;		/* data is freed on delivery (not recorded) */
	unsigned char *data;
};

struct wire_net;
typedef void wire_tap_fn(struct wire_net *net, const struct wire_frame *f,
			 void *ctx);

struct wire_net {
	struct lib_instance *inst[WIRE_MAX_INST];
	int ninst;
	struct wire_link link[WIRE_MAX_LINKS];
	int nlinks;
	uint64_t now;
	uint64_t seq;
	struct wire_event *heap;	/* a binary min-heap */
	int nheap;

	/* Options, set between wire_init() and the first frame. */
	bool record;		/* keep every frame in rec[] */
	wire_tap_fn *tap;	/* sees every frame as it is sent */
	void *tap_ctx;
	unsigned long max_events;

	/* What happened. */
	struct wire_frame *rec;
	size_t nrec, rec_cap;
	unsigned long events;
	unsigned long sent[WIRE_MAX_INST];	/* frames each copy sent */
	unsigned long unwired;			/* ... on a device with no wire */
};

void wire_init(struct wire_net *net);
/* Frees queued frames and records; the copies stay loaded and wired. */
void wire_free(struct wire_net *net);
/* Joins a booted copy; returns its place in the network. */
int wire_add(struct wire_net *net, struct lib_instance *in);
/* A wire between a's device ifa and b's device ifb; returns its index. */
int wire_connect(struct wire_net *net, struct lib_instance *a, int ifa,
		 struct lib_instance *b, int ifb, uint64_t delay_ns,
		 uint64_t rate_bps);

uint64_t wire_now(const struct wire_net *net);
/* Moves the frames `in` transmitted onto its wires (from inst_drain()). */
void wire_collect(struct wire_net *net, struct lib_instance *in);
/*
 * Runs the earliest event if it is due at or before `until`; false if
 * there is none.
 */
bool wire_next(struct wire_net *net, uint64_t until);
/*
 * Runs the next event, fatal if there is none or it is more than
 * INST_MAX_WAIT after `since` (the wait would never end).
 */
void wire_step(struct wire_net *net, uint64_t since);
/* Runs every event due by t; the clock then reads t. */
void wire_run_until(struct wire_net *net, uint64_t t);

#endif /* LIBLINUX_TEST_WIRE_H */
