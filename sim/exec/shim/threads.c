// SPDX-License-Identifier: GPL-2.0-only
/*
 * A program's threads, one at a time.  Each thread calls the node on a
 * kernel task of its own (channel.c numbers it), and the simulator lets
 * only one of them run at a time (sim/exec/call-server.ts): a thread runs
 * from a reply to its next request, and the others wait for their
 * replies meanwhile.  What a thread does between two calls then never
 * races another thread's, and a run gives the same results every time.
 *
 * For that the simulator must know of every thread before it runs, and
 * of every wait for another thread:
 *
 *  - pthread_create tells it a thread is coming (SIM_THREAD_NEW, from the
 *    creator, so its number follows the order of creations), and the
 *    new thread asks to start (SIM_THREAD_START) before it runs any of
 *    the program's code; it says when it has ended (SIM_THREAD_EXIT);
 *  - a thread that would block on the host for another thread -- a
 *    mutex, condition variable, semaphore or read-write lock held or not
 *    yet signalled, a join -- parks instead (SIM_PARK on the object's
 *    address): it stops running, and runs again when a thread that
 *    releases that object wakes it (SIM_WAKE), or at its deadline in
 *    simulated time.  sched_yield lets the others run first.
 *
 * A release wakes only if some thread is parked on its object (the
 * table below), so a program whose threads never wait for each other
 * pays for a lookup of nothing.  Deadlines are absolute times of the
 * clock the program named; every clock reads the node's simulated time
 * (clock.c), so they are simulated times whatever the clock.  Without
 * threads, in a command (which runs at one instant), the host's own
 * functions are used.
 *
 * Not covered: glibc's own locks (stdio's, malloc's), spin locks,
 * barriers, C11 and C++ atomics waited on with futex directly: a thread
 * that blocks on one of those for another thread holds the run until its
 * step's wall-clock bound.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include "shim.h"

/* The objects threads may be parked on at once (more: a program gone wrong), and ended threads kept. */
#define MAX_PARKED 1024
#define MAX_ENDED 1024

/* The host's (glibc's) fn, looked up once. */
#define HOST(fn)                                                        \
	({                                                              \
		static __typeof__(&fn) host_;                           \
		if (!host_)                                             \
			host_ = (__typeof__(&fn))host_symbol(#fn);      \
		host_;                                                  \
	})

static void *host_symbol(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (!p)
		shim_die("glibc lacks a thread function the shim wraps");
	return p;
}

/* Set once the program has made a thread: from then on waits are the simulator's. */
static int threads_made;

/*
 * Whether the simulator decides when waits end: once there are threads,
 * and in a program that lives in simulated time, whose timed waits must
 * end at simulated times even with one thread.
 */
static int managed(void)
{
	return __atomic_load_n(&threads_made, __ATOMIC_ACQUIRE) || shim_timed();
}

static pid_t host_tid(void)
{
	static __thread pid_t tid;

	if (!tid)
		tid = (pid_t)shim_host(SYS_gettid, 0, 0, 0, 0, 0, 0);
	return tid;
}

/* Objects threads are parked on, with how many; under table_lock, signals deferred. */
static struct {
	uintptr_t key;
	int n;
} parked[MAX_PARKED];
static int parked_keys;
/* Threads that ended and were not joined yet (detached ones stay until their handle is reused). */
static pthread_t ended[MAX_ENDED];
static int ended_count;
static unsigned int ended_evict;
static int table_lock;

static int table_enter(void)
{
	/* A handler may post a semaphore: it must not find the table locked by its own thread. */
	int was = shim_crit_enter();

	shim_lock(&table_lock);
	return was;
}

static void table_leave(int was)
{
	shim_unlock(&table_lock);
	shim_crit_leave(was);
}

static void count_parked(const void *key, int delta)
{
	int i, free_slot = -1;
	int old;

	old = table_enter();
	for (i = 0; i < MAX_PARKED; i++) {
		if (parked[i].n && parked[i].key == (uintptr_t)key)
			break;
		if (!parked[i].n && free_slot < 0)
			free_slot = i;
	}
	if (i == MAX_PARKED) {
		if (free_slot < 0)
			shim_die("threads parked on too many objects at once");
		i = free_slot;
		parked[i].key = (uintptr_t)key;
		__atomic_add_fetch(&parked_keys, 1, __ATOMIC_RELEASE);
	}
	parked[i].n += delta;
	if (!parked[i].n)
		__atomic_sub_fetch(&parked_keys, 1, __ATOMIC_RELEASE);
	table_leave(old);
}

static int is_parked_on(const void *key)
{
	int old;
	int i, found = 0;

	if (!__atomic_load_n(&parked_keys, __ATOMIC_ACQUIRE))
		return 0;
	old = table_enter();
	for (i = 0; i < MAX_PARKED && !found; i++)
		found = parked[i].n && parked[i].key == (uintptr_t)key;
	table_leave(old);
	return found;
}

/*
 * Stops running until a thread wakes key, or until deadline (simulated
 * ns; -1: none): 0, or ETIMEDOUT.  Counted as parked first, so that
 * whoever releases key next knows to wake it.
 */
static int park(const void *key, long long deadline)
{
	struct shim_arg a[2] = { shim_int((long)key), shim_int(deadline) };
	long r;

	count_parked(key, 1);
	r = shim_call(SIM_PARK, a, 2);
	count_parked(key, -1);
	if (r == -ETIMEDOUT)
		return ETIMEDOUT;
	if (r < 0)
		shim_die("the simulator refused to park a thread");
	return 0;
}

/* key was released: up to n of the threads parked on it may run again. */
static void wake(const void *key, int n)
{
	struct shim_arg a[2] = { shim_int((long)key), shim_int(n) };

	if (is_parked_on(key))
		shim_notify(SIM_WAKE, a, 2);
}

/* An absolute deadline in ns (negative times: passed already), or -EINVAL. */
static long long deadline_of(const struct timespec *t)
{
	if (t->tv_nsec < 0 || t->tv_nsec >= 1000000000L)
		return -EINVAL;
	if (t->tv_sec < 0)
		return 0;
	if (t->tv_sec > LLONG_MAX / 1000000000LL - 1)
		return -1;
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

/* -1 means no deadline: a time beyond what -1 stands for is as good as none. */
#define CHECK_DEADLINE(t, ns)                   \
	do {                                    \
		(ns) = deadline_of(t);          \
		if ((ns) == -EINVAL)            \
			return EINVAL;          \
	} while (0)

static void note_ended(pthread_t t, int add)
{
	int old;
	int i;

	old = table_enter();
	for (i = 0; i < ended_count && !pthread_equal(ended[i], t); i++)
		;
	if (i < ended_count && !add)
		ended[i] = ended[--ended_count];
	else if (i == ended_count && add && ended_count < MAX_ENDED)
		ended[ended_count++] = t;
	else if (i == ended_count && add)
		/* Full of detached threads, which no one joins: one of them makes room. */
		ended[ended_evict++ % MAX_ENDED] = t;
	table_leave(old);
}

static int has_ended(pthread_t t)
{
	int old;
	int i, found = 0;

	old = table_enter();
	for (i = 0; i < ended_count && !found; i++)
		found = pthread_equal(ended[i], t);
	table_leave(old);
	return found;
}

/* --- Threads: made, started and ended in the simulator's sight. --- */

struct start {
	void *(*fn)(void *);
	void *arg;
	int id;
};

static __thread int told_ended;
static pthread_key_t end_key;
static pthread_once_t end_key_once = PTHREAD_ONCE_INIT;

/* Tells the simulator the calling thread ended, and wakes whoever joins it. */
static void thread_ended(void)
{
	pthread_t me = pthread_self();
	struct shim_arg a = shim_int(shim_thread_id());

	if (told_ended)
		return;
	told_ended = 1;
	note_ended(me, 1);
	wake((void *)me, INT_MAX);
	shim_notify(SIM_THREAD_EXIT, &a, 1);
}

/* A thread that ends another way (cancelled) says so from its key's destructor. */
static void end_key_destructor(void *v)
{
	(void)v;
	thread_ended();
}

static void make_end_key(void)
{
	if (pthread_key_create(&end_key, end_key_destructor))
		shim_die("cannot make the key that sees threads end");
}

static void *thread_main(void *p)
{
	struct start s = *(struct start *)p;
	void *ret;

	free(p);
	shim_thread_set_id(s.id);
	pthread_setspecific(end_key, &end_key);
	/* The simulator counts it as running until it asks, and answers when it may. */
	shim_call(SIM_THREAD_START, NULL, 0);
	ret = s.fn(s.arg);
	thread_ended();
	return ret;
}

int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	struct start *s = malloc(sizeof(*s));
	struct shim_arg a;
	long r;

	if (!s)
		return EAGAIN;
	s->fn = fn;
	s->arg = arg;
	s->id = shim_thread_new_id();
	a = shim_int(s->id);
	r = shim_call(SIM_THREAD_NEW, &a, 1);
	if (r < 0) {
		free(s);
		return (int)-r;
	}
	__atomic_store_n(&threads_made, 1, __ATOMIC_RELEASE);
	pthread_once(&end_key_once, make_end_key);
	r = HOST(pthread_create)(t, attr, thread_main, s);
	if (r) {
		shim_notify(SIM_THREAD_EXIT, &a, 1);
		free(s);
		return (int)r;
	}
	/* A thread that had this handle before was joined or detached: its end is no news. */
	note_ended(*t, 0);
	return 0;
}

void pthread_exit(void *ret)
{
	thread_ended();
	HOST(pthread_exit)(ret);
	__builtin_unreachable();
}

static int join_until(pthread_t t, void **ret, long long deadline)
{
	for (;;) {
		int r = pthread_tryjoin_np(t, ret);

		if (r != EBUSY) {
			note_ended(t, 0);
			return r;
		}
		/* Ended in the simulator's sight: it is only leaving the host, which takes no time. */
		if (has_ended(t)) {
			note_ended(t, 0);
			return HOST(pthread_join)(t, ret);
		}
		if (park((void *)t, deadline) == ETIMEDOUT && !has_ended(t))
			return ETIMEDOUT;
	}
}

int pthread_join(pthread_t t, void **ret)
{
	if (!managed())
		return HOST(pthread_join)(t, ret);
	return join_until(t, ret, -1);
}

int pthread_timedjoin_np(pthread_t t, void **ret, const struct timespec *abstime)
{
	long long ns;

	if (!managed() || !abstime)
		return abstime ? HOST(pthread_timedjoin_np)(t, ret, abstime) : pthread_join(t, ret);
	CHECK_DEADLINE(abstime, ns);
	return join_until(t, ret, ns);
}

int pthread_clockjoin_np(pthread_t t, void **ret, clockid_t clock, const struct timespec *abstime)
{
	long long ns;

	if (!managed() || !abstime)
		return abstime ? HOST(pthread_clockjoin_np)(t, ret, clock, abstime) : pthread_join(t, ret);
	CHECK_DEADLINE(abstime, ns);
	return join_until(t, ret, ns);
}

/* --- Mutexes --- */

static int mutex_lock_until(pthread_mutex_t *m, long long deadline)
{
	for (;;) {
		int r = pthread_mutex_trylock(m);

		if (r != EBUSY)
			return r;
		/* Its own: what that means (EDEADLK, or forever) is the host's to say. */
		if (m->__data.__owner == host_tid())
			return HOST(pthread_mutex_lock)(m);
		if (park(m, deadline) == ETIMEDOUT) {
			r = pthread_mutex_trylock(m);
			return r == EBUSY ? ETIMEDOUT : r;
		}
	}
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	if (!managed())
		return HOST(pthread_mutex_lock)(m);
	return mutex_lock_until(m, -1);
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	long long ns;

	if (!managed())
		return HOST(pthread_mutex_timedlock)(m, abstime);
	CHECK_DEADLINE(abstime, ns);
	return mutex_lock_until(m, ns);
}

int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock, const struct timespec *abstime)
{
	long long ns;

	if (!managed())
		return HOST(pthread_mutex_clocklock)(m, clock, abstime);
	CHECK_DEADLINE(abstime, ns);
	return mutex_lock_until(m, ns);
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	int r = HOST(pthread_mutex_unlock)(m);

	if (!r)
		wake(m, 1);
	return r;
}

/* --- Condition variables: a wait is a park on the variable, a signal a wake. --- */

static int cond_wait_until(pthread_cond_t *c, pthread_mutex_t *m, long long deadline)
{
	int r, timed_out;

	/*
	 * No other thread runs between the unlock and the park (the unlock's
	 * wake does not give up the run), so no signal can come in between.
	 */
	r = pthread_mutex_unlock(m);
	if (r)
		return r;
	timed_out = park(c, deadline);
	r = mutex_lock_until(m, -1);
	return r ? r : timed_out;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (!managed())
		return HOST(pthread_cond_wait)(c, m);
	return cond_wait_until(c, m, -1);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
	long long ns;

	if (!managed())
		return HOST(pthread_cond_timedwait)(c, m, abstime);
	CHECK_DEADLINE(abstime, ns);
	return cond_wait_until(c, m, ns);
}

int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock, const struct timespec *abstime)
{
	long long ns;

	if (!managed())
		return HOST(pthread_cond_clockwait)(c, m, clock, abstime);
	CHECK_DEADLINE(abstime, ns);
	return cond_wait_until(c, m, ns);
}

int pthread_cond_signal(pthread_cond_t *c)
{
	int r = HOST(pthread_cond_signal)(c);

	wake(c, 1);
	return r;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	int r = HOST(pthread_cond_broadcast)(c);

	wake(c, INT_MAX);
	return r;
}

/* --- Semaphores --- */

static int sem_wait_until(sem_t *s, long long deadline)
{
	for (;;) {
		if (sem_trywait(s) == 0)
			return 0;
		if (errno != EAGAIN)
			return -1;
		if (park(s, deadline) == ETIMEDOUT) {
			if (sem_trywait(s) == 0)
				return 0;
			if (errno == EAGAIN)
				errno = ETIMEDOUT;
			return -1;
		}
	}
}

int sem_wait(sem_t *s)
{
	if (!managed())
		return HOST(sem_wait)(s);
	return sem_wait_until(s, -1);
}

/* sem_timedwait and sem_clockwait report errors in errno. */
static int sem_deadline(sem_t *s, const struct timespec *abstime)
{
	long long ns = deadline_of(abstime);

	if (ns == -EINVAL) {
		errno = EINVAL;
		return -1;
	}
	return sem_wait_until(s, ns);
}

int sem_timedwait(sem_t *s, const struct timespec *abstime)
{
	if (!managed())
		return HOST(sem_timedwait)(s, abstime);
	return sem_deadline(s, abstime);
}

int sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *abstime)
{
	if (!managed())
		return HOST(sem_clockwait)(s, clock, abstime);
	return sem_deadline(s, abstime);
}

int sem_post(sem_t *s)
{
	int r = HOST(sem_post)(s);

	if (!r)
		wake(s, 1);
	return r;
}

/* --- Read-write locks --- */

static int rwlock_until(pthread_rwlock_t *rw, int write, long long deadline)
{
	for (;;) {
		int r = write ? pthread_rwlock_trywrlock(rw) : pthread_rwlock_tryrdlock(rw);

		if (r != EBUSY)
			return r;
		if (rw->__data.__cur_writer == host_tid())
			return write ? HOST(pthread_rwlock_wrlock)(rw) : HOST(pthread_rwlock_rdlock)(rw);
		if (park(rw, deadline) == ETIMEDOUT) {
			r = write ? pthread_rwlock_trywrlock(rw) : pthread_rwlock_tryrdlock(rw);
			return r == EBUSY ? ETIMEDOUT : r;
		}
	}
}

int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	return managed() ? rwlock_until(rw, 0, -1) : HOST(pthread_rwlock_rdlock)(rw);
}

int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	return managed() ? rwlock_until(rw, 1, -1) : HOST(pthread_rwlock_wrlock)(rw);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	long long ns;

	if (!managed())
		return HOST(pthread_rwlock_timedrdlock)(rw, abstime);
	CHECK_DEADLINE(abstime, ns);
	return rwlock_until(rw, 0, ns);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	long long ns;

	if (!managed())
		return HOST(pthread_rwlock_timedwrlock)(rw, abstime);
	CHECK_DEADLINE(abstime, ns);
	return rwlock_until(rw, 1, ns);
}

int pthread_rwlock_clockrdlock(pthread_rwlock_t *rw, clockid_t clock, const struct timespec *abstime)
{
	long long ns;

	if (!managed())
		return HOST(pthread_rwlock_clockrdlock)(rw, clock, abstime);
	CHECK_DEADLINE(abstime, ns);
	return rwlock_until(rw, 0, ns);
}

int pthread_rwlock_clockwrlock(pthread_rwlock_t *rw, clockid_t clock, const struct timespec *abstime)
{
	long long ns;

	if (!managed())
		return HOST(pthread_rwlock_clockwrlock)(rw, clock, abstime);
	CHECK_DEADLINE(abstime, ns);
	return rwlock_until(rw, 1, ns);
}

int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	int r = HOST(pthread_rwlock_unlock)(rw);

	if (!r)
		wake(rw, INT_MAX);
	return r;
}

/* A deadline passed long ago: the others ready to run go first, then this thread again. */
int sched_yield(void)
{
	if (!__atomic_load_n(&threads_made, __ATOMIC_ACQUIRE))
		return HOST(sched_yield)();
	park(NULL, 0);
	return 0;
}
