/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _ASM_LIB_DELAY_H
#define _ASM_LIB_DELAY_H

/*
 * Virtual time stands still inside one entry into the kernel, so a busy
 * wait could never end: delays return at once.  Code that must wait for
 * time to pass sleeps and lets the host advance the clock.
 */
static inline void __delay(unsigned long loops) { }
static inline void udelay(unsigned long usecs) { }
static inline void ndelay(unsigned long nsecs) { }
#define udelay udelay
#define ndelay ndelay

#endif
