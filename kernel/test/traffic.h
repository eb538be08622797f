/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * traffic.h - traffic between wired copies through their sockets: ICMP
 * echo on ping sockets and a checked TCP stream.  Waiting runs the whole
 * network (see wire.h), so the far copy answers meanwhile.
 */
#ifndef LIBLINUX_TEST_TRAFFIC_H
#define LIBLINUX_TEST_TRAFFIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "instance.h"

#define PING_PAYLOAD	56

struct ping_result {
	long ret;		/* 1: an answer, 0: none in time, or -errno */
	const char *call;	/* the call that failed, with ret < 0 */
	int type, code;		/* of the answer */
	uint16_t seq;
	long len;		/* of the answer, ICMP header included */
	bool payload_ok;	/* it echoes our payload */
	uint64_t rtt_ns;	/* virtual time from sendto to the answer */
};

/*
 * One echo request from a new ping socket of `task` to ip (either
 * family), with TTL or hop limit `ttl` (0: the default), waiting up to
 * timeout_ns for the answer.
 */
void traffic_ping(struct lib_instance *in, int task, const char *ip, int ttl,
		  uint16_t seq, uint64_t timeout_ns, struct ping_result *res);

struct stream {
	size_t bytes;		/* to send */
	size_t chunk;		/* bytes per write, 0: 64 KiB */
	int port;		/* the listener's */
	uint32_t pattern;	/* seed of the bytes */
	/* Results. */
	long src_port;		/* the connecting socket's ephemeral port */
	uint64_t connect_ns;	/* virtual time connect() took */
	uint64_t xfer_ns;	/* from the first write to the last byte read */
	unsigned int writes, reads, blocked;
};

/*
 * A listener on ip:port in copy b, a connect from copy a, then st->bytes
 * from a to b, each byte compared, and the close seen as end of stream.
 * Fatal on any failure: every one of them is the kernels' fault.
 */
void traffic_stream(struct lib_instance *a, struct lib_instance *b,
		    const char *ip, struct stream *st);

#endif /* LIBLINUX_TEST_TRAFFIC_H */
