// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checks of the simulator's end of the shared channel (host-channel.c)
 * against a child that plays the shim's part as channel-shm.h describes
 * it: no wake-up is lost whichever way the simulator waits (spinning,
 * asleep on the futex, back in its event loop with the doorbell asked
 * for) or a shim thread sleeps, waits end at their bound, and the memory
 * cannot be shrunk.
 *
 *   make -C sim/exec/shim check
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "channel-shm.h"
#include "host-channel.h"

static int failures;

#define CHECK(cond, what)                                                   \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "FAIL %s (line %d)\n", what, __LINE__); \
			failures++;                                         \
		}                                                           \
	} while (0)

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The shim's part: after any change the simulator may wait for, wake it as it asked. */
static void notify(struct chan_words *c, int bell)
{
	uint32_t s = __atomic_exchange_n(&c->sim_state, CHAN_SIM_BUSY, __ATOMIC_SEQ_CST);

	if (s == CHAN_SIM_FUTEX)
		syscall(SYS_futex, &c->sim_state, FUTEX_WAKE, 1, NULL, NULL, 0);
	else if (s == CHAN_SIM_ASYNC && write(bell, "", 1) != 1)
		_exit(3);
}

static void post(struct chan_words *c, int bell)
{
	uint32_t len = 16;

	memcpy((char *)c + CHAN_REQ_OFF, &len, 4);
	__atomic_add_fetch(&c->req_seq, 1, __ATOMIC_SEQ_CST);
	notify(c, bell);
}

/* A thread of the shim waiting for a reply, asleep (not spinning) as after its spin: 'r' on the bell once woken to one. */
static void await_reply(struct chan_words *c, int bell)
{
	uint32_t seen = __atomic_load_n(&c->rep_seq, __ATOMIC_SEQ_CST);
	struct timespec bound = { .tv_sec = 5 };

	__atomic_add_fetch(&c->shim_waiters, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->rep_seq, __ATOMIC_SEQ_CST) == seen)
		syscall(SYS_futex, &c->rep_seq, FUTEX_WAIT, seen, &bound, NULL, 0);
	__atomic_sub_fetch(&c->shim_waiters, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->rep_seq, __ATOMIC_SEQ_CST) != seen) {
		__atomic_add_fetch(&c->rep_done, 1, __ATOMIC_SEQ_CST);
		if (write(bell, "r", 1) != 1)
			_exit(3);
	}
}

/* The child: each byte its parent sends is a step to take. */
static void shim_side(struct chan_words *c, int ctl, int bell)
{
	char step;

	while (read(ctl, &step, 1) == 1) {
		usleep(20000);
		if (step == 'p') {
			post(c, bell);
		} else if (step == 't') {
			__atomic_add_fetch(&c->rep_done, 1, __ATOMIC_SEQ_CST);
			if (__atomic_load_n(&c->sim_wants_ack, __ATOMIC_SEQ_CST))
				notify(c, bell);
		} else if (step == 'w') {
			await_reply(c, bell);
		}
	}
	_exit(0);
}

/*
 * The simulator's handovers, as sim/exec/shared-channel.ts makes them
 * with its own atomics (sequentially consistent, as here), calling
 * chan_wake() only when a shim thread sleeps.
 */
static uint32_t request_len(struct chan_words *c)
{
	uint32_t len;

	if (__atomic_load_n(&c->req_seq, __ATOMIC_SEQ_CST) == __atomic_load_n(&c->req_done, __ATOMIC_SEQ_CST))
		return 0;
	memcpy(&len, (char *)c + CHAN_REQ_OFF, 4);
	return len;
}

static void request_taken(struct chan_words *c)
{
	__atomic_add_fetch(&c->req_done, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->shim_waiters, __ATOMIC_SEQ_CST))
		chan_wake(c, 0);
}

static int reply_free(struct chan_words *c)
{
	return __atomic_load_n(&c->rep_done, __ATOMIC_SEQ_CST) == __atomic_load_n(&c->rep_seq, __ATOMIC_SEQ_CST);
}

static void reply_posted(struct chan_words *c)
{
	__atomic_add_fetch(&c->rep_seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->shim_waiters, __ATOMIC_SEQ_CST))
		chan_wake(c, 1);
}

static void want_ack(struct chan_words *c, uint32_t on)
{
	__atomic_exchange_n(&c->sim_wants_ack, on, __ATOMIC_SEQ_CST);
}

/* The byte the bell rang with within `ms`, or -1. */
static int bell_byte(int bell, int ms)
{
	struct pollfd p = { .fd = bell, .events = POLLIN };
	char b;

	if (poll(&p, 1, ms) != 1 || read(bell, &b, 1) != 1)
		return -1;
	return b;
}

static int bell_rang(int bell, int ms)
{
	return bell_byte(bell, ms) >= 0;
}

int main(void)
{
	int fd = chan_create(), ctl[2], bells[2];
	struct chan_words *c;
	double t;
	pid_t child;

	CHECK(fd >= 0, "chan_create");
	c = chan_map(fd);
	CHECK(c != NULL, "chan_map");
	if (fd < 0 || !c)
		return 1;
	CHECK(ftruncate(fd, 0) < 0 && errno == EPERM, "the memory cannot be shrunk (sealed)");
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, ctl) || socketpair(AF_UNIX, SOCK_STREAM, 0, bells))
		return 1;
	child = fork();
	if (child == 0) {
		close(ctl[0]);
		close(bells[0]);
		shim_side(c, ctl[1], bells[1]);
	}
	close(ctl[1]);
	close(bells[1]);

	CHECK(request_len(c) == 0, "no request at first");
	t = now_ms();
	CHECK(chan_wait(c, 0, 5000) == 0 && now_ms() - t >= 4.5, "a wait with nothing to do ends at its bound");

	/* Asleep on the futex: the post wakes it long before its bound. */
	CHECK(write(ctl[0], "p", 1) == 1, "ctl");
	t = now_ms();
	CHECK(chan_wait(c, 0, 3000000) == 1 && now_ms() - t < 1000, "a post wakes a sleeping wait");
	CHECK(request_len(c) == 16, "the request's length");
	request_taken(c);
	CHECK(request_len(c) == 0, "taken");
	CHECK(!bell_rang(bells[0], 0), "no doorbell while the simulator waited itself");

	/* Back in the event loop: the next post rings the doorbell. */
	CHECK(chan_sleep(c) == 0, "nothing pending when going to sleep");
	CHECK(write(ctl[0], "p", 1) == 1, "ctl");
	CHECK(bell_rang(bells[0], 3000), "a post after chan_sleep rings the doorbell");
	CHECK(request_len(c) == 16, "the request after the doorbell");
	/* Still pending: going to sleep says so, and asks for no doorbell. */
	CHECK(chan_sleep(c) == 1, "chan_sleep sees a pending request");
	request_taken(c);

	/* A reply held back until the last is taken: the shim says when it took it. */
	reply_posted(c);
	CHECK(!reply_free(c), "the area is busy until the reply is taken");
	want_ack(c, 1);
	CHECK(chan_sleep(c) == 0, "nothing to do while the reply is not taken");
	CHECK(write(ctl[0], "t", 1) == 1, "ctl");
	CHECK(bell_rang(bells[0], 3000), "taking a reply rings when the simulator waits for the area");
	CHECK(reply_free(c), "the area is free once taken");
	want_ack(c, 0);

	/* A shim thread asleep on its reply: the post counts it among the waiters and wakes it. */
	CHECK(write(ctl[0], "w", 1) == 1, "ctl");
	for (t = now_ms(); !__atomic_load_n(&c->shim_waiters, __ATOMIC_SEQ_CST) && now_ms() - t < 3000;)
		usleep(1000);
	usleep(20000);
	reply_posted(c);
	CHECK(bell_byte(bells[0], 1000) == 'r', "a reply posted wakes the shim thread asleep on it");
	CHECK(reply_free(c), "and it took it");

	close(ctl[0]);
	waitpid(child, NULL, 0);
	if (failures)
		return 1;
	printf("test-channel: all checks passed\n");
	return 0;
}
