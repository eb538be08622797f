// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ping and TCP stream helpers for wired copies.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "net.h"
#include "traffic.h"

static void ping_failed(struct ping_result *res, const char *call, long ret)
{
	res->ret = ret < 0 ? ret : -EIO;
	res->call = call;
}

void traffic_ping(struct lib_instance *in, int task, const char *ip, int ttl,
		  uint16_t seq, uint64_t timeout_ns, struct ping_result *res)
{
	uint8_t req[8 + PING_PAYLOAD], ans[2048];
	struct timespec ts = {
		.tv_sec = timeout_ns / NS_PER_SEC,
		.tv_nsec = timeout_ns % NS_PER_SEC,
	};
	struct net_addr to;
	struct pollfd pfd;
	uint64_t t0;
	long fd, n;
	bool v6;

	memset(res, 0, sizeof(*res));
	net_addr(&to, ip, 0);
	v6 = net_family(&to) == AF_INET6;
	fd = SYS(in, task, LIB_SYS_socket, net_family(&to), SOCK_DGRAM,
		 v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
	if (fd < 0) {
		ping_failed(res, "socket", fd);
		return;
	}
	if (ttl) {
		n = SYS(in, task, LIB_SYS_setsockopt, fd,
			v6 ? IPPROTO_IPV6 : IPPROTO_IP,
			v6 ? IPV6_UNICAST_HOPS : IP_TTL, P(&ttl), sizeof(ttl));
		if (n) {
			ping_failed(res, "setsockopt(TTL)", n);
			goto out;
		}
	}
	/* Type, code, checksum and id are the kernel's to fill in. */
	memset(req, 0, 8);
	req[0] = v6 ? 128 : 8;
	req[6] = seq >> 8;
	req[7] = seq;
	net_pattern(req + 8, PING_PAYLOAD, seq + 1);
	t0 = inst_now(in);
	n = SYS(in, task, LIB_SYS_sendto, fd, P(req), sizeof(req), 0,
		P(&to.sa), to.len);
	if (n != sizeof(req)) {
		ping_failed(res, "sendto", n);
		goto out;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	n = SYS(in, task, LIB_SYS_ppoll, P(&pfd), 1, P(&ts), 0, 0);
	if (n <= 0) {
		if (n)
			ping_failed(res, "ppoll", n);
		goto out;
	}
	res->rtt_ns = inst_now(in) - t0;
	n = SYS(in, task, LIB_SYS_recvfrom, fd, P(ans), sizeof(ans),
		MSG_DONTWAIT, 0, 0);
	if (n < 8) {
		ping_failed(res, "recvfrom", n);
		goto out;
	}
	res->ret = 1;
	res->len = n;
	res->type = ans[0];
	res->code = ans[1];
	res->seq = ans[6] << 8 | ans[7];
	res->payload_ok = n == sizeof(req) &&
			  !memcmp(ans + 8, req + 8, PING_PAYLOAD);
out:
	SYS(in, task, LIB_SYS_close, fd);
}

/* One end of the stream: a task moving bytes through fd. */
struct side {
	struct lib_instance *in;
	int task;
	long fd;
	long nr;		/* LIB_SYS_write or LIB_SYS_read */
	size_t off;
	bool pending;
	unsigned char *buf;	/* the writer's data, the reader's chunk */
};

/* A call of `s` returned `result`: account for it; true on progress. */
static bool side_done(struct side *s, long result, const unsigned char *want,
		      size_t len)
{
	const char *what = s->nr == LIB_SYS_write ? "write" : "read";
	size_t i;

	if (result <= 0 || (size_t)result > len)
		inst_fatal("stream: %s at offset %zu = %ld", what, s->off,
			   result);
	if (s->nr == LIB_SYS_read) {
		for (i = 0; i < (size_t)result && s->buf[i] == want[i]; i++)
			;
		if (i < (size_t)result)
			inst_fatal("stream: byte %zu received is 0x%02x, sent 0x%02x",
				   s->off + i, s->buf[i], want[i]);
	}
	s->off += result;
	return true;
}

static size_t side_len(const struct side *s, const struct stream *st)
{
	size_t left = st->bytes - s->off;

	return left < st->chunk ? left : st->chunk;
}

/* Submits the next call of `s` if none is in flight; true on progress. */
static bool side_submit(struct side *s, struct stream *st,
			const unsigned char *data)
{
	size_t len = side_len(s, st);
	long args[6] = { 0 }, result = 0;
	int ret;

	if (s->pending || s->off == st->bytes)
		return false;
	args[0] = s->fd;
	args[1] = P(s->nr == LIB_SYS_write ? s->buf + s->off : s->buf);
	args[2] = len;
	if (s->nr == LIB_SYS_write)
		st->writes++;
	else
		st->reads++;
	ret = inst_submit(s->in, s->task, s->nr, args, &result);
	if (ret == LIB_PENDING) {
		s->pending = true;
		st->blocked++;
		return false;
	}
	if (ret != LIB_DONE)
		inst_fatal("stream: lib_syscall(%ld) = %d", s->nr, ret);
	return side_done(s, result, data + s->off, len);
}

static bool side_reap(struct side *s, struct stream *st,
		      const unsigned char *data)
{
	long result;

	if (!s->pending || !inst_take(s->in, s->task, &result))
		return false;
	s->pending = false;
	return side_done(s, result, data + s->off, side_len(s, st));
}

static void transfer(struct side *w, struct side *r, struct stream *st)
{
	unsigned long steps, max = 100000 + st->bytes / 64;
	uint64_t since = inst_now(w->in), t0 = since;

	for (steps = 0; r->off < st->bytes; steps++) {
		bool progress;

		if (steps == max)
			inst_fatal("stream: stuck at %zu sent, %zu received of %zu after %lu events",
				   w->off, r->off, st->bytes, steps);
		/* The reader first, so that it blocks before data exists. */
		progress = side_submit(r, st, w->buf);
		progress |= side_submit(w, st, w->buf);
		progress |= side_reap(w, st, w->buf);
		progress |= side_reap(r, st, w->buf);
		if (progress)
			since = inst_now(w->in);
		else if (r->off < st->bytes)
			inst_step(w->in, since);
	}
	if (w->off != st->bytes || w->pending)
		inst_fatal("stream: all %zu bytes arrived, but the writer sent %zu",
			   st->bytes, w->off);
	st->xfer_ns = inst_now(r->in) - t0;
}

void traffic_stream(struct lib_instance *a, struct lib_instance *b,
		    const char *ip, struct stream *st)
{
	struct side w = { .in = a, .nr = LIB_SYS_write };
	struct side r = { .in = b, .nr = LIB_SYS_read };
	long lfd, ret, args[6] = { 0 }, result;
	struct net_addr addr;
	uint64_t t0;

	if (!st->chunk)
		st->chunk = 64 << 10;
	net_addr(&addr, ip, st->port);
	r.task = inst_task(b, 0);
	w.task = inst_task(a, 0);
	lfd = SYS(b, r.task, LIB_SYS_socket, net_family(&addr), SOCK_STREAM,
		  0);
	if (lfd < 0 || SYS(b, r.task, LIB_SYS_bind, lfd, P(&addr.sa),
			   addr.len) ||
	    SYS(b, r.task, LIB_SYS_listen, lfd, 4))
		inst_fatal("stream: listener on %s:%d failed (%ld)", ip,
			   st->port, lfd);
	args[0] = lfd;
	if (inst_submit(b, r.task, LIB_SYS_accept, args, &result) !=
	    LIB_PENDING)
		inst_fatal("stream: accept without a connection: %ld", result);

	w.fd = SYS(a, w.task, LIB_SYS_socket, net_family(&addr), SOCK_STREAM,
		   0);
	if (w.fd < 0)
		inst_fatal("stream: socket = %ld", w.fd);
	t0 = inst_now(a);
	ret = SYS(a, w.task, LIB_SYS_connect, w.fd, P(&addr.sa), addr.len);
	if (ret)
		inst_fatal("stream: connect to %s:%d = %ld", ip, st->port, ret);
	st->connect_ns = inst_now(a) - t0;
	r.fd = inst_wait(b, r.task);
	if (r.fd < 0)
		inst_fatal("stream: accept = %ld", r.fd);
	st->src_port = net_local_port(a, w.task, w.fd);
	ret = net_peer_port(b, r.task, r.fd);
	if (st->src_port <= 0 || ret != st->src_port)
		inst_fatal("stream: connected from port %ld, accepted from %ld",
			   st->src_port, ret);

	w.buf = malloc(st->bytes ? st->bytes : 1);
	r.buf = malloc(st->chunk);
	if (!w.buf || !r.buf)
		inst_fatal("stream: out of memory");
	net_pattern(w.buf, st->bytes, st->pattern);
	transfer(&w, &r, st);

	/* The writer closes: the reader sees the end of the stream. */
	ret = SYS(a, w.task, LIB_SYS_close, w.fd);
	if (ret)
		inst_fatal("stream: close = %ld", ret);
	ret = SYS(b, r.task, LIB_SYS_read, r.fd, P(r.buf), st->chunk);
	if (ret)
		inst_fatal("stream: read after the writer closed = %ld (expected end of stream, 0)",
			   ret);
	SYS(b, r.task, LIB_SYS_close, r.fd);
	SYS(b, r.task, LIB_SYS_close, lfd);
	free(w.buf);
	free(r.buf);
}
