// SPDX-License-Identifier: GPL-2.0-only
/*
 * The channel to the simulator: one request at a time, each answered
 * before the tool goes on.  A request is "run system call nr of the
 * node's kernel with these arguments"; the reply carries the result and
 * every buffer the kernel may have written.  Layout (host byte order):
 *
 *   request  u32 len, u32 nr, u32 nargs, u32 0,
 *            per argument u32 kind, u32 size, i64 value,
 *            then per IN/INOUT argument its bytes, per FPROG argument
 *            its filter's instructions, per MSG argument
 *            u32 namelen, datalen, controllen, recv, and for a send its
 *            name, data and control bytes; every byte run padded to 8.
 *   reply    u32 len, u32 0, i64 result, i64 now (the node's simulated
 *            time, ns, when the call completed: what the tool's clocks read),
 *            per OUT/INOUT argument its bytes, per OUTR argument its
 *            first min(result, size) bytes (none if result < 0) -- a
 *            read of 0 bytes must not overwrite the buffer -- per receiving MSG argument
 *            u32 namelen, controllen, flags, 0, then name, control and
 *            data (the sizes asked for), each padded to 8.
 *
 * The channel is a UNIX stream socket the simulator created; the shim
 * keeps it on a high descriptor the tool cannot close.  A broken channel
 * ends the tool: there is nothing it may fall back to.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "shim.h"

#define PAD8(n) (((n) + 7u) & ~7u)
/* A reply's fixed part: len, 0, result, now. */
#define REPLY_HEAD 24
/* Where the channel is moved to, above what tools open. */
#define CHANNEL_MIN_FD 1000

static int channel = -1;
/* One request at a time on the channel, whatever the tool's threads do. */
static pthread_mutex_t channel_lock = PTHREAD_MUTEX_INITIALIZER;

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

/*
 * Sets the channel up: from the constructor, or from the first forwarded
 * call if that comes earlier -- constructors of the tool's libraries run
 * before ours (libselinux's statfs()es /sys/fs/selinux in ss).
 */
static void channel_init(void)
{
	const char *s = getenv("LIBSIM_SHIM_FD");
	long fd, flags;
	char *end;

	if (!s)
		shim_die("LIBSIM_SHIM_FD is not set: run tools through libsim");
	fd = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || fd < 0)
		shim_die("no channel to the simulator (LIBSIM_SHIM_FD)");
	channel = (int)shim_host(SYS_fcntl, fd, F_DUPFD_CLOEXEC, CHANNEL_MIN_FD, 0, 0, 0);
	if (channel < 0)
		shim_die("the channel to the simulator is not open");
	shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
	/*
	 * libuv may hand the child its end non-blocking: a read before the
	 * reply is there would then fail with EAGAIN.  The shim waits.
	 */
	flags = shim_host(SYS_fcntl, channel, F_GETFL, 0, 0, 0, 0);
	if (flags < 0 || shim_host(SYS_fcntl, channel, F_SETFL, flags & ~O_NONBLOCK, 0, 0, 0) < 0)
		shim_die("cannot make the channel to the simulator blocking");
	/* A program this one executes must not take some other fd for it. */
	setenv("LIBSIM_SHIM_FD", "-1", 1);
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
	pthread_mutex_lock(&channel_lock);
	if (channel < 0)
		channel_init();
	pthread_mutex_unlock(&channel_lock);
	close_preload_fd();
	/* Read before the tool's code runs: it could change its environment. */
	shim_node_dir();
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

static void read_all(char *buf, size_t len)
{
	while (len) {
		long n = shim_host(SYS_read, channel, (long)buf, (long)len, 0, 0, 0);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == 0)
			shim_die("channel to the simulator closed");
		if (n < 0)
			shim_die("cannot read from the channel to the simulator");
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

static long call_locked(long nr, struct shim_arg *args, int nargs);

long shim_call(long nr, struct shim_arg *args, int nargs)
{
	long r;

	pthread_mutex_lock(&channel_lock);
	if (channel < 0)
		channel_init();
	r = call_locked(nr, args, nargs);
	pthread_mutex_unlock(&channel_lock);
	return r;
}

static long call_locked(long nr, struct shim_arg *args, int nargs)
{
	size_t len = 16 + 16 * (size_t)nargs;
	char *req, *p, *rep, *q;
	uint32_t rlen;
	int64_t result, now;
	char head[REPLY_HEAD];
	int i;

	for (i = 0; i < nargs; i++) {
		struct shim_arg *a = &args[i];

		if (a->kind == SHIM_IN || a->kind == SHIM_INOUT || a->kind == SHIM_FPROG) {
			len += PAD8(a->size);
		} else if (a->kind == SHIM_MSG) {
			len += 16;
			if (!a->recv) {
				if (iov_total(a->msg) > SHIM_MAX_BUF)
					return -EMSGSIZE;
				len += PAD8(a->msg->msg_namelen) + PAD8(iov_total(a->msg)) +
				       PAD8(a->msg->msg_controllen);
			}
		}
	}
	req = malloc(len);
	if (!req)
		return -ENOMEM;
	p = req;
	put32(&p, (uint32_t)len);
	put32(&p, (uint32_t)nr);
	put32(&p, (uint32_t)nargs);
	put32(&p, 0);
	for (i = 0; i < nargs; i++) {
		put32(&p, args[i].kind);
		put32(&p, args[i].size);
		memcpy(p, &args[i].value, 8);
		p += 8;
	}
	for (i = 0; i < nargs; i++) {
		struct shim_arg *a = &args[i];

		if (a->kind == SHIM_IN || a->kind == SHIM_INOUT || a->kind == SHIM_FPROG) {
			put(&p, a->buf, a->size);
		} else if (a->kind == SHIM_MSG) {
			struct msghdr *m = a->msg;
			size_t dl = a->recv ? msg_data_len(a) : iov_total(m);

			put32(&p, m->msg_name ? m->msg_namelen : 0);
			put32(&p, (uint32_t)dl);
			put32(&p, m->msg_control ? (uint32_t)m->msg_controllen : 0);
			put32(&p, (uint32_t)a->recv);
			if (!a->recv) {
				size_t k;

				put(&p, m->msg_name, m->msg_name ? m->msg_namelen : 0);
				for (k = 0; k < m->msg_iovlen; k++) {
					memcpy(p, m->msg_iov[k].iov_base, m->msg_iov[k].iov_len);
					p += m->msg_iov[k].iov_len;
				}
				memset(p, 0, PAD8(dl) - dl);
				p += PAD8(dl) - dl;
				put(&p, m->msg_control, m->msg_control ? m->msg_controllen : 0);
			}
		}
	}
	write_all(req, len);
	free(req);

	read_all(head, sizeof(head));
	memcpy(&rlen, head, 4);
	memcpy(&result, head + 8, 8);
	memcpy(&now, head + 16, 8);
	if (rlen < REPLY_HEAD)
		shim_die("bad reply from the simulator");
	shim_set_now(now);
	rep = malloc(rlen - REPLY_HEAD + 1);
	if (!rep)
		shim_die("out of memory reading a reply");
	read_all(rep, rlen - REPLY_HEAD);
	q = rep;
	for (i = 0; i < nargs; i++) {
		struct shim_arg *a = &args[i];

		if (a->kind == SHIM_OUT || a->kind == SHIM_INOUT) {
			memcpy(a->buf, q, a->size);
			q += PAD8(a->size);
		} else if (a->kind == SHIM_OUTR) {
			size_t n = result > 0 ? ((uint64_t)result < a->size ? (size_t)result : a->size) : 0;

			memcpy(a->buf, q, n);
			q += PAD8(n);
		} else if (a->kind == SHIM_MSG && a->recv) {
			struct msghdr *m = a->msg;
			uint32_t nl, cl, fl;
			uint32_t nin = m->msg_name ? m->msg_namelen : 0;
			uint32_t cin = m->msg_control ? (uint32_t)m->msg_controllen : 0;
			size_t dl = msg_data_len(a);

			memcpy(&nl, q, 4);
			memcpy(&cl, q + 4, 4);
			memcpy(&fl, q + 8, 4);
			q += 16;
			if (nin)
				memcpy(m->msg_name, q, nin);
			q += PAD8(nin);
			if (cin)
				memcpy(m->msg_control, q, cin);
			q += PAD8(cin);
			if (result > 0)
				scatter(m, q, (size_t)result < dl ? (size_t)result : dl);
			q += PAD8(dl);
			m->msg_namelen = nl;
			m->msg_controllen = cl;
			m->msg_flags = (int)fl;
		}
		if ((size_t)(q - rep) > rlen - REPLY_HEAD)
			shim_die("short reply from the simulator");
	}
	free(rep);
	return (long)result;
}
