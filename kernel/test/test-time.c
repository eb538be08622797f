// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time: the kernel's clocks follow the host's `now` exactly, timers fire
 * at the host time they correspond to and not before, and the deadline
 * the kernel reports is what the host must honour.
 */
#include <errno.h>
#include <time.h>
#include "net.h"
#include "runner.h"

static int deadlines_sane(struct lib_instance *in)
{
	CHECK(in->deadline_errors == 0,
	      "%lu times next_deadline() < lib_now() after a run (first: %llu < %llu)",
	      in->deadline_errors, (unsigned long long)in->bad_deadline,
	      (unsigned long long)in->bad_deadline_now);
	return 0;
}

static int test_jiffy_ns(void)
{
	struct lib_instance *in = inst_new(1);

	CHECK_EQU(inst_debug(in, LIB_DEBUG_JIFFY_NS, 0), 1000000);
	note("INITIAL_JIFFIES = %#llx",
	     (unsigned long long)inst_debug(in, LIB_DEBUG_INITIAL_JIFFIES, 0));
	return 0;
}

/* ktime_get() is the host's `now`, to the nanosecond. */
static int test_ktime(void)
{
	struct lib_instance *in = inst_new(1);
	static const uint64_t steps[] = {
		0, 1, 999, 12345679, NS_PER_SEC + 1, 3 * NS_PER_SEC + 777,
	};
	uint64_t t = in->now();
	size_t i;

	CHECK_EQU(inst_debug(in, LIB_DEBUG_KTIME, 0), in->now());
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		t += steps[i];
		CHECK_EQ(inst_advance(in, t), 0);
		CHECK_EQU(in->now(), t);
		CHECK_EQU(inst_debug(in, LIB_DEBUG_KTIME, 0), t);
	}
	return deadlines_sane(in);
}

static int test_jiffies(void)
{
	struct lib_instance *in = inst_new(1);
	uint64_t init = inst_debug(in, LIB_DEBUG_INITIAL_JIFFIES, 0);
	uint64_t j0, j1, j2, t0;
	int64_t since_init, since_zero, ms;
	int i;

	/* From boot on, deadline by deadline, within one jiffy of now. */
	for (i = 0; i < 20; i++) {
		j0 = inst_debug(in, LIB_DEBUG_JIFFIES, 0) - init;
		ms = (int64_t)(in->now() / NS_PER_MS);
		CHECK((int64_t)j0 - ms >= -1 && (int64_t)j0 - ms <= 1,
		      "at %llu ns jiffies - INITIAL_JIFFIES = %llu",
		      (unsigned long long)in->now(), (unsigned long long)j0);
		inst_step(in, in->now());
	}

	t0 = in->now();
	j0 = inst_debug(in, LIB_DEBUG_JIFFIES, 0);
	CHECK_EQ(inst_advance(in, t0 + 123 * NS_PER_MS), 0);
	j1 = inst_debug(in, LIB_DEBUG_JIFFIES, 0);
	CHECK(j1 - j0 >= 122 && j1 - j0 <= 124,
	      "123 ms moved jiffies by %llu", (unsigned long long)(j1 - j0));
	CHECK_EQ(inst_advance(in, t0 + 123 * NS_PER_MS + 10 * NS_PER_SEC), 0);
	j2 = inst_debug(in, LIB_DEBUG_JIFFIES, 0);
	CHECK(j2 - j1 >= 9999 && j2 - j1 <= 10001,
	      "10 s moved jiffies by %llu", (unsigned long long)(j2 - j1));

	/* jiffies count the host clock from 0, offset by INITIAL_JIFFIES. */
	since_init = (int64_t)(j2 - init);
	since_zero = (int64_t)(in->now() / NS_PER_MS);
	note("now %llu ns: jiffies - INITIAL_JIFFIES = %lld, now / 1 ms = %lld",
	     (unsigned long long)in->now(), (long long)since_init,
	     (long long)since_zero);
	CHECK(since_init - since_zero >= -1 && since_init - since_zero <= 1,
	      "jiffies - INITIAL_JIFFIES = %lld but now / 1 ms = %lld",
	      (long long)since_init, (long long)since_zero);
	return deadlines_sane(in);
}

/*
 * A timer_list for jiffy J never fires before jiffies reach J.  Linux
 * 6.1's timer wheel rounds a level-0 expiry up by one jiffy (calc_index()
 * in kernel/time/timer.c: a timer armed late in a tick must not fire
 * early), so it fires in the run at which jiffies reach J + 1.  The host
 * gets to that run by following next_deadline(), and the timer sees the
 * kernel clock standing at that run's `now`.
 */
static int test_timer_list(void)
{
	struct lib_instance *in = inst_new(1);
	uint64_t t0, j0, j, fired, target, prev;
	int steps = 0;

	/*
	 * Jiffies may run up to two ahead during the first ticks after boot,
	 * while the tick is still periodic (see arch/lib setup.c); a host
	 * that runs the kernel at its deadlines sees them exact after that.
	 */
	CHECK_EQ(inst_advance(in, in->now() + 10 * NS_PER_MS), 0);
	t0 = prev = in->now();
	j0 = inst_debug(in, LIB_DEBUG_JIFFIES, 0);
	target = j0 + 50;
	inst_debug(in, LIB_DEBUG_TIMER_ARM, target);
	CHECK(in->next_deadline() <= t0 + 51 * NS_PER_MS,
	      "after arming, next deadline %llu is past %llu",
	      (unsigned long long)in->next_deadline(),
	      (unsigned long long)(t0 + 51 * NS_PER_MS));

	/* 49 ms on, jiffies are at J - 1 whatever the phase of t0. */
	CHECK_EQ(inst_run(in, t0 + 49 * NS_PER_MS), 0);
	j = inst_debug(in, LIB_DEBUG_JIFFIES, 0);
	CHECK_EQU(j, target - 1);
	CHECK_EQU(inst_debug(in, LIB_DEBUG_TIMER_FIRED, 0), 0);

	for (;;) {
		uint64_t d = in->next_deadline();

		CHECK(steps++ < 1000, "timer not fired after 1000 deadlines");
		CHECK(d != LIB_NO_DEADLINE, "timer armed but no deadline");
		CHECK(d <= t0 + 60 * NS_PER_MS, "deadline %llu ns after arming",
		      (unsigned long long)(d - t0));
		CHECK_EQ(inst_run(in, d), 0);
		j = inst_debug(in, LIB_DEBUG_JIFFIES, 0);
		fired = inst_debug(in, LIB_DEBUG_TIMER_FIRED, 0);
		if (!fired) {
			CHECK(j <= target,
			      "jiffies at J + %lld at +%llu ns, timer not fired",
			      (long long)(j - target),
			      (unsigned long long)(d - t0));
			prev = d;
			continue;
		}
		CHECK(j >= target, "fired at +%llu ns with jiffies at J - %llu",
		      (unsigned long long)(fired - t0),
		      (unsigned long long)(target - j));
		CHECK_EQU(fired, d);
		/* The deadline was the jiffy J + 1 itself, not a later one. */
		CHECK_EQU(j, target + 1);
		break;
	}
	note("timer for jiffy +50 fired at +%llu ns (previous run at +%llu ns)",
	     (unsigned long long)(fired - t0),
	     (unsigned long long)(prev - t0));
	CHECK(fired > t0 + 50 * NS_PER_MS && fired <= t0 + 51 * NS_PER_MS,
	      "fired at +%llu ns, expected in (+50 ms, +51 ms]",
	      (unsigned long long)(fired - t0));
	return deadlines_sane(in);
}

/* An hrtimer fires at exactly its expiry: not a nanosecond before. */
static int test_hrtimer(void)
{
	struct lib_instance *in = inst_new(1);
	uint64_t t = in->now() + 10 * NS_PER_MS + 123;

	inst_debug(in, LIB_DEBUG_HRTIMER_ARM, t);
	CHECK(in->next_deadline() <= t, "next deadline %llu > expiry %llu",
	      (unsigned long long)in->next_deadline(),
	      (unsigned long long)t);
	CHECK_EQ(inst_advance(in, t - 1), 0);
	CHECK_EQU(inst_debug(in, LIB_DEBUG_HRTIMER_FIRED, 0), 0);
	CHECK_EQU(in->next_deadline(), t);
	CHECK_EQ(inst_run(in, t), 0);
	CHECK_EQU(inst_debug(in, LIB_DEBUG_HRTIMER_FIRED, 0), t);

	/* Re-armed into the past, it fires in the very next entry. */
	CHECK_EQ(inst_run(in, t + 5000), 0);
	inst_debug(in, LIB_DEBUG_HRTIMER_ARM, t + 1000);
	CHECK_EQ(inst_run(in, in->now()), 0);
	CHECK_EQU(inst_debug(in, LIB_DEBUG_HRTIMER_FIRED, 0), t + 5000);
	return deadlines_sane(in);
}

/* nanosleep() blocks the task until the host's clock reaches the end. */
static int test_nanosleep(void)
{
	struct lib_instance *in = inst_new(1);
	int task = inst_task(in, 0);
	struct timespec ts = { 0, 10 * NS_PER_MS };
	long result, args[6] = { P(&ts), 0 };
	uint64_t start = in->now();

	CHECK_EQ(inst_submit(in, task, LIB_SYS_nanosleep, args, &result),
		 LIB_PENDING);
	CHECK_EQ(inst_advance(in, start + 10 * NS_PER_MS - 1), 0);
	CHECK(!inst_take(in, task, &result), "woke up %llu ns early",
	      (unsigned long long)(start + 10 * NS_PER_MS - in->now()));
	CHECK_EQ(inst_wait(in, task), 0);
	CHECK(in->now() >= start + 10 * NS_PER_MS &&
	      in->now() <= start + 11 * NS_PER_MS,
	      "10 ms sleep ended after %llu ns",
	      (unsigned long long)(in->now() - start));
	return deadlines_sane(in);
}

/* A quiet kernel has few deadlines (NO_HZ), none in the past. */
static int test_idle_deadlines(void)
{
	struct lib_instance *in = inst_new(1);
	uint64_t end = in->now() + 10 * NS_PER_SEC, d;
	int runs = 0;

	while ((d = in->next_deadline()) <= end) {
		CHECK(d >= in->now(), "deadline %llu before now %llu",
		      (unsigned long long)d, (unsigned long long)in->now());
		CHECK_EQ(inst_run(in, d), 0);
		CHECK(++runs <= 10000, "more than one deadline per jiffy");
	}
	note("%d deadlines in 10 s of idle", runs);
	return deadlines_sane(in);
}

const struct test time_tests[] = {
	{ "time-jiffy-ns", test_jiffy_ns },
	{ "time-ktime-equals-now", test_ktime },
	{ "time-jiffies-follow-now", test_jiffies },
	{ "time-timer-list-fires-after-jiffy", test_timer_list },
	{ "time-hrtimer-fires-exactly", test_hrtimer },
	{ "time-nanosleep-pending-until-expiry", test_nanosleep },
	{ "time-idle-deadlines", test_idle_deadlines },
	{ NULL, NULL },
};
