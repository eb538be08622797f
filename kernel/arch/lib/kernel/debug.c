// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only entry points (lib_debug): provoke a BUG() or a wild access,
 * arm timers and read the kernel's clocks, so kernel/test can check
 * faults and time.  "lib_debug_fault=<kind>" on the command line makes a
 * wild access during boot.
 */
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/hrtimer.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/timer.h>
#include "lib.h"

/* x86-64's LIST_POISON1: non-canonical, so a use after list_del() is a #GP. */
#define X86_LIST_POISON1	(0xdead000000000000UL + 0x100)

static const char *const fault_names[] = {
	[LIB_FAULT_WRITE]	= "write",
	[LIB_FAULT_POISON]	= "poison",
	[LIB_FAULT_CALL]	= "call",
	[LIB_FAULT_STACK]	= "stack",
	[LIB_FAULT_DIVIDE]	= "divide",
	[LIB_FAULT_ILLEGAL]	= "illegal",
};

/*
 * The bugs a kernel really has, each as its smallest instance.  The
 * pointers are hidden from the compiler, which would otherwise see the
 * undefined behaviour and emit something else.
 */
static void __noreturn wild_access(int kind)
{
	unsigned long *field = (unsigned long *)16;
	struct list_head *entry = (struct list_head *)X86_LIST_POISON1;
	void (*fn)(void) = NULL;

	OPTIMIZER_HIDE_VAR(field);
	OPTIMIZER_HIDE_VAR(entry);
	OPTIMIZER_HIDE_VAR(fn);
	switch (kind) {
	case LIB_FAULT_WRITE:
		WRITE_ONCE(*field, 1);
		break;
	case LIB_FAULT_POISON:
		READ_ONCE(entry->next);
		break;
	case LIB_FAULT_CALL:
		fn();
		break;
	case LIB_FAULT_STACK:
		asm volatile("movq %0, %%rsp\n\tpushq $0" : : "r"(4096UL));
		break;
	case LIB_FAULT_DIVIDE:
		asm volatile("xorl %%ecx, %%ecx\n\tdivl %%ecx"
			     : : : "eax", "ecx", "edx");
		break;
	case LIB_FAULT_ILLEGAL:
		asm volatile("ud2");
		break;
	}
	/* Only a host without a fault handler gets here, if at all. */
	panic("lib_debug: wild access %d did not fault", kind);
}

static int boot_fault = -1;

static int __init boot_fault_setup(char *kind)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(fault_names); i++)
		if (!strcmp(kind, fault_names[i]))
			boot_fault = i;
	if (boot_fault < 0)
		pr_warn("lib_debug_fault=%s: no such kind\n", kind);
	return 1;
}
__setup("lib_debug_fault=", boot_fault_setup);

static int __init boot_fault_run(void)
{
	if (boot_fault >= 0)
		wild_access(boot_fault);
	return 0;
}
late_initcall(boot_fault_run);

static struct timer_list timer;
static u64 timer_fired_at;
static struct hrtimer hrtimer;
static u64 hrtimer_fired_at;

static void on_timer(struct timer_list *t)
{
	timer_fired_at = lib_now_ns;
}

static enum hrtimer_restart on_hrtimer(struct hrtimer *t)
{
	hrtimer_fired_at = lib_now_ns;
	return HRTIMER_NORESTART;
}

long lib_debug_op(int op, u64 arg, u64 *out)
{
	switch (op) {
	case LIB_DEBUG_BUG:
		BUG();
	case LIB_DEBUG_WARN:
		WARN(1, "lib_debug: a warning on request\n");
		return 0;
	case LIB_DEBUG_FAULT:
		if (arg >= ARRAY_SIZE(fault_names))
			return -EINVAL;
		wild_access(arg);
	case LIB_DEBUG_TIMER_ARM:
		timer_fired_at = 0;
		if (timer.function)
			del_timer(&timer);
		timer_setup(&timer, on_timer, 0);
		mod_timer(&timer, (unsigned long)arg);
		return 0;
	case LIB_DEBUG_TIMER_FIRED:
		*out = timer_fired_at;
		return 0;
	case LIB_DEBUG_HRTIMER_ARM:
		hrtimer_fired_at = 0;
		if (hrtimer.function)
			hrtimer_cancel(&hrtimer);
		hrtimer_init(&hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
		hrtimer.function = on_hrtimer;
		hrtimer_start(&hrtimer, ns_to_ktime(arg), HRTIMER_MODE_ABS);
		return 0;
	case LIB_DEBUG_HRTIMER_FIRED:
		*out = hrtimer_fired_at;
		return 0;
	case LIB_DEBUG_JIFFIES:
		*out = get_jiffies_64();
		return 0;
	case LIB_DEBUG_KTIME:
		*out = ktime_get_ns();
		return 0;
	case LIB_DEBUG_JIFFY_NS:
		*out = TICK_NSEC;
		return 0;
	case LIB_DEBUG_INITIAL_JIFFIES:
		*out = (u64)INITIAL_JIFFIES;
		return 0;
	}
	return -EINVAL;
}

LIB_API int lib_debug(int op, uint64_t arg, uint64_t *out, uint64_t now)
{
	struct lib_control req = {
		.op = LIB_CONTROL_DEBUG,
		.sub = op,
		.arg = arg,
	};
	int ret = lib_control(&req, now);

	if (ret)
		return ret;
	if (out)
		*out = req.out;
	return req.result;
}
