// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulator's end of the shared channel memory (channel-shm.h),
 * loaded into the simulator (sim/exec/shared-channel.ts), never into a
 * program.  It makes the memory, and does what JavaScript cannot: futex
 * waits and wakes, and a wait bounded by the wall clock.  The handovers
 * themselves (a word moved on, a word read) are the simulator's own
 * atomics, with no call per request.
 *
 * Every word it reads was written by a program that may be hostile: a
 * value out of range is passed on for the caller to refuse, and no wait
 * here lasts longer than its caller's bound.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "channel-shm.h"
#include "host-channel.h"

static struct chan_words *words(void *m)
{
	return m;
}

static uint32_t load(uint32_t *w)
{
	return __atomic_load_n(w, __ATOMIC_SEQ_CST);
}

/* Shared, not private: the other end is another process. */
static void wake_all(uint32_t *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* A sealed memfd of CHAN_SIZE bytes (pages are made as they are touched), or -errno. */
int chan_create(void)
{
	int fd = memfd_create("libsim-channel", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	int e;

	if (fd < 0)
		return -errno;
	/* A program that shrank it would make the simulator's next access a SIGBUS. */
	if (ftruncate(fd, CHAN_SIZE) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0) {
		e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

void *chan_map(int fd)
{
	void *m = mmap(NULL, CHAN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	return m == MAP_FAILED ? NULL : m;
}

void chan_unmap(void *m)
{
	munmap(m, CHAN_SIZE);
}

/*
 * The layout, so that the simulator's code does not repeat it: 0 request
 * area, 1 its size, 2 reply area, 3 its size; 4 to 10 the byte offsets of
 * the words of struct chan_words, in their order.
 */
uint32_t chan_layout(int which)
{
	static const uint32_t layout[] = {
		CHAN_REQ_OFF,
		CHAN_REQ_MAX,
		CHAN_REP_OFF,
		CHAN_REP_MAX,
		offsetof(struct chan_words, req_seq),
		offsetof(struct chan_words, req_done),
		offsetof(struct chan_words, rep_seq),
		offsetof(struct chan_words, rep_done),
		offsetof(struct chan_words, sim_state),
		offsetof(struct chan_words, shim_waiters),
		offsetof(struct chan_words, sim_wants_ack),
	};

	return which >= 0 && which < (int)(sizeof(layout) / sizeof(layout[0])) ? layout[which] : 0;
}

static int request_posted(struct chan_words *c)
{
	return load(&c->req_seq) != load(&c->req_done);
}

/* Whether the simulator has something to do: a request, or the reply area it waits for. */
static int pending(struct chan_words *c)
{
	return request_posted(c) || (load(&c->sim_wants_ack) && load(&c->rep_done) == load(&c->rep_seq));
}

/*
 * Wakes the shim's threads asleep on the word the simulator has just
 * moved on: 0 req_done (a request taken), 1 rep_seq (a reply posted).  The
 * simulator moves the words itself (shared-channel.ts, with atomics as
 * sequentially consistent as the shim's) and calls this only when
 * shim_waiters says a thread sleeps: the futex is what JavaScript cannot do.
 */
void chan_wake(void *m, int which)
{
	struct chan_words *c = words(m);

	if (which == 0)
		wake_all(&c->req_done);
	else if (which == 1)
		wake_all(&c->rep_seq);
}

static int64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/*
 * Waits, at most spin_ns spinning and then until wait_us have passed in
 * all asleep, for something to do.  1: there is; 0: the bound passed.
 */
int chan_wait(void *m, uint32_t spin_ns, uint32_t wait_us)
{
	struct chan_words *c = words(m);
	int64_t start = now_ns(), end = start + (int64_t)wait_us * 1000, t;
	unsigned int i;

	for (i = 0;; i++) {
		if (pending(c))
			return 1;
		if ((i & 63) == 63 && now_ns() - start >= spin_ns)
			break;
		__builtin_ia32_pause();
	}
	for (;;) {
		struct timespec left;

		__atomic_store_n(&c->sim_state, CHAN_SIM_FUTEX, __ATOMIC_SEQ_CST);
		if (pending(c))
			break;
		t = now_ns();
		if (t >= end)
			break;
		left.tv_sec = (end - t) / 1000000000;
		left.tv_nsec = (end - t) % 1000000000;
		syscall(SYS_futex, &c->sim_state, FUTEX_WAIT, CHAN_SIM_FUTEX, &left, NULL, 0);
	}
	__atomic_store_n(&c->sim_state, CHAN_SIM_BUSY, __ATOMIC_SEQ_CST);
	return pending(c);
}

/*
 * The simulator goes back to its event loop: the shim is to ring the
 * doorbell when it next posts.  1 (and no doorbell asked for): there is
 * something to do already.
 */
int chan_sleep(void *m)
{
	struct chan_words *c = words(m);

	__atomic_store_n(&c->sim_state, CHAN_SIM_ASYNC, __ATOMIC_SEQ_CST);
	if (!pending(c))
		return 0;
	__atomic_store_n(&c->sim_state, CHAN_SIM_BUSY, __ATOMIC_SEQ_CST);
	return 1;
}
