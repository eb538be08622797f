/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory a program's shim shares with the simulator: a request area
 * (one request at a time, written by the shim), a reply area (one reply
 * at a time, written by the simulator), and the words that hand them
 * over.  Frames are those channel.c describes.  The simulator creates it
 * (host-channel.c, a sealed memfd the program gets on LIBSIM_SHM_FD);
 * both ends map it.
 *
 * Why not the socket alone: a request and its reply through a UNIX socket
 * and Node's event loop cost ~90 us, and a program like iperf3 makes
 * hundreds of thousands of calls.  Here a call that the kernel answers at
 * once is a store, a spin on the other side and a copy, with no system
 * call when both ends are awake (issue 19: <= 5 us per call).
 *
 * A side that has nothing to do spins a short while (on a machine with
 * more than one CPU), then sleeps on a futex; the simulator, when it goes
 * back to its event loop instead, asks for a byte on the channel socket
 * (the doorbell) and the shim writes one when it next posts something.
 * sim_state says which the simulator does; whoever changes a word the
 * simulator may wait for swaps it to BUSY and wakes it as it says.  The
 * shim counts its threads asleep in shim_waiters, and the simulator wakes
 * them after a change only if there are any.
 *
 * Nothing the program writes here is trusted: a hostile program can
 * scribble on every word and byte, and the simulator checks lengths,
 * bounds its waits, and cannot be made to read past the mapping (the
 * memfd is sealed against shrinking).
 */
#ifndef LIBSIM_CHANNEL_SHM_H
#define LIBSIM_CHANNEL_SHM_H

#include <stdint.h>

struct chan_words {
	uint32_t req_seq;	/* requests posted (shim) */
	uint32_t req_done;	/* requests taken (simulator) */
	uint32_t rep_seq;	/* replies posted (simulator) */
	uint32_t rep_done;	/* replies taken (shim) */
	uint32_t sim_state;	/* CHAN_SIM_*: how the simulator waits */
	uint32_t shim_waiters;	/* shim threads asleep on req_done or rep_seq */
	uint32_t sim_wants_ack;	/* the simulator has a reply waiting for the area */
};

enum {
	CHAN_SIM_BUSY = 0,	/* running, or spinning: sees changes by itself */
	CHAN_SIM_FUTEX = 1,	/* asleep on sim_state */
	CHAN_SIM_ASYNC = 2,	/* back in its event loop: write a doorbell byte */
};

/* The areas, from the start of the mapping; requests and replies as channel.c lays them out. */
#define CHAN_REQ_OFF 4096u
#define CHAN_REQ_MAX (4u << 20)
#define CHAN_REP_OFF (CHAN_REQ_OFF + CHAN_REQ_MAX)
#define CHAN_REP_MAX (32u << 20)
#define CHAN_SIZE (CHAN_REP_OFF + CHAN_REP_MAX)

#endif
