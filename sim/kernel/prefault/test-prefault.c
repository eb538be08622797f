// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checks of the prefault thread's contract: a queued range is backed
 * (resident) once its ticket is waited for, no byte of it changes, and
 * tickets count up.  Run by `make check` (part of `npm test`).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

long long prefault_submit(void *addr, size_t len);
void prefault_wait(long long ticket);

#define PAGES	2048
#define PAGE	4096UL

static int passed, failed;

static void expect(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	if (ok)
		passed++;
	else
		failed++;
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
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
