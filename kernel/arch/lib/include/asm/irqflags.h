/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _ASM_LIB_IRQFLAGS_H
#define _ASM_LIB_IRQFLAGS_H

/*
 * Interrupts never arrive asynchronously: the host delivers timer expiries
 * and frames only when the kernel is idle.  The flag is still kept so that
 * irqs_disabled() and lockdep-style assertions tell the truth.
 */
#define ARCH_IRQ_ENABLED	1UL
#define ARCH_IRQ_DISABLED	0UL

#ifndef __ASSEMBLY__
extern unsigned long lib_irq_flags;

static inline unsigned long arch_local_save_flags(void)
{
	return lib_irq_flags;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	lib_irq_flags = flags;
}
#endif

#include <asm-generic/irqflags.h>

#endif
