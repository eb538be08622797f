// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulator's end of the shared channel memory (channel-shm.h),
 * loaded into the simulator (sim/exec/shared-channel.ts), never into a
 * program.  It makes the memory, and does what JavaScript cannot: atomic
 * handovers with the ordering the shim relies on, futex waits and wakes,
 * and a wait bounded by the wall clock.
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
#include <string.h>
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

/* The layout, so that the simulator's code does not repeat it: 0 request area, 1 its size, 2 reply area, 3 its size. */
uint32_t chan_layout(int which)
{
	static const uint32_t layout[] = { CHAN_REQ_OFF, CHAN_REQ_MAX, CHAN_REP_OFF, CHAN_REP_MAX };

	return which >= 0 && which < 4 ? layout[which] : 0;
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

/* The posted request's length as its frame says (unchecked), or 0: none. */
uint32_t chan_request(void *m)
{
	uint32_t len;

	if (!request_posted(words(m)))
		return 0;
	memcpy(&len, (char *)m + CHAN_REQ_OFF, 4);
	return len ? len : 1;
}

/* The request has been read: the area is the shim's again. */
void chan_request_taken(void *m)
{
	struct chan_words *c = words(m);

	__atomic_store_n(&c->req_done, load(&c->req_done) + 1, __ATOMIC_SEQ_CST);
	if (load(&c->shim_waiters))
		wake_all(&c->req_done);
}

/* Whether the last reply has been taken, so that the area may take the next. */
int chan_reply_free(void *m)
{
	struct chan_words *c = words(m);

	return load(&c->rep_done) == load(&c->rep_seq);
}

/* A reply is in the area: its thread may take it. */
void chan_reply_posted(void *m)
{
	struct chan_words *c = words(m);

	__atomic_store_n(&c->rep_seq, load(&c->rep_seq) + 1, __ATOMIC_SEQ_CST);
	if (load(&c->shim_waiters))
		wake_all(&c->rep_seq);
}

/* Whether the simulator waits for the reply area (a reply is held back until the last is taken). */
void chan_want_ack(void *m, int on)
{
	__atomic_store_n(&words(m)->sim_wants_ack, on ? 1 : 0, __ATOMIC_SEQ_CST);
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
