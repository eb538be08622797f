// SPDX-License-Identifier: GPL-2.0-only
/*
 * A thread that backs memory ahead of the simulator's next kernels.
 *
 * The simulator boots its nodes one after another on one thread, and in a
 * VM most of a boot is the host backing the fresh pages the kernel writes.
 * sim/kernel/ram-pool.ts hands this thread the RAM block of the next node
 * while the current one boots; it runs on another core.  JavaScript cannot
 * do this itself: the build loop never yields, so asynchronous FFI calls
 * would never be retired.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define QUEUE_LEN 64

struct request {
	void *addr;
	size_t len;
};

static struct request queue[QUEUE_LEN];
static unsigned int head, tail;	/* tail - head requests are queued */
static int busy;		/* the worker is running a request */
static int started;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t more = PTHREAD_COND_INITIALIZER;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;

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

		while (head == tail) {
			busy = 0;
			pthread_cond_broadcast(&idle);
			pthread_cond_wait(&more, &lock);
		}
		r = queue[head++ % QUEUE_LEN];
		busy = 1;
		pthread_mutex_unlock(&lock);
		touch(r.addr, r.len);
		pthread_mutex_lock(&lock);
	}
	return NULL;
}

/*
 * Queues [addr, addr + len) to be populated as if written.  Returns 0, or
 * -EAGAIN when the queue is full or no thread can be started: the caller
 * then does without.
 */
int prefault_submit(void *addr, size_t len)
{
	int ret = 0;

	pthread_mutex_lock(&lock);
	if (!started) {
		pthread_t t;
		pthread_attr_t attr;

		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		/* It only calls madvise. */
		pthread_attr_setstacksize(&attr, 64 << 10);
		started = pthread_create(&t, &attr, worker, NULL) == 0;
		pthread_attr_destroy(&attr);
	}
	if (!started || tail - head == QUEUE_LEN) {
		ret = -EAGAIN;
	} else {
		queue[tail++ % QUEUE_LEN] = (struct request){ addr, len };
		pthread_cond_signal(&more);
	}
	pthread_mutex_unlock(&lock);
	return ret;
}

/* Waits until every queued request has been run: before unmapping one. */
void prefault_wait(void)
{
	pthread_mutex_lock(&lock);
	while (started && (head != tail || busy))
		pthread_cond_wait(&idle, &lock);
	pthread_mutex_unlock(&lock);
}
