// SPDX-License-Identifier: GPL-2.0-only
/*
 * A thread that backs memory ahead of the simulator's next kernels.
 *
 * The simulator boots its nodes one after another on one thread, and in a
 * VM most of a boot is the host backing the fresh pages the kernel writes.
 * sim/kernel/ram-pool.ts hands this thread the boot region of the next
 * node's RAM while the current one boots; it runs on another core.
 * JavaScript cannot do this itself: the build loop never yields, so
 * asynchronous FFI calls would never retire.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include "prefault.h"

#define QUEUE_LEN 64

struct request {
	void *addr;
	size_t len;
};

static struct request queue[QUEUE_LEN];
/*
 * Requests are numbered from 0 (their ticket): `tail` were submitted,
 * `done` completed; head .. tail - 1 wait in the queue.
 */
static long long head, tail, done;
static int started;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t more = PTHREAD_COND_INITIALIZER;
static pthread_cond_t progress = PTHREAD_COND_INITIALIZER;

/*
 * A write fault on each page, without changing a byte: an atomic OR of
 * zero.  Not madvise(MADV_POPULATE_WRITE): it holds the process's mmap
 * lock for the whole range, and every mmap() of the simulator's thread
 * would wait for it; a page fault takes only its own area's lock.
 */
static void touch(char *addr, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += 4096)
		__atomic_fetch_or(addr + off, 0, __ATOMIC_RELAXED);
}

static void *worker(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&lock);
	for (;;) {
		struct request r;

		while (head == tail)
			pthread_cond_wait(&more, &lock);
		r = queue[head++ % QUEUE_LEN];
		pthread_mutex_unlock(&lock);
		touch(r.addr, r.len);
		pthread_mutex_lock(&lock);
		done++;
		pthread_cond_broadcast(&progress);
	}
	return NULL;
}

/*
 * Queues [addr, addr + len) to be written to, each page, without changing
 * it.  Returns the request's ticket (>= 0), or -EAGAIN when the queue is
 * full or no thread can be started: the caller then does without.  The
 * range must stay mapped and writable until prefault_wait(ticket).
 */
long long prefault_submit(void *addr, size_t len)
{
	long long ret;

	pthread_mutex_lock(&lock);
	if (!started) {
		sigset_t all, old;
		pthread_t t;
		pthread_attr_t attr;

		/*
		 * The thread starts with every signal blocked: the process's
		 * handlers (Node's) must never run on it.
		 */
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		started = pthread_create(&t, &attr, worker, NULL) == 0;
		pthread_attr_destroy(&attr);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	if (!started || tail - head == QUEUE_LEN) {
		ret = -EAGAIN;
	} else {
		ret = tail;
		queue[tail++ % QUEUE_LEN] = (struct request){ addr, len };
		pthread_cond_signal(&more);
	}
	pthread_mutex_unlock(&lock);
	return ret;
}

/*
 * Takes back a request the thread has not started: 1 when it will not be
 * done (its ticket still completes, in order), 0 when it has started or is
 * done (wait for it), -EINVAL for a ticket never handed out.  Requests are
 * started in ticket order, so once one cannot be taken back, no earlier
 * one can.
 */
int prefault_cancel(long long ticket)
{
	int ret;

	pthread_mutex_lock(&lock);
	if (ticket < 0 || ticket >= tail) {
		ret = -EINVAL;
	} else if (ticket < head) {
		ret = 0;
	} else {
		queue[ticket % QUEUE_LEN].len = 0;
		ret = 1;
	}
	pthread_mutex_unlock(&lock);
	return ret;
}

/* Returns once the request with this ticket (and every earlier one) is done. */
void prefault_wait(long long ticket)
{
	pthread_mutex_lock(&lock);
	while (done <= ticket)
		pthread_cond_wait(&progress, &lock);
	pthread_mutex_unlock(&lock);
}
