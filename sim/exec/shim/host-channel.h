/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulator's end of the shared channel (host-channel.c): what
 * sim/exec/shared-channel.ts binds and test-channel.c checks.
 */
#ifndef LIBSIM_HOST_CHANNEL_H
#define LIBSIM_HOST_CHANNEL_H

#include <stdint.h>

int chan_create(void);
void *chan_map(int fd);
void chan_unmap(void *m);
uint32_t chan_layout(int which);
void chan_wake(void *m, int which);
int chan_wait(void *m, uint32_t spin_ns, uint32_t wait_us);
int chan_sleep(void *m);

#endif
