// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only entry points (lib_debug): provoke a BUG(), arm timers and
 * read the kernel's clocks, so kernel/test can check faults and time.
 */
#include <linux/bug.h>
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/timer.h>
#include "lib.h"

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
