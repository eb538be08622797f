// SPDX-License-Identifier: GPL-2.0-only
/*
 * The channel to the simulator.  A request is "run system call nr of the
 * node's kernel with these arguments" (or one of the simulator's own
 * calls, SIM_* in shim.h); the reply carries the result and every buffer
 * the kernel may have written.  Layout (host byte order):
 *
 *   request  u32 len, u32 nr, u32 nargs, u32 thread,
 *            per argument u32 kind, u32 size, i64 value,
 *            then per IN/INOUT argument its bytes, per FPROG argument
 *            its filter's instructions, per MSG argument
 *            u32 namelen, datalen, controllen, recv, and for a send its
 *            name, data and control bytes; every byte run padded to 8.
 *   reply    u32 len, u32 thread, i64 result, i64 now (the node's
 *            simulated time, ns, when the call completed: what the tool's
 *            clocks read), u32 signal (one the simulator delivers to the
 *            thread with this reply, or 0: signals.c), u32 0,
 *            per OUT/INOUT argument its bytes, per OUTR argument its
 *            first min(result, size) bytes (none if result < 0) -- a
 *            read of 0 bytes must not overwrite the buffer -- per receiving MSG argument
 *            u32 namelen, controllen, flags, 0, then name, control and
 *            data (the sizes asked for), each padded to 8.
 *
 * thread is the number of the calling thread (0: the main thread, then
 * the threads in the order they were created, threads.c), and a reply
 * goes to the thread its request came from: several threads may wait for
 * replies at once, each on a kernel task of its own.  Frames travel
 * through memory shared with the simulator (channel-shm.h), one request
 * and one reply at a time: a request is written whole into its area under
 * a lock, once the simulator has taken the one before; whichever waiting
 * thread holds the reader role takes the next reply and hands it to the
 * thread it is for, and once it has its own, passes the role on (a
 * leader/follower reader).  SIM_THREAD_EXIT and SIM_WAKE get no reply.
 *
 * The shim's locks are bare futex words, not pthread mutexes: those are
 * the tool's, and the shim wraps them (threads.c).  Signals that come
 * while a thread is in here, waiting included, are deferred until it
 * leaves (signals.c), so a handler never finds a lock held or a frame
 * half read by its own thread, and never calls the node from inside a
 * call: each thread has one call in progress at most.
 *
 * Beside the memory, a UNIX stream socket the simulator created: its
 * doorbell (a byte, when the simulator has gone back to its event loop)
 * and how it sees the program end.  The shim keeps it on a high
 * descriptor the tool cannot close.  A broken channel ends the tool:
 * there is nothing it may fall back to.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "shim.h"
#include "channel-shm.h"

#define PAD8(n) (((n) + 7u) & ~7u)
/* A reply's fixed part: len, thread, result, now, signal, 0. */
#define REPLY_HEAD 32
/* How long a thread spins for the other end before it sleeps, on a machine with more than one CPU. */
#define SPIN_NS 20000
/* Where the channel is moved to, above what tools open. */
#define CHANNEL_MIN_FD 1000

static int channel = -1;
static int init_lock;
/* Held while a request is written: frames of two threads must not interleave. */
static int write_lock;
/* The shared memory (channel-shm.h), its words and areas. */
static struct chan_words *shm;
static char *req_area, *rep_area;
/*
 * How many pause instructions make SPIN_NS, measured once: the clock
 * cannot be read while spinning, since rdtsc traps (tsc.c).  0 on a
 * single CPU, where spinning only keeps the other end from running.
 */
static unsigned int spin_pauses;

/* A call waiting for its reply. */
struct waiter {
	uint32_t id;
	int wake;		/* futex word: bumped when the reply is in, or the reader role is free */
	const char *thread;	/* the host thread (its marker) */
	char *reply;		/* the reply frame, once read */
	struct waiter *next;
};

/* Under wait_lock: the calls waiting, and the thread reading the channel for them (NULL: none). */
static int wait_lock;
static struct waiter *waiting;
static const char *reader;

/* Its address tells threads apart. */
static __thread char self;
/* The thread's number on the channel, plus 1 (0: none yet). */
static __thread int id_plus1;
/* Numbers of threads: 0 is the main thread's. */
static int next_id = 1;

/*
 * A host system call made directly: the shim overrides syscall() (to
 * refuse it to the tool), so it cannot use it itself.  -1 and errno on
 * failure, as syscall() would.
 */
long shim_host(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

void shim_die(const char *msg)
{
	char line[512];
	int n = snprintf(line, sizeof(line), "libsim shim: %s\n", msg);

	if (n > 0)
		shim_host(SYS_write, 2, (long)line, n, 0, 0, 0);
	shim_host(SYS_exit_group, 125, 0, 0, 0, 0, 0);
	__builtin_unreachable();
}

long shim_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

int shim_channel_fd(void)
{
	return channel;
}

static void futex_wait(int *word, int val)
{
	int saved = errno;

	/* EAGAIN (changed already) and EINTR: the caller looks again. */
	shim_host(SYS_futex, (long)word, FUTEX_WAIT_PRIVATE, val, 0, 0, 0);
	errno = saved;
}

static void futex_wake(int *word, int n)
{
	shim_host(SYS_futex, (long)word, FUTEX_WAKE_PRIVATE, n, 0, 0, 0);
}

/* 0 unlocked, 1 locked, 2 locked with waiters (Drepper, "Futexes Are Tricky"). */
void shim_lock(int *word)
{
	int c = 0;

	if (__atomic_compare_exchange_n(word, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		futex_wait(word, 2);
		c = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
	}
}

void shim_unlock(int *word)
{
	if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2)
		futex_wake(word, 1);
}

int shim_thread_new_id(void)
{
	return __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
}

/* A thread created through the shim is numbered by its creator (threads.c). */
void shim_thread_set_id(int id)
{
	id_plus1 = id + 1;
}

/*
 * The number of this thread on the channel.  The main thread is 0.  A
 * thread the shim did not see created (glibc's own helpers) takes the
 * next free number when it first calls.
 */
static uint32_t call_id(void)
{
	if (!id_plus1) {
		if (shim_host(SYS_gettid, 0, 0, 0, 0, 0, 0) == shim_host(SYS_getpid, 0, 0, 0, 0, 0, 0))
			id_plus1 = 1;
		else
			id_plus1 = shim_thread_new_id() + 1;
	}
	return (uint32_t)(id_plus1 - 1);
}

int shim_thread_id(void)
{
	return (int)call_id();
}

/*
 * Sets the channel up: from the constructor, or from the first forwarded
 * call if that comes earlier -- constructors of the tool's libraries run
 * before ours (libselinux's statfs()es /sys/fs/selinux in ss).
 */
/* A descriptor the simulator passed in variable `name`, moved above the tool's; dies if there is none. */
static long inherited_fd(const char *name)
{
	const char *s = getenv(name);
	long fd, moved;
	char why[128];
	char *end;

	if (!s) {
		snprintf(why, sizeof(why), "%s is not set: run tools through libsim", name);
		shim_die(why);
	}
	fd = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || fd < 0) {
		snprintf(why, sizeof(why), "no channel to the simulator (%s)", name);
		shim_die(why);
	}
	moved = shim_host(SYS_fcntl, fd, F_DUPFD_CLOEXEC, CHANNEL_MIN_FD, 0, 0, 0);
	if (moved < 0)
		shim_die("the channel to the simulator is not open");
	shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
	/* A program this one executes must not take some other fd for it. */
	setenv(name, "-1", 1);
	return moved;
}

/* The host's monotonic clock, ns, through the vDSO (the shim's clock_gettime is the node's). */
static int64_t host_ns(int (*host_clock)(clockid_t, struct timespec *))
{
	struct timespec t;

	host_clock(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/*
 * How many pause instructions take ns nanoseconds here (before rdtsc
 * traps).  The fastest of a few short probes: one the host preempted
 * would make the spin far too short, and every call then sleep.
 */
static unsigned int pauses_in(int64_t ns)
{
	int (*host_clock)(clockid_t, struct timespec *) =
		(int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
	const unsigned int probe = 512;
	int64_t start, took, fastest = INT64_MAX;
	unsigned int i, k;

	if (!host_clock)
		return 0;
	for (k = 0; k < 8; k++) {
		start = host_ns(host_clock);
		for (i = 0; i < probe; i++)
			__builtin_ia32_pause();
		took = host_ns(host_clock) - start;
		if (took < fastest)
			fastest = took;
	}
	if (fastest <= 0)
		fastest = 1;
	return (unsigned int)(ns * probe / fastest < 10000000 ? ns * probe / fastest : 10000000);
}

/* Maps the memory shared with the simulator; its descriptor is not needed after. */
static void map_shared(void)
{
	long fd = inherited_fd("LIBSIM_SHM_FD");
	long m = shim_host(SYS_mmap, 0, CHAN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
	if (m < 0)
		shim_die("cannot map the memory shared with the simulator");
	shm = (struct chan_words *)m;
	req_area = (char *)m + CHAN_REQ_OFF;
	rep_area = (char *)m + CHAN_REP_OFF;
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
		spin_pauses = pauses_in(SPIN_NS);
}

/*
 * Sets the channel up: from the constructor, or from the first forwarded
 * call if that comes earlier -- constructors of the tool's libraries run
 * before ours (libselinux's statfs()es /sys/fs/selinux in ss).
 */
static void channel_init(void)
{
	long ch = inherited_fd("LIBSIM_SHIM_FD"), flags;

	/*
	 * libuv may hand the child its end non-blocking: a doorbell written
	 * while the socket is full would then be lost.  The shim waits.
	 */
	flags = shim_host(SYS_fcntl, ch, F_GETFL, 0, 0, 0, 0);
	if (flags < 0 || shim_host(SYS_fcntl, ch, F_SETFL, flags & ~O_NONBLOCK, 0, 0, 0) < 0)
		shim_die("cannot make the channel to the simulator blocking");
	map_shared();
	/* Last: a thread that sees it set uses it without the lock. */
	__atomic_store_n(&channel, (int)ch, __ATOMIC_RELEASE);
}

static void ensure_channel(void)
{
	if (__atomic_load_n(&channel, __ATOMIC_ACQUIRE) >= 0)
		return;
	shim_lock(&init_lock);
	if (channel < 0)
		channel_init();
	shim_unlock(&init_lock);
}

/*
 * libsim-exec-start hands the shim to ld.so as /proc/self/fd/N
 * (identity.c): it is loaded now, so N is closed and the program's
 * descriptors are what they would be without it.
 */
static void close_preload_fd(void)
{
	const char *s = getenv("LD_PRELOAD");
	const char *prefix = "/proc/self/fd/";
	char *end;
	long fd;

	if (!s || strncmp(s, prefix, strlen(prefix)))
		return;
	s += strlen(prefix);
	fd = strtol(s, &end, 10);
	if (*s >= '0' && *s <= '9' && *end == '\0' && fd > 2 && fd != channel)
		shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
}

__attribute__((constructor)) static void shim_init(void)
{
	ensure_channel();
	close_preload_fd();
	/* Read before the tool's code runs: it could change its environment. */
	shim_node_dir();
	shim_tsc_trap();
	shim_seccomp();
}

__attribute__((destructor)) static void shim_fini(void)
{
	fflush(NULL);
}

static void put(char **p, const void *src, size_t n)
{
	if (n)
		memcpy(*p, src, n);
	memset(*p + n, 0, PAD8(n) - n);
	*p += PAD8(n);
}

static void put32(char **p, uint32_t v)
{
	memcpy(*p, &v, 4);
	*p += 4;
}

static void write_all(const char *buf, size_t len)
{
	while (len) {
		long n = shim_host(SYS_write, channel, (long)buf, (long)len, 0, 0, 0);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			shim_die("channel to the simulator closed");
		buf += n;
		len -= (size_t)n;
	}
}

static size_t iov_total(const struct msghdr *m)
{
	size_t n = 0;
	size_t i;

	for (i = 0; i < m->msg_iovlen; i++)
		n += m->msg_iov[i].iov_len;
	return n;
}

static void scatter(const struct msghdr *m, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < m->msg_iovlen && n; i++) {
		size_t k = m->msg_iov[i].iov_len < n ? m->msg_iov[i].iov_len : n;

		memcpy(m->msg_iov[i].iov_base, src, k);
		src += k;
		n -= k;
	}
}

static size_t msg_data_len(const struct shim_arg *a)
{
	size_t n = iov_total(a->msg);

	return n > SHIM_MAX_BUF ? SHIM_MAX_BUF : n;
}

/* The length of the request for args, or 0 if a send is too large to carry. */
static size_t request_len(const struct shim_arg *args, int nargs)
{
	size_t len = 16 + 16 * (size_t)nargs;
	int i;

	for (i = 0; i < nargs; i++) {
		const struct shim_arg *a = &args[i];

		if (a->kind == SHIM_IN || a->kind == SHIM_INOUT || a->kind == SHIM_FPROG) {
			len += PAD8(a->size);
		} else if (a->kind == SHIM_MSG) {
			len += 16;
			if (!a->recv) {
				if (iov_total(a->msg) > SHIM_MAX_BUF)
					return 0;
				len += PAD8(a->msg->msg_namelen) + PAD8(iov_total(a->msg)) +
				       PAD8(a->msg->msg_controllen);
			}
		}
	}
	return len;
}

static void put_msg(char **p, const struct shim_arg *a)
{
	struct msghdr *m = a->msg;
	size_t dl = a->recv ? msg_data_len(a) : iov_total(m);
	size_t k;

	put32(p, m->msg_name ? m->msg_namelen : 0);
	put32(p, (uint32_t)dl);
	put32(p, m->msg_control ? (uint32_t)m->msg_controllen : 0);
	put32(p, (uint32_t)a->recv);
	if (a->recv)
		return;
	put(p, m->msg_name, m->msg_name ? m->msg_namelen : 0);
	for (k = 0; k < m->msg_iovlen; k++) {
		memcpy(*p, m->msg_iov[k].iov_base, m->msg_iov[k].iov_len);
		*p += m->msg_iov[k].iov_len;
	}
	memset(*p, 0, PAD8(dl) - dl);
	*p += PAD8(dl) - dl;
	put(p, m->msg_control, m->msg_control ? m->msg_controllen : 0);
}

static void build_request(char *req, size_t len, long nr, uint32_t id, const struct shim_arg *args, int nargs)
{
	char *p = req;
	int i;

	put32(&p, (uint32_t)len);
	put32(&p, (uint32_t)nr);
	put32(&p, (uint32_t)nargs);
	put32(&p, id);
	for (i = 0; i < nargs; i++) {
		put32(&p, args[i].kind);
		put32(&p, args[i].size);
		memcpy(p, &args[i].value, 8);
		p += 8;
	}
	for (i = 0; i < nargs; i++) {
		const struct shim_arg *a = &args[i];

		if (a->kind == SHIM_IN || a->kind == SHIM_INOUT || a->kind == SHIM_FPROG)
			put(&p, a->buf, a->size);
		else if (a->kind == SHIM_MSG)
			put_msg(&p, a);
	}
}

/* Copies a receive's name, control and data out of q; returns the bytes used. */
static size_t take_msg(struct shim_arg *a, const char *q, int64_t result)
{
	struct msghdr *m = a->msg;
	uint32_t nl, cl, fl;
	uint32_t nin = m->msg_name ? m->msg_namelen : 0;
	uint32_t cin = m->msg_control ? (uint32_t)m->msg_controllen : 0;
	size_t dl = msg_data_len(a);

	memcpy(&nl, q, 4);
	memcpy(&cl, q + 4, 4);
	memcpy(&fl, q + 8, 4);
	if (nin)
		memcpy(m->msg_name, q + 16, nin);
	if (cin)
		memcpy(m->msg_control, q + 16 + PAD8(nin), cin);
	if (result > 0)
		scatter(m, q + 16 + PAD8(nin) + PAD8(cin), (size_t)result < dl ? (size_t)result : dl);
	m->msg_namelen = nl;
	m->msg_controllen = cl;
	m->msg_flags = (int)fl;
	return 16 + PAD8(nin) + PAD8(cin) + PAD8(dl);
}

/*
 * Copies what the kernel wrote out of a reply frame into the tool's
 * buffers; the call's result, and in *sig the signal it brings.
 */
static long take_reply(const char *frame, struct shim_arg *args, int nargs, int *sig)
{
	uint32_t rlen, signal;
	int64_t result, now;
	const char *q = frame + REPLY_HEAD;
	size_t body;
	int i;

	memcpy(&rlen, frame, 4);
	memcpy(&result, frame + 8, 8);
	memcpy(&now, frame + 16, 8);
	memcpy(&signal, frame + 24, 4);
	*sig = (int)signal;
	shim_set_now(now);
	body = rlen - REPLY_HEAD;
	for (i = 0; i < nargs; i++) {
		struct shim_arg *a = &args[i];

		if (a->kind == SHIM_OUT || a->kind == SHIM_INOUT) {
			if ((size_t)(q - frame) - REPLY_HEAD + PAD8(a->size) > body)
				shim_die("short reply from the simulator");
			memcpy(a->buf, q, a->size);
			q += PAD8(a->size);
		} else if (a->kind == SHIM_OUTR) {
			size_t n = result > 0 ? ((uint64_t)result < a->size ? (size_t)result : a->size) : 0;

			if ((size_t)(q - frame) - REPLY_HEAD + PAD8(n) > body)
				shim_die("short reply from the simulator");
			memcpy(a->buf, q, n);
			q += PAD8(n);
		} else if (a->kind == SHIM_MSG && a->recv) {
			size_t n = 16 + PAD8(a->msg->msg_name ? a->msg->msg_namelen : 0) +
				   PAD8(a->msg->msg_control ? a->msg->msg_controllen : 0) + PAD8(msg_data_len(a));

			if ((size_t)(q - frame) - REPLY_HEAD + n > body)
				shim_die("short reply from the simulator");
			q += take_msg(a, q, result);
		}
	}
	return (long)result;
}

/*
 * Tells the simulator it has something to do, as it asked (channel-shm.h):
 * a futex wake if it sleeps on one, a doorbell byte if it is back in its
 * event loop, nothing if it is busy or spinning.
 */
static void notify_sim(void)
{
	uint32_t state = __atomic_exchange_n(&shm->sim_state, CHAN_SIM_BUSY, __ATOMIC_SEQ_CST);
	char bell = 0;

	if (state == CHAN_SIM_FUTEX)
		shim_host(SYS_futex, (long)&shm->sim_state, FUTEX_WAKE, 1, 0, 0, 0);
	else if (state == CHAN_SIM_ASYNC)
		write_all(&bell, 1);
}

/*
 * Waits while *word is val: spins a while, then sleeps once on it (a
 * shared futex: the simulator wakes it).  The caller looks again,
 * whatever the reason it returned.
 */
static void wait_word(uint32_t *word, uint32_t val)
{
	unsigned int i;

	for (i = 0; i < spin_pauses; i++) {
		if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != val)
			return;
		__builtin_ia32_pause();
	}
	__atomic_add_fetch(&shm->shim_waiters, 1, __ATOMIC_SEQ_CST);
	/* EAGAIN (changed already) and EINTR: the caller looks again. */
	if (__atomic_load_n(word, __ATOMIC_SEQ_CST) == val)
		shim_host(SYS_futex, (long)word, FUTEX_WAIT, val, 0, 0, 0);
	__atomic_sub_fetch(&shm->shim_waiters, 1, __ATOMIC_SEQ_CST);
}

/*
 * Takes the next reply, once the simulator has posted one.  NULL if
 * there was none yet when a wait ended (a signal, or a wake for another
 * change): the caller looks at its state again and comes back.
 */
static char *read_frame(void)
{
	uint32_t taken = __atomic_load_n(&shm->rep_done, __ATOMIC_SEQ_CST);
	uint32_t len;
	char *frame;

	if (__atomic_load_n(&shm->rep_seq, __ATOMIC_SEQ_CST) == taken) {
		wait_word(&shm->rep_seq, taken);
		if (__atomic_load_n(&shm->rep_seq, __ATOMIC_SEQ_CST) == taken)
			return NULL;
	}
	memcpy(&len, rep_area, 4);
	if (len < REPLY_HEAD || len > CHAN_REP_MAX || len % 8)
		shim_die("bad reply from the simulator");
	frame = malloc(len);
	if (!frame)
		shim_die("out of memory reading a reply");
	memcpy(frame, rep_area, len);
	__atomic_store_n(&shm->rep_done, taken + 1, __ATOMIC_SEQ_CST);
	/* A reply held back for the area: the simulator may post it now. */
	if (__atomic_load_n(&shm->sim_wants_ack, __ATOMIC_SEQ_CST))
		notify_sim();
	return frame;
}

static void wake_waiter(struct waiter *w)
{
	__atomic_add_fetch(&w->wake, 1, __ATOMIC_RELEASE);
	futex_wake(&w->wake, 1);
}

/* Under wait_lock: hands a reply to the call it answers; `own` is the reader's. */
static void deliver(char *frame, struct waiter *own)
{
	struct waiter *w;
	uint32_t id;

	memcpy(&id, frame + 4, 4);
	for (w = waiting; w; w = w->next)
		if (w->id == id && !w->reply)
			break;
	if (!w)
		shim_die("a reply from the simulator for a thread that waits for none");
	w->reply = frame;
	/* The reader's own reply, the usual case, needs no wake (a system call): it looks as soon as this returns. */
	if (w != own)
		wake_waiter(w);
}

/* Under wait_lock: the reader role is free; a call of another thread takes it up. */
static void offer_reader_role(void)
{
	struct waiter *w;

	for (w = waiting; w; w = w->next) {
		if (!w->reply) {
			wake_waiter(w);
			return;
		}
	}
}

/* Under wait_lock, which it lets go while it sleeps: waits for a reply or the reader role. */
static void follow(struct waiter *w)
{
	int seen = w->wake;

	shim_unlock(&wait_lock);
	futex_wait(&w->wake, seen);
	shim_lock(&wait_lock);
}

/*
 * Waits for w's reply: as the reader, reading replies and handing them
 * out until its own is among them, or as a follower, until the reader
 * hands it its reply or the role.
 */
static void await_reply(struct waiter *w)
{
	char *frame;

	shim_lock(&wait_lock);
	while (!w->reply) {
		if (reader && reader != &self) {
			follow(w);
			continue;
		}
		reader = &self;
		shim_unlock(&wait_lock);
		frame = read_frame();
		shim_lock(&wait_lock);
		if (frame)
			deliver(frame, w);
	}
	if (reader == &self) {
		reader = NULL;
		offer_reader_role();
	}
	shim_unlock(&wait_lock);
}

static void enlist(struct waiter *w)
{
	shim_lock(&wait_lock);
	w->next = waiting;
	waiting = w;
	shim_unlock(&wait_lock);
}

static void delist(struct waiter *w)
{
	struct waiter **p;

	shim_lock(&wait_lock);
	for (p = &waiting; *p != w; p = &(*p)->next)
		;
	*p = w->next;
	shim_unlock(&wait_lock);
}

/*
 * Writes a request into its area once the simulator has taken the one
 * before, and tells it.  -EMSGSIZE if it cannot fit (the simulator would
 * refuse it anyway).
 */
static long post_request(long nr, uint32_t id, const struct shim_arg *args, int nargs)
{
	size_t len = request_len(args, nargs);
	uint32_t seq;

	if (!len || len > CHAN_REQ_MAX)
		return -EMSGSIZE;
	shim_lock(&write_lock);
	seq = __atomic_load_n(&shm->req_seq, __ATOMIC_SEQ_CST);
	for (;;) {
		/* Read once: a wait on a second read could miss the one change it waits for. */
		uint32_t done = __atomic_load_n(&shm->req_done, __ATOMIC_SEQ_CST);

		if (done == seq)
			break;
		wait_word(&shm->req_done, done);
	}
	build_request(req_area, len, nr, id, args, nargs);
	__atomic_store_n(&shm->req_seq, seq + 1, __ATOMIC_SEQ_CST);
	notify_sim();
	shim_unlock(&write_lock);
	return 0;
}

/*
 * A request on the channel, and its reply if it gets one: the call's
 * result or -errno.  A reply may bring a signal: it is raised once the
 * thread is out of the channel code, and the call then ends or is made
 * again as the handler says (signals.c).
 */
static long exchange(long nr, struct shim_arg *args, int nargs, int replied)
{
	struct waiter w = { .thread = &self };
	long r;
	int was, sig;

	for (;;) {
		sig = 0;
		was = shim_crit_enter();
		ensure_channel();
		w.id = call_id();
		w.reply = NULL;
		/* Listed before it is sent: whoever reads its reply must find it. */
		if (replied)
			enlist(&w);
		r = post_request(nr, w.id, args, nargs);
		if (replied && r == 0) {
			await_reply(&w);
			r = take_reply(w.reply, args, nargs, &sig);
			free(w.reply);
		}
		if (replied)
			delist(&w);
		shim_crit_leave(was);
		if (!sig || !shim_signal_restarts(&r, shim_signal_deliver(sig)))
			return r;
	}
}

long shim_call(long nr, struct shim_arg *args, int nargs)
{
	return exchange(nr, args, nargs, 1);
}

void shim_notify(long nr, struct shim_arg *args, int nargs)
{
	exchange(nr, args, nargs, 0);
}
