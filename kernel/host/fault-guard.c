// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's half of liblinux's machine-fault contract (see
 * struct lib_fault_target in liblinux.h and fault-guard.h).
 *
 * One handler for SIGSEGV, SIGBUS, SIGFPE and SIGILL, on an alternate
 * stack (a push on a bad stack pointer could not be handled on that
 * stack).  It looks the fault up in a table of registered copies; when it
 * is a running copy's, it rewrites the interrupted context so that the
 * thread resumes in that copy's lib_fault_target().resume on a stack of
 * the thread's own, and returns: the copy reports its death to the host
 * waiting in lib_enter(), whose call returns LIB_EDEAD.  Anything else is
 * chained to the handler installed before, or gets the default action.
 *
 * The stack a copy resumes on is the host's, one per thread, not the
 * copy's: a stack in every copy's data would be memory every node pays
 * for (the simulator backs a copy's data when it maps it), and a thread
 * runs one kernel at a time.  After the copy has told the host it died,
 * nothing returns to that stack, so the next fault may reuse it.
 *
 * The table is read only by the handler, and written only outside it:
 * entries are filled in before they are marked live, chunks are never
 * freed or moved, so a handler never reads freed memory, and it takes no
 * lock (the thread it interrupted may hold one).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include "fault-guard.h"

#define CHUNK_ENTRIES	256
#define MAX_CHUNKS	4096		/* a million copies */
#define ALT_STACK_BYTES	(64 << 10)	/* the handler's own stack */
#define RESUME_STACK_BYTES (64 << 10)	/* liblinux asks for >= 16 KiB */
#define X86_DF		0x400		/* the direction flag in rflags */

enum { FREE, LIVE, RECOVERED };

struct guarded {
	uintptr_t image, image_end;
	uintptr_t ram, ram_end;
	const volatile uint32_t *running;
	uintptr_t resume;
	uintptr_t stack_top;
	int state;
};

static struct guarded *chunks[MAX_CHUNKS];
static int nchunks;
/* Ids handed out so far, and those given back (a stack of them). */
static long used;
static long *free_ids;
static long nfree, free_cap;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
static struct sigaction previous[4];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int install_error;

/* The top of this thread's stack to resume copies on; 0 until made. */
static __thread uintptr_t resume_stack_top;

static struct guarded *entry(long id)
{
	return &chunks[id / CHUNK_ENTRIES][id % CHUNK_ENTRIES];
}

static int in_range(uintptr_t a, uintptr_t start, uintptr_t end)
{
	return a >= start && a < end;
}

/* The running copy the fault at ip, on stack sp, happened in; or NULL. */
static struct guarded *owner(uintptr_t ip, uintptr_t sp)
{
	int n = __atomic_load_n(&nchunks, __ATOMIC_ACQUIRE);
	int c, i;

	for (c = 0; c < n; c++) {
		struct guarded *chunk = __atomic_load_n(&chunks[c],
							__ATOMIC_ACQUIRE);

		for (i = 0; i < CHUNK_ENTRIES; i++) {
			struct guarded *g = &chunk[i];

			if (__atomic_load_n(&g->state, __ATOMIC_ACQUIRE) != LIVE)
				continue;
			if (!in_range(ip, g->image, g->image_end) &&
			    !in_range(sp, g->image, g->image_end) &&
			    !in_range(sp, g->ram, g->ram_end))
				continue;
			if (*g->running)
				return g;
		}
	}
	return NULL;
}

/* The index of `sig` in fault_signals[] (and previous[]). */
static int signal_index(int sig)
{
	int i;

	for (i = 1; i < 4; i++)
		if (fault_signals[i] == sig)
			return i;
	return 0;	/* the handler is installed for these four only */
}

/*
 * Not ours: what would have happened without this handler.  A fault
 * raised by the processor (si_code > 0) happens again when the handler
 * returns, then under the default action; a signal someone sent is sent
 * again.
 */
static void chain(int sig, siginfo_t *si, void *uc)
{
	const struct sigaction *old = &previous[signal_index(sig)];
	struct sigaction dfl;

	if (old->sa_flags & SA_SIGINFO) {
		old->sa_sigaction(sig, si, uc);
		return;
	}
	if (old->sa_handler == SIG_IGN && si->si_code <= 0)
		return;
	if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
		return;
	}
	/* Default, or ignored, which a fault cannot be. */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	if (si->si_code <= 0)
		raise(sig);
}

/*
 * The thread continues as a call of resume(sig, code, addr, ip) on its
 * resume stack, as struct lib_fault_target says.
 */
static void resume_in(const struct guarded *g, ucontext_t *uc, int sig,
		      const siginfo_t *si)
{
	greg_t *r = uc->uc_mcontext.gregs;
	uint64_t *sp = (uint64_t *)(g->stack_top - 8);

	*sp = 0;	/* the return address of a call that never returns */
	r[REG_RCX] = r[REG_RIP];
	r[REG_RDI] = sig;
	r[REG_RSI] = si->si_code;
	r[REG_RDX] = (greg_t)(uintptr_t)si->si_addr;
	r[REG_RSP] = (greg_t)(uintptr_t)sp;
	r[REG_RBP] = 0;
	r[REG_RIP] = (greg_t)g->resume;
	r[REG_EFL] &= ~X86_DF;
}

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	greg_t *r = uc->uc_mcontext.gregs;
	struct guarded *g = NULL;
	int live = LIVE;

	if (si->si_code > 0)
		g = owner(r[REG_RIP], r[REG_RSP]);
	/* Once per copy: a fault while it dies is not recoverable. */
	if (g && __atomic_compare_exchange_n(&g->state, &live, RECOVERED, 0,
					     __ATOMIC_ACQ_REL,
					     __ATOMIC_ACQUIRE)) {
		resume_in(g, uc, sig, si);
		return;
	}
	chain(sig, si, ucv);
}

static void install(void)
{
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	/* A fault inside the handler is then fatal, not a recursion. */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 4; i++)
		sigaddset(&sa.sa_mask, fault_signals[i]);
	for (i = 0; i < 4; i++)
		if (sigaction(fault_signals[i], &sa, &previous[i]))
			install_error = -errno;
}

/* `bytes` of stack with an inaccessible page below; its top, or 0. */
static uintptr_t map_stack(size_t bytes)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, bytes + page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	if (p == MAP_FAILED)
		return 0;
	mprotect(p, page, PROT_NONE);
	return (uintptr_t)p + page + bytes;
}

/*
 * This thread's stacks, made once (and kept for the thread's life): an
 * alternate signal stack unless it has one (someone else's is left
 * alone), and the stack its copies resume on.
 */
static int thread_stacks(void)
{
	stack_t cur, alt;
	uintptr_t top;

	if (resume_stack_top)
		return 0;
	if (sigaltstack(NULL, &cur))
		return -errno;
	if (cur.ss_flags & SS_DISABLE) {
		top = map_stack(ALT_STACK_BYTES);
		if (!top)
			return -ENOMEM;
		alt.ss_sp = (void *)(top - ALT_STACK_BYTES);
		alt.ss_size = ALT_STACK_BYTES;
		alt.ss_flags = 0;
		if (sigaltstack(&alt, NULL))
			return -errno;
	}
	top = map_stack(RESUME_STACK_BYTES);
	if (!top)
		return -ENOMEM;
	resume_stack_top = top & ~15UL;
	return 0;
}

/* A free entry's id, under `lock`; -ENOMEM when there is none. */
static long take_id(void)
{
	struct guarded *chunk;

	if (nfree)
		return free_ids[--nfree];
	if (used == (long)nchunks * CHUNK_ENTRIES) {
		if (nchunks == MAX_CHUNKS)
			return -ENOMEM;
		chunk = calloc(CHUNK_ENTRIES, sizeof(*chunk));
		if (!chunk)
			return -ENOMEM;
		__atomic_store_n(&chunks[nchunks], chunk, __ATOMIC_RELEASE);
		__atomic_store_n(&nchunks, nchunks + 1, __ATOMIC_RELEASE);
	}
	return used++;
}

long fault_guard_add(const struct lib_fault_target *target)
{
	struct guarded *g;
	long id;
	int err;

	if (!target || !target->image || !target->image_len ||
	    !target->running || !target->resume)
		return -EINVAL;
	pthread_once(&once, install);
	if (install_error)
		return install_error;
	err = thread_stacks();
	if (err)
		return err;
	pthread_mutex_lock(&lock);
	id = take_id();
	if (id >= 0) {
		g = entry(id);
		g->image = (uintptr_t)target->image;
		g->image_end = g->image + target->image_len;
		g->ram = 0;
		g->ram_end = 0;
		g->running = target->running;
		g->resume = (uintptr_t)target->resume;
		g->stack_top = resume_stack_top;
		__atomic_store_n(&g->state, LIVE, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&lock);
	return id;
}

int fault_guard_set_ram(long id, void *addr, size_t len)
{
	struct guarded *g;
	int ret = -EINVAL;

	pthread_mutex_lock(&lock);
	if (id >= 0 && id < used) {
		g = entry(id);
		/* Empty until both ends are set. */
		__atomic_store_n(&g->ram_end, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&g->ram, (uintptr_t)addr, __ATOMIC_RELEASE);
		__atomic_store_n(&g->ram_end, (uintptr_t)addr + len,
				 __ATOMIC_RELEASE);
		ret = 0;
	}
	pthread_mutex_unlock(&lock);
	return ret;
}

void fault_guard_remove(long id)
{
	long *ids;

	pthread_mutex_lock(&lock);
	if (id >= 0 && id < used && entry(id)->state != FREE) {
		__atomic_store_n(&entry(id)->state, FREE, __ATOMIC_RELEASE);
		if (nfree == free_cap) {
			free_cap = free_cap ? 2 * free_cap : 64;
			ids = realloc(free_ids, free_cap * sizeof(*ids));
			if (!ids) {
				/* The entry is only lost for reuse. */
				free_cap = nfree;
				pthread_mutex_unlock(&lock);
				return;
			}
			free_ids = ids;
		}
		free_ids[nfree++] = id;
	}
	pthread_mutex_unlock(&lock);
}
