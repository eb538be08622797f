// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checks of the simulator's end of the shared channel (host-channel.c)
 * against a child that plays the shim's part as channel-shm.h describes
 * it: no wake-up is lost whichever way the simulator waits (spinning,
 * asleep on the futex, back in its event loop with the doorbell asked
 * for), waits end at their bound, and the memory cannot be shrunk.
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
		}
	}
	_exit(0);
}

static int bell_rang(int bell, int ms)
{
	struct pollfd p = { .fd = bell, .events = POLLIN };
	char b;

	if (poll(&p, 1, ms) != 1)
		return 0;
	return read(bell, &b, 1) == 1;
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

	CHECK(chan_request(c) == 0, "no request at first");
	t = now_ms();
	CHECK(chan_wait(c, 0, 5000) == 0 && now_ms() - t >= 4.5, "a wait with nothing to do ends at its bound");

	/* Asleep on the futex: the post wakes it long before its bound. */
	CHECK(write(ctl[0], "p", 1) == 1, "ctl");
	t = now_ms();
	CHECK(chan_wait(c, 0, 3000000) == 1 && now_ms() - t < 1000, "a post wakes a sleeping wait");
	CHECK(chan_request(c) == 16, "the request's length");
	chan_request_taken(c);
	CHECK(chan_request(c) == 0, "taken");
	CHECK(!bell_rang(bells[0], 0), "no doorbell while the simulator waited itself");

	/* Back in the event loop: the next post rings the doorbell. */
	CHECK(chan_sleep(c) == 0, "nothing pending when going to sleep");
	CHECK(write(ctl[0], "p", 1) == 1, "ctl");
	CHECK(bell_rang(bells[0], 3000), "a post after chan_sleep rings the doorbell");
	CHECK(chan_request(c) == 16, "the request after the doorbell");
	/* Still pending: going to sleep says so, and asks for no doorbell. */
	CHECK(chan_sleep(c) == 1, "chan_sleep sees a pending request");
	chan_request_taken(c);

	/* A reply held back until the last is taken: the shim says when it took it. */
	chan_reply_posted(c);
	CHECK(!chan_reply_free(c), "the area is busy until the reply is taken");
	chan_want_ack(c, 1);
	CHECK(chan_sleep(c) == 0, "nothing to do while the reply is not taken");
	CHECK(write(ctl[0], "t", 1) == 1, "ctl");
	CHECK(bell_rang(bells[0], 3000), "taking a reply rings when the simulator waits for the area");
	CHECK(chan_reply_free(c), "the area is free once taken");
	chan_want_ack(c, 0);

	close(ctl[0]);
	waitpid(child, NULL, 0);
	if (failures)
		return 1;
	printf("test-channel: all checks passed\n");
	return 0;
}
