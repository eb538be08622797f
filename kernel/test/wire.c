// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event loop of wire.h.  Every entry into a wired copy happens at the
 * network's clock, and the frames it sent are taken right after that
 * entry (their data is only valid until the copy's next entry), copied,
 * and queued as arrivals at the far end of their wire.
 */
#include <stdlib.h>
#include <string.h>
#include "wire.h"

void wire_init(struct wire_net *net)
{
	memset(net, 0, sizeof(*net));
	net->heap = calloc(WIRE_MAX_EVENTS, sizeof(*net->heap));
	if (!net->heap)
		inst_fatal("wire: out of memory");
	net->max_events = WIRE_MAX_RUN;
}

void wire_free(struct wire_net *net)
{
	size_t i;
	int j;

	for (j = 0; j < net->nheap; j++)
		if (net->heap[j].owned)
			free(net->heap[j].data);
	for (i = 0; i < net->nrec; i++)
		free((void *)net->rec[i].data);
	free(net->heap);
	free(net->rec);
	net->heap = NULL;
	net->rec = NULL;
	net->nheap = 0;
	net->nrec = 0;
	net->rec_cap = 0;
}

int wire_add(struct wire_net *net, struct lib_instance *in)
{
	if (net->ninst == WIRE_MAX_INST)
		inst_fatal("wire: more than %d instances", WIRE_MAX_INST);
	if (in->net)
		inst_fatal("wire: instance %d is wired already", in->index);
	/* The network's clock never runs behind a copy's. */
	if (in->now() > net->now)
		net->now = in->now();
	in->net = net;
	in->net_index = net->ninst;
	net->inst[net->ninst] = in;
	return net->ninst++;
}

int wire_connect(struct wire_net *net, struct lib_instance *a, int ifa,
		 struct lib_instance *b, int ifb, uint64_t delay_ns,
		 uint64_t rate_bps)
{
	struct wire_link *l;

	if (a->net != net || b->net != net)
		inst_fatal("wire: connecting instances of another network");
	if (net->nlinks == WIRE_MAX_LINKS)
		inst_fatal("wire: more than %d wires", WIRE_MAX_LINKS);
	l = &net->link[net->nlinks];
	memset(l, 0, sizeof(*l));
	l->inst[0] = a->net_index;
	l->ifindex[0] = ifa;
	l->inst[1] = b->net_index;
	l->ifindex[1] = ifb;
	l->delay_ns = delay_ns;
	l->rate_bps = rate_bps;
	return net->nlinks++;
}

uint64_t wire_now(const struct wire_net *net)
{
	return net->now;
}

static bool before(const struct wire_event *a, const struct wire_event *b)
{
	return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void heap_push(struct wire_net *net, const struct wire_event *e)
{
	struct wire_event *h = net->heap;
	int i = net->nheap++;

	if (i == WIRE_MAX_EVENTS)
		inst_fatal("wire: more than %d frames in flight",
			   WIRE_MAX_EVENTS);
	while (i > 0 && before(e, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = *e;
}

static struct wire_event heap_pop(struct wire_net *net)
{
	struct wire_event *h = net->heap, top = h[0], last;
	int i = 0, n = --net->nheap;

	last = h[n];
	for (;;) {
		int c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && before(&h[c + 1], &h[c]))
			c++;
		if (!before(&h[c], &last))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = last;
	return top;
}

static struct wire_link *link_of(struct wire_net *net, int src, int ifindex,
				 int *end)
{
	int i;

	for (i = 0; i < net->nlinks; i++) {
		for (*end = 0; *end < 2; (*end)++) {
			if (net->link[i].inst[*end] == src &&
			    net->link[i].ifindex[*end] == ifindex)
				return &net->link[i];
		}
	}
	return NULL;
}

static void record(struct wire_net *net, const struct wire_frame *f)
{
	if (net->nrec == net->rec_cap) {
		size_t cap = net->rec_cap ? 2 * net->rec_cap : 1024;
		struct wire_frame *rec = realloc(net->rec, cap * sizeof(*rec));

		if (!rec)
			inst_fatal("wire: out of memory recording frames");
		net->rec = rec;
		net->rec_cap = cap;
	}
	net->rec[net->nrec++] = *f;
}

/* One frame `src` sent at `t`: onto its wire, towards the other end. */
static void transmit(struct wire_net *net, int src, uint64_t t,
		     const struct lib_frame *lf)
{
	struct wire_frame f = {
		.time = t, .src = src, .ifindex = lf->ifindex, .len = lf->len,
	};
	struct wire_event e = { 0 };
	struct wire_link *l;
	unsigned char *copy;
	uint64_t sent;
	int end;

	copy = malloc(lf->len ? lf->len : 1);
	if (!copy)
		inst_fatal("wire: out of memory copying a frame");
	memcpy(copy, lf->data, lf->len);
	f.data = copy;
	net->sent[src]++;
	if (net->tap)
		net->tap(net, &f, net->tap_ctx);
	if (net->record)
		record(net, &f);
	l = link_of(net, src, lf->ifindex, &end);
	if (!l) {
		net->unwired++;
		if (!net->record)
			free(copy);
		return;
	}
	/* It starts once the wire is free; its last bit leaves at `sent`. */
	sent = t > l->busy_until[end] ? t : l->busy_until[end];
	if (l->rate_bps)
		sent += (uint64_t)lf->len * 8 * NS_PER_SEC / l->rate_bps;
	l->busy_until[end] = sent;
	l->frames[end]++;
	e.time = sent + l->delay_ns;
	e.seq = net->seq++;
	e.dst = l->inst[!end];
	e.ifindex = l->ifindex[!end];
	e.len = lf->len;
	e.owned = !net->record;
	e.data = copy;
	heap_push(net, &e);
}

void wire_collect(struct wire_net *net, struct lib_instance *in)
{
	struct lib_frame f[WIRE_BATCH];
	int i, n;

	for (;;) {
		n = INST_TIMED(in, in->netdev_transmitted(f, WIRE_BATCH));
		if (n <= 0)
			break;
		/*
		 * Every entry is at the network's clock; a copy entered at
		 * another time would put frames out of order.
		 */
		if (in->now() != net->now)
			inst_fatal("wire: instance %d sent frames at %llu ns, the network's clock is %llu ns",
				   in->index, (unsigned long long)in->now(),
				   (unsigned long long)net->now);
		for (i = 0; i < n; i++)
			transmit(net, in->net_index, net->now, &f[i]);
	}
	if (n < 0)
		inst_fatal("instance %d: lib_netdev_transmitted = %d",
			   in->index, n);
}

static void dead(struct lib_instance *in, const char *what, int ret)
{
	inst_fatal("instance %d: %s at %llu ns = %d%s%s", in->index, what,
		   (unsigned long long)in->now(), ret,
		   in->panicked ? ", panic: " : "",
		   in->panicked ? in->panic_msg : "");
}

/* The copy is idle after an entry: its next deadline is not past. */
static void check_idle(struct lib_instance *in)
{
	uint64_t d = in->next_deadline();

	if (d < in->now())
		inst_fatal("instance %d: next deadline %llu ns is before its clock %llu ns",
			   in->index, (unsigned long long)d,
			   (unsigned long long)in->now());
}

/* Hands every arrival due now at the top's copy to it, in one call. */
static void deliver(struct wire_net *net)
{
	struct lib_frame f[WIRE_BATCH];
	struct wire_event e[WIRE_BATCH];
	struct lib_instance *in;
	int i, n = 0, ret;

	do {
		e[n++] = heap_pop(net);
	} while (n < WIRE_BATCH && net->nheap &&
		 net->heap[0].time == e[0].time &&
		 net->heap[0].dst == e[0].dst);
	net->now = e[0].time;
	in = net->inst[e[0].dst];
	for (i = 0; i < n; i++) {
		f[i].ifindex = e[i].ifindex;
		f[i].len = e[i].len;
		f[i].data = e[i].data;
	}
	ret = INST_TIMED(in, in->netdev_receive(f, n, net->now));
	for (i = 0; i < n; i++)
		if (e[i].owned)
			free(e[i].data);
	if (ret != n) {
		inst_drain(in);
		if (ret < 0 && ret != LIB_EDEAD)
			inst_fatal("instance %d refused %d frame(s) (first: %u bytes to ifindex %d): lib_netdev_receive = %d",
				   in->index, n, f[0].len, f[0].ifindex, ret);
		dead(in, "lib_netdev_receive", ret);
	}
	inst_drain(in);
	check_idle(in);
}

static void run_deadline(struct wire_net *net, int k)
{
	struct lib_instance *in = net->inst[k];
	int ret = INST_TIMED(in, in->run(net->now));

	inst_drain(in);
	if (ret)
		dead(in, "lib_run", ret);
	check_idle(in);
}

/* When the next event is due, and whose deadline it is (-1: an arrival). */
static uint64_t next_event(struct wire_net *net, int *deadline_of)
{
	uint64_t t = net->nheap ? net->heap[0].time : LIB_NO_DEADLINE;
	int i;

	*deadline_of = -1;
	for (i = 0; i < net->ninst; i++) {
		uint64_t d = net->inst[i]->next_deadline();

		if (d < t) {
			t = d;
			*deadline_of = i;
		}
	}
	/* A deadline the clock has passed is due now (a late joiner's). */
	if (t != LIB_NO_DEADLINE && t < net->now)
		t = net->now;
	return t;
}

bool wire_next(struct wire_net *net, uint64_t until)
{
	int k;
	uint64_t t = next_event(net, &k);

	if (t == LIB_NO_DEADLINE || t > until)
		return false;
	if (++net->events > net->max_events)
		inst_fatal("wire: more than %lu events (at %llu ns, %d frames in flight)",
			   net->max_events, (unsigned long long)net->now,
			   net->nheap);
	if (k < 0) {
		deliver(net);
	} else {
		net->now = t;
		run_deadline(net, k);
	}
	return true;
}

void wire_step(struct wire_net *net, uint64_t since)
{
	int k;
	uint64_t t = next_event(net, &k);

	if (t == LIB_NO_DEADLINE)
		inst_fatal("wire: waiting, but no frame is in flight and no deadline is armed (would block forever)");
	if (t > since + INST_MAX_WAIT)
		inst_fatal("wire: waiting, next event at %llu ns is more than %llu s away",
			   (unsigned long long)t, INST_MAX_WAIT / NS_PER_SEC);
	wire_next(net, t);
}

void wire_run_until(struct wire_net *net, uint64_t t)
{
	while (wire_next(net, t))
		;
	if (t > net->now)
		net->now = t;
}
