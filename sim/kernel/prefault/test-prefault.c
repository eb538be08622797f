// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checks of the prefault thread's contract: a queued range is backed
 * (resident) once its ticket is waited for, no byte of it changes,
 * tickets count up, and a request not yet started can be taken back.  Run by `make check` (part of `npm test`).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "prefault.h"

#define PAGES	2048
#define PAGE	4096UL
/*
 * Keeps the thread busy for >= 30 ms: as many 4 KiB page faults, each
 * >= 1 us (the range is kept out of huge pages).
 */
#define BUSY_PAGES	32768

static int passed, failed;

static void expect(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	if (ok)
		passed++;
	else
		failed++;
}

static size_t resident_pages(void *p, size_t pages)
{
	unsigned char vec[PAGES];
	size_t i, n = 0;

	if (pages > PAGES || mincore(p, pages * PAGE, vec) != 0)
		return (size_t)-1;
	for (i = 0; i < pages; i++)
		n += vec[i] & 1;
	return n;
}

/*
 * A request queued behind a long one is taken back before the thread
 * gets to it: none of its pages is touched, and its ticket still
 * completes.  One the thread has started or finished is not.
 */
static void check_cancel(void)
{
	size_t busy_len = BUSY_PAGES * PAGE, len = 16 * PAGE;
	char *busy = mmap(NULL, busy_len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long long t_busy, t;

	if (busy == MAP_FAILED || p == MAP_FAILED) {
		expect(0, "memory for the cancel checks");
		return;
	}
	madvise(busy, busy_len, MADV_NOHUGEPAGE);
	t_busy = prefault_submit(busy, busy_len);
	t = prefault_submit(p, len);
	expect(t_busy >= 0 && t == t_busy + 1 && prefault_cancel(t) == 1,
	       "a request not yet started is taken back");
	prefault_wait(t);
	expect(resident_pages(p, 16) == 0,
	       "its ticket completes and none of its pages was touched");
	expect(prefault_cancel(t_busy) == 0 && prefault_cancel(t) == 0,
	       "a request started or done is not taken back");
	expect(prefault_cancel(t + 1) == -EINVAL && prefault_cancel(-1) == -EINVAL,
	       "a ticket never handed out is refused");
	munmap(busy, busy_len);
	munmap(p, len);
}

int main(void)
{
	size_t len = PAGES * PAGE, i, resident = 0, changed = 0;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char vec[PAGES];
	long long t1, t2, t3;

	if (p == MAP_FAILED)
		return 2;
	/* Every fourth page holds data already; the others are untouched. */
	for (i = 0; i < PAGES; i += 4)
		memset(p + i * PAGE, (int)(i % 251) + 1, PAGE);
	t1 = prefault_submit(p, len / 2);
	t2 = prefault_submit(p + len / 2, len / 4);
	t3 = prefault_submit(p + len / 2 + len / 4, len / 4);
	expect(t1 >= 0 && t2 == t1 + 1 && t3 == t2 + 1,
	       "tickets count up from a non-negative first");
	prefault_wait(t3);
	if (mincore(p, len, vec) == 0)
		for (i = 0; i < PAGES; i++)
			resident += vec[i] & 1;
	expect(resident == PAGES, "every page is resident once the last ticket is waited for");
	for (i = 0; i < len; i++) {
		size_t page = i / PAGE;
		unsigned char want = page % 4 ? 0 : (unsigned char)(page % 251 + 1);

		changed += p[i] != want;
	}
	expect(changed == 0, "no byte changed, written or untouched pages alike");
	check_cancel();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
