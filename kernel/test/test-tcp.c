// SPDX-License-Identifier: GPL-2.0-only
/*
 * TCP over loopback inside one instance: a blocking accept() waits for a
 * connect() from another process, then 1 MiB crosses from a writer task
 * to a reader task, both blocking, with the host driving time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "net.h"
#include "runner.h"

#define XFER_BYTES	(1 << 20)
#define CHUNK		(64 << 10)

/* One side of the transfer: a task moving bytes through fd. */
struct side {
	int task;
	long fd;
	long nr;		/* LIB_SYS_write or LIB_SYS_read */
	unsigned char *buf;
	size_t off;
	bool pending;
	unsigned int calls, pended;
};

/* Submits the side's next call if it has none in flight; 0 or -1. */
static int side_submit(struct lib_instance *in, struct side *s, size_t total,
		       bool *progress)
{
	size_t len = total - s->off;
	long args[6] = { 0 }, result;
	int ret;

	if (s->pending || s->off == total)
		return 0;
	if (s->nr == LIB_SYS_write && len > CHUNK)
		len = CHUNK;
	args[0] = s->fd;
	args[1] = P(s->buf + s->off);
	args[2] = len;
	s->calls++;
	ret = inst_submit(in, s->task, s->nr, args, &result);
	if (ret == LIB_PENDING) {
		s->pending = true;
		s->pended++;
		return 0;
	}
	CHECK(ret == LIB_DONE, "lib_syscall(%ld) = %d", s->nr, ret);
	CHECK(result > 0 && (size_t)result <= len,
	      "%s at offset %zu = %ld", s->nr == LIB_SYS_write ? "write" : "read",
	      s->off, result);
	s->off += result;
	*progress = true;
	return 0;
}

static int side_reap(struct lib_instance *in, struct side *s, bool *progress)
{
	long result;

	if (!s->pending || !inst_take(in, s->task, &result))
		return 0;
	CHECK(result > 0, "blocked %s at offset %zu completed with %ld",
	      s->nr == LIB_SYS_write ? "write" : "read", s->off, result);
	s->pending = false;
	s->off += result;
	*progress = true;
	return 0;
}

static int transfer(struct lib_instance *in, struct side *w, struct side *r)
{
	uint64_t since = in->now();
	int steps = 0;

	while (w->off < XFER_BYTES || r->off < XFER_BYTES) {
		bool progress = false;

		CHECK(steps++ < INST_MAX_STEPS, "1 MiB stuck at %zu/%zu bytes",
		      w->off, r->off);
		/* The reader goes first, so it blocks before data exists. */
		if (side_submit(in, r, XFER_BYTES, &progress) ||
		    side_submit(in, w, XFER_BYTES, &progress) ||
		    side_reap(in, w, &progress) || side_reap(in, r, &progress))
			return -1;
		if (!progress && (w->pending || r->pending))
			inst_step(in, since);
	}
	return 0;
}

static int accept_and_transfer(const char *ip)
{
	struct lib_instance *in = inst_new(1);
	int srv = net_task(in), cli = inst_task(in, 0);
	struct net_addr a;
	struct side w = { .task = cli, .nr = LIB_SYS_write };
	struct side r = { .task = srv, .nr = LIB_SYS_read };
	long lfd, afd, args[6] = { 0 }, result, n, eof;
	size_t i;

	net_addr(&a, ip, 6000);
	lfd = SYS(in, srv, LIB_SYS_socket, net_family(&a), SOCK_STREAM, 0);
	CHECK(lfd >= 0, "socket = %ld", lfd);
	CHECK_EQ(SYS(in, srv, LIB_SYS_bind, lfd, P(&a.sa), a.len), 0);
	CHECK_EQ(SYS(in, srv, LIB_SYS_listen, lfd, 16), 0);

	/* Nobody is connecting: accept blocks, and stays blocked. */
	args[0] = lfd;
	CHECK_EQ(inst_submit(in, srv, LIB_SYS_accept, args, &result),
		 LIB_PENDING);
	CHECK(!inst_take(in, srv, &result),
	      "completion in the entry that said LIB_PENDING");
	CHECK_EQ(inst_advance(in, in->now() + NS_PER_SEC), 0);
	CHECK(!inst_take(in, srv, &result),
	      "accept completed (%ld) without a connection", result);

	w.fd = SYS(in, cli, LIB_SYS_socket, net_family(&a), SOCK_STREAM, 0);
	CHECK(w.fd >= 0, "socket = %ld", w.fd);
	CHECK_EQ(SYS(in, cli, LIB_SYS_connect, w.fd, P(&a.sa), a.len), 0);
	afd = inst_wait(in, srv);
	CHECK(afd >= 0, "accept = %ld", afd);
	CHECK_EQ(net_peer_port(in, srv, afd), net_local_port(in, cli, w.fd));
	CHECK_EQ(net_peer_port(in, cli, w.fd), 6000);

	w.buf = malloc(XFER_BYTES);
	r.buf = calloc(1, XFER_BYTES);
	CHECK(w.buf && r.buf, "out of memory");
	net_pattern(w.buf, XFER_BYTES, 0xfeed);
	r.fd = afd;
	if (transfer(in, &w, &r))
		return -1;
	for (i = 0; i < XFER_BYTES && r.buf[i] == w.buf[i]; i++)
		;
	CHECK(i == XFER_BYTES, "received bytes differ from offset %zu", i);
	note("%s: %u writes (%u pending), %u reads (%u pending)", ip, w.calls,
	     w.pended, r.calls, r.pended);
	CHECK(r.pended > 0, "no read ever blocked");

	/* The writer closes: the reader sees the end of the stream. */
	CHECK_EQ(SYS(in, cli, LIB_SYS_close, w.fd), 0);
	eof = SYS(in, srv, LIB_SYS_read, afd, P(r.buf), 16);
	CHECK_EQ(eof, 0);
	n = SYS(in, srv, LIB_SYS_close, afd);
	CHECK_EQ(n, 0);
	return 0;
}

static int test_v4(void)
{
	return accept_and_transfer("127.0.0.1");
}

static int test_v6(void)
{
	return accept_and_transfer("::1");
}

static int test_nonblock_accept(void)
{
	struct lib_instance *in = inst_new(1);
	int task = net_task(in);
	struct net_addr a;
	long lfd;

	net_addr(&a, "127.0.0.1", 6001);
	lfd = SYS(in, task, LIB_SYS_socket, AF_INET, SOCK_STREAM | SOCK_NONBLOCK,
		  0);
	CHECK(lfd >= 0, "socket = %ld", lfd);
	CHECK_EQ(SYS(in, task, LIB_SYS_bind, lfd, P(&a.sa), a.len), 0);
	CHECK_EQ(SYS(in, task, LIB_SYS_listen, lfd, 4), 0);
	CHECK_EQ(SYS(in, task, LIB_SYS_accept, lfd, 0, 0), -EAGAIN);
	return 0;
}

/* Nothing listens: the connect is refused by the peer's RST. */
static int test_refused(void)
{
	struct lib_instance *in = inst_new(1);
	int task = net_task(in);
	struct net_addr a;
	long fd;

	net_addr(&a, "127.0.0.1", 6002);
	fd = SYS(in, task, LIB_SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK(fd >= 0, "socket = %ld", fd);
	CHECK_EQ(SYS(in, task, LIB_SYS_connect, fd, P(&a.sa), a.len),
		 -ECONNREFUSED);
	return 0;
}

const struct test tcp_tests[] = {
	{ "tcp-v4-accept-1MiB", test_v4 },
	{ "tcp-v6-accept-1MiB", test_v6 },
	{ "tcp-nonblock-accept-eagain", test_nonblock_accept },
	{ "tcp-connect-refused", test_refused },
	{ NULL, NULL },
};
