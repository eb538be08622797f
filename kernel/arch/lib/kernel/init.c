// SPDX-License-Identifier: GPL-2.0-only
/*
 * The end of boot.  kernel_init() finishes by exec'ing /init; there are
 * no user binaries, so a tiny binary format recognises our /init, lets the
 * exec succeed without loading anything, and init (pid 1) goes on to
 * serve the host's requests (see control.c).
 */
#include <linux/binfmts.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/init_syscalls.h>
#include <linux/kdev_t.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include "lib.h"

static int load_init(struct linux_binprm *bprm)
{
	if (strcmp(bprm->filename, "/init"))
		return -ENOEXEC;
	return 0;
}

static struct linux_binfmt init_format = {
	.load_binary	= load_init,
};

static void __init mount_or_warn(const char *fs, const char *dir)
{
	int err = init_mkdir(dir, 0555);

	if (!err || err == -EEXIST)
		err = init_mount(fs, dir, fs, 0, NULL);
	if (err)
		pr_warn("lib: cannot mount %s on %s: %d\n", fs, dir, err);
}

/* Every Linux system's early boot brings up lo; so does ours. */
static void __init loopback_up(void)
{
	struct net_device *lo = init_net.loopback_dev;
	int err;

	rtnl_lock();
	err = dev_change_flags(lo, lo->flags | IFF_UP, NULL);
	rtnl_unlock();
	if (err)
		pr_warn("lib: cannot bring lo up: %d\n", err);
}

/*
 * /dev/random and /dev/urandom, which the exec shim sends a node's programs
 * to: their bytes come from the node's own generator, seeded with the run's
 * seed, so a program's random choices (iperf3's cookie) are the same in
 * every run.
 */
static void __init random_devices(void)
{
	int err = init_mkdir("/dev", 0755);

	if (!err || err == -EEXIST)
		err = init_mknod("/dev/random", S_IFCHR | 0444, new_encode_dev(MKDEV(1, 8)));
	if (!err)
		err = init_mknod("/dev/urandom", S_IFCHR | 0444, new_encode_dev(MKDEV(1, 9)));
	if (err)
		pr_warn("lib: cannot make the random devices: %d\n", err);
}

static int __init lib_userspace_init(void)
{
	struct file *init;

	/* Processes open /proc/sys/... like on any Linux system. */
	mount_or_warn("proc", "/proc");
	mount_or_warn("sysfs", "/sys");
	random_devices();

	init = filp_open("/init", O_CREAT | O_WRONLY, 0700);
	if (IS_ERR(init))
		pr_err("lib: cannot create /init: %ld\n", PTR_ERR(init));
	else
		filp_close(init, NULL);
	/* The last fput is task work: run it now, or exec sees ETXTBSY. */
	task_work_run();
	register_binfmt(&init_format);
	loopback_up();
	return 0;
}
late_initcall(lib_userspace_init);
