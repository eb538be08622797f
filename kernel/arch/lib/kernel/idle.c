// SPDX-License-Identifier: GPL-2.0-only
/*
 * The idle loop is where the kernel hands control back to the host, and
 * where the host's events (timer expiries, requests) come in as
 * interrupts would on real hardware.
 */
#include <linux/sched.h>
#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <asm/irq_regs.h>
#include "lib.h"

/* Interrupts start disabled, as start_kernel() expects. */
unsigned long lib_irq_flags = ARCH_IRQ_DISABLED;

/*
 * What random.c and the tick code read as the interrupted context: the
 * same for every interrupt, so nothing run-specific (like a host code
 * address) leaks into the kernel's entropy.
 */
static struct pt_regs irq_regs;
static struct pt_regs *saved_regs;

static void interrupt_enter(void)
{
	saved_regs = set_irq_regs(&irq_regs);
	irq_enter();
}

static void interrupt_exit(void)
{
	irq_exit();
	set_irq_regs(saved_regs);
}

/*
 * Entered with interrupts disabled; must return with them enabled.  Like
 * a CPU woken from halt, it returns after any event, so that the idle
 * loop re-evaluates: runs what became runnable, or stops the tick again
 * with the next timer as the deadline.
 */
void arch_cpu_idle(void)
{
	void (*work)(void *arg);
	struct task_struct *t;
	void *arg;

	for (;;) {
		bool has_work = lib_take_irq_work(&work, &arg);

		t = lib_take_wakeup();
		if (t || has_work || lib_timer_due() || lib_netdev_tx_handed()) {
			/*
			 * Host events arrive as an interrupt, so the tick code
			 * brings jiffies up to date and re-plans the tick.
			 */
			interrupt_enter();
			lib_netdev_tx_complete();
			if (lib_timer_due())
				lib_timer_fire();
			if (has_work)
				work(arg);
			if (t)
				wake_up_process(t);
			interrupt_exit();
			break;
		}
		if (need_resched())
			break;
		lib_leave();
	}
	raw_local_irq_enable();
}
