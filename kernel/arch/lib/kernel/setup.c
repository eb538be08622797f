// SPDX-License-Identifier: GPL-2.0-only
/*
 * Architecture setup: what start_kernel() asks of an arch before the
 * generic kernel takes over.
 */
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/kernel.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/string.h>
#include <asm/setup.h>
#include "lib.h"

/*
 * panic() calls the notifiers after printing its message: the instance
 * dies here, and control goes back to the host for good.
 */
static int on_panic(struct notifier_block *nb, unsigned long event, void *msg)
{
	lib_die(msg);
}

static struct notifier_block panic_block = {
	.notifier_call	= on_panic,
	.priority	= INT_MAX,
};

void __init setup_arch(char **cmdline_p)
{
	lib_console_setup();
	lib_random_hide_build_text();
	atomic_notifier_chain_register(&panic_notifier_list, &panic_block);

	/*
	 * A simulated node gets the devices the host creates, not a stray
	 * dummy0 or the tunnel drivers' fallback devices (tunl0, gre0, ...;
	 * `ip link add ... type gre` still works).  Boot time is mostly the
	 * host's first touch of each page boot writes, so slabs of one page
	 * and a small DCCP hash (sized for a big machine otherwise) keep
	 * boot from writing pages it will not use.  The host's own options
	 * come after ours and so win.
	 */
	strscpy(boot_command_line,
		"dummy.numdummies=0 fb_tunnels=none slub_max_order=0 dccp.thash_entries=512",
		COMMAND_LINE_SIZE);
	if (lib_host.cmdline) {
		strlcat(boot_command_line, " ", COMMAND_LINE_SIZE);
		strlcat(boot_command_line, lib_host.cmdline, COMMAND_LINE_SIZE);
	}
	*cmdline_p = boot_command_line;

	lib_mem_setup();

	/*
	 * jiffies count from INITIAL_JIFFIES at time 0 of the host's clock,
	 * not at boot, so that jiffies - INITIAL_JIFFIES = now / TICK_NSEC
	 * like ktime_get() = now (see time.c).  The tick starts periodic and
	 * its first two ticks (at boot and one tick later) each add one
	 * jiffy; then it goes one-shot with jiffies counted from the next
	 * TICK_NSEC boundary.  Starting from the boundary at or after boot
	 * makes the count exact from then on.
	 */
	jiffies_64 = INITIAL_JIFFIES + DIV_ROUND_UP_ULL(lib_now_ns, TICK_NSEC);
}

/* No interrupt controller: the host's events arrive in the idle loop. */
void __init init_IRQ(void)
{
}

/*
 * No traps to set up; this is the first arch hook after
 * random_init_early(), which must not see the build's version text.
 */
void __init trap_init(void)
{
	lib_random_show_build_text();
}
