// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time is the host's: a clocksource that reads the `now` of the current
 * entry, and a one-shot clock event device that only records its next
 * deadline for the host to read.  Nothing here reads a host clock.
 */
#include <linux/clocksource.h>
#include <linux/clockchips.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/sched/clock.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include "lib.h"

static u64 deadline = LIB_NO_DEADLINE;

static u64 clock_read(struct clocksource *cs)
{
	return lib_now_ns;
}

static struct clocksource clock = {
	.name	= "lib",
	.rating	= 400,
	.read	= clock_read,
	.mask	= CLOCKSOURCE_MASK(64),
	.flags	= CLOCK_SOURCE_IS_CONTINUOUS | CLOCK_SOURCE_VALID_FOR_HRES,
};

/*
 * CLOCK_EVT_FEAT_KTIME hands over the absolute expiry, not a delta
 * rounded up to the device's minimum: a timer for t fires on the first
 * entry at or after t, and one already due fires in this entry.
 *
 * An expiry already in the past is still armed (to fire now), but also
 * reported as -ETIME, as a real device reports a missed deadline: the
 * periodic tick then counts the ticks it missed while the host jumped
 * ahead, instead of losing them.
 */
static int event_set_next_ktime(ktime_t expires,
				struct clock_event_device *evt)
{
	if (expires < (s64)lib_now_ns) {
		deadline = lib_now_ns;
		return -ETIME;
	}
	deadline = expires;
	return 0;
}

static int event_shutdown(struct clock_event_device *evt)
{
	deadline = LIB_NO_DEADLINE;
	return 0;
}

static struct clock_event_device event = {
	.name			= "lib",
	.rating			= 400,
	.features		= CLOCK_EVT_FEAT_ONESHOT | CLOCK_EVT_FEAT_KTIME,
	.set_next_ktime		= event_set_next_ktime,
	.set_state_shutdown	= event_shutdown,
};

bool lib_timer_due(void)
{
	return deadline <= lib_now_ns;
}

void lib_timer_fire(void)
{
	deadline = LIB_NO_DEADLINE;
	event.event_handler(&event);
}

u64 lib_timer_deadline(void)
{
	return deadline;
}

unsigned long long sched_clock(void)
{
	return lib_now_ns;
}

/*
 * Both the monotonic and the real-time clock start at the host's `now`
 * (the real-time epoch being 1970 plus virtual time), so ktime_get() is
 * the host's time exactly, and clock-event deadlines are host times.
 * The default would start CLOCK_MONOTONIC at local_clock(), which reads 0
 * this early.
 */
void __init read_persistent_wall_and_boot_offset(struct timespec64 *wall_time,
						 struct timespec64 *boot_offset)
{
	*wall_time = ns_to_timespec64(lib_now_ns);
	*boot_offset = ns_to_timespec64(lib_now_ns);
}

void __init time_init(void)
{
	clocksource_register_hz(&clock, NSEC_PER_SEC);
	event.cpumask = cpumask_of(0);
	clockevents_config_and_register(&event, NSEC_PER_SEC, 1, ~0UL);
}

/* No delay loop to calibrate: delays return at once (see asm/delay.h). */
void calibrate_delay(void)
{
	loops_per_jiffy = 1000000000 / HZ;
}
