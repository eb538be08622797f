// SPDX-License-Identifier: GPL-2.0-only
/*
 * Determinism: the seed decides every random number, so the same seed and
 * the same inputs at the same times give the same kernel behaviour, here
 * the ephemeral port a TCP connect picks.
 */
#include <errno.h>
#include "net.h"
#include "runner.h"

#define SEEDS	6

/* Boots a copy with `seed` and returns the port its connect() chose. */
static long ephemeral_port(uint64_t seed)
{
	struct lib_instance *in = instance_open(NULL);
	struct net_addr a;
	long lfd, cfd, afd, ret, port;
	int srv, cli;

	if (!in)
		inst_fatal("instance_open: %s", instance_error());
	ret = instance_boot(in, seed, INST_T0);
	if (ret)
		inst_fatal("lib_init = %ld", ret);
	srv = net_task(in);
	cli = inst_task(in, 0);
	net_addr(&a, "127.0.0.1", 7000);
	lfd = SYS(in, srv, LIB_SYS_socket, AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || SYS(in, srv, LIB_SYS_bind, lfd, P(&a.sa), a.len) ||
	    SYS(in, srv, LIB_SYS_listen, lfd, 4))
		inst_fatal("listener setup failed (%ld)", lfd);
	cfd = SYS(in, cli, LIB_SYS_socket, AF_INET, SOCK_STREAM, 0);
	ret = SYS(in, cli, LIB_SYS_connect, cfd, P(&a.sa), a.len);
	if (cfd < 0 || ret)
		inst_fatal("connect: %ld", ret);
	port = net_local_port(in, cli, cfd);
	afd = SYS(in, srv, LIB_SYS_accept, lfd, 0, 0);
	if (afd < 0 || net_peer_port(in, srv, afd) != port)
		inst_fatal("accepted %ld, peer port differs from %ld", afd,
			   port);
	/* Left loaded: copies with one seed run side by side. */
	return port;
}

static int test_same_seed(void)
{
	long a = ephemeral_port(1234), b = ephemeral_port(1234);

	CHECK(a > 0, "port %ld", a);
	CHECK(a == b, "seed 1234 gave ports %ld and %ld", a, b);
	return 0;
}

static int test_different_seeds(void)
{
	long port[SEEDS];
	int i, distinct = 1;

	for (i = 0; i < SEEDS; i++) {
		port[i] = ephemeral_port(0x5eed0000ULL + i * 7919);
		CHECK(port[i] > 0, "port %ld", port[i]);
		if (i && port[i] != port[0])
			distinct++;
	}
	note("ports for %d seeds: %ld %ld %ld %ld %ld %ld", SEEDS, port[0],
	     port[1], port[2], port[3], port[4], port[5]);
	CHECK(distinct > 1, "all %d seeds gave port %ld", SEEDS, port[0]);
	return 0;
}

const struct test determinism_tests[] = {
	{ "determinism-same-seed-same-port", test_same_seed },
	{ "determinism-seeds-vary-port", test_different_seeds },
	{ NULL, NULL },
};
