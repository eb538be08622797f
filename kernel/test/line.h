/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * line.h - two or three copies in a line, 0 -- 1 -- 2, joined by wires
 * and configured only through the kernel's own interfaces: devices from
 * lib_netdev_create, then links, addresses and routes by rtnetlink
 * (rtnl.h), sysctls by /proc/sys and lib_sysctl_set.
 *
 * Wire k joins copy k (".1", "::1") and copy k + 1 (".2", "::2") on
 * 10.0.<k+1>.0/24 and 2001:db8:<k+1>::/64.  With three copies the ends
 * route the far subnet through the middle copy, which forwards if asked.
 * Global IPv6 addresses are added with IFA_F_NODAD; link-local ones go
 * through duplicate address detection, which line_build() waits for.
 */
#ifndef LIBLINUX_TEST_LINE_H
#define LIBLINUX_TEST_LINE_H

#include <stddef.h>
#include <stdint.h>
#include "wire.h"

#define LINE_MAX	3
/* How long IPv6 DAD may take after configuration, and how to poll it. */
#define LINE_SETTLE_MAX		(10 * NS_PER_SEC)
#define LINE_SETTLE_STEP	(100 * NS_PER_MS)
/* The device towards the previous and the next copy. */
#define LINE_LEFT	0
#define LINE_RIGHT	1

struct line_opts {
	int n;			/* copies: 2 or 3 */
	uint64_t seed;		/* copy i boots with seed + i */
	uint64_t delay_ns;	/* of every wire */
	uint64_t rate_bps;	/* of every wire, 0: unlimited */
	unsigned int mtu;	/* of every device, 0: 1500 */
	bool forward;		/* the middle copy forwards IPv4 and IPv6 */
	bool record;		/* keep every frame (struct wire_net.rec) */
	wire_tap_fn *tap;	/* sees every frame, from the first */
	void *tap_ctx;
};

struct line {
	struct wire_net net;
	struct line_opts o;
	struct lib_instance *in[LINE_MAX];
	int task[LINE_MAX];	/* the process that configured copy i */
	int dev[LINE_MAX][2];	/* ifindex by LINE_LEFT/RIGHT, 0: none */
};

/*
 * Boots, wires and configures the copies, then runs the network until no
 * IPv6 address is tentative; fatal if any step fails.
 */
void line_build(struct line *l, const struct line_opts *o);
/* Frees the network and unloads the copies. */
void line_free(struct line *l);

/* Copy i's address (AF_INET or AF_INET6) on its wire towards `side`. */
void line_addr(char *buf, size_t len, int family, int i, int side);
/* Copy i's MAC address on that wire. */
void line_mac(uint8_t mac[6], int i, int side);

#endif /* LIBLINUX_TEST_LINE_H */
