// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot: lib_init()'s checks of the host table, its results, and what a
 * booted kernel reports about itself.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "instance.h"
#include "runner.h"

static struct lib_instance *open_copy(void)
{
	struct lib_instance *in = instance_open(NULL);

	if (!in)
		inst_fatal("instance_open: %s", instance_error());
	return in;
}

/* Bad tables are refused before anything happens, then a good one boots. */
static int test_bad_ops_then_init(void)
{
	struct lib_instance *in = open_copy();
	struct lib_host_ops ops;

	CHECK_EQ(in->init(NULL, INST_T0), -EINVAL);

	instance_default_ops(in, 1);
	ops = in->ops;
	ops.api_version = LIB_API_VERSION + 1;
	CHECK_EQ(in->init(&ops, INST_T0), -EINVAL);
	ops.api_version = 0;
	CHECK_EQ(in->init(&ops, INST_T0), -EINVAL);

	ops = in->ops;
	ops.mem_alloc = NULL;
	CHECK_EQ(in->init(&ops, INST_T0), -EINVAL);
	CHECK(in->mem_allocs == 0, "a refused table still allocated memory");

	CHECK_EQ(in->init(&in->ops, INST_T0), 0);
	CHECK_EQ(in->init(&in->ops, in->now()), -EALREADY);
	/*
	 * Boot asks for the bottom of the block, where the page map (1 MiB
	 * of 64) and its first allocations go, to be populated.
	 */
	CHECK(in->populated_low >= (2UL << 20),
	      "only %zu bytes populated from the block's start",
	      in->populated_low);
	CHECK(in->bad_populates == 0,
	      "%d of %d mem_populate ranges outside the block or unaligned",
	      in->bad_populates, in->populates);
	return 0;
}

static int test_version_and_log(void)
{
	const uint64_t t0 = 7 * NS_PER_SEC + 12345;
	struct lib_instance *in = open_copy();
	const char *v;
	char line[128];

	CHECK_EQ(instance_boot(in, 1, t0), 0);
	v = in->kernel_version();
	CHECK(v && !strncmp(v, "6.1.", 4), "lib_kernel_version() = \"%s\"",
	      v ? v : "(null)");
	CHECK(inst_log_contains(in, "Linux version 6.1"),
	      "kernel log lacks \"Linux version 6.1\" (%lu lines logged)",
	      in->log_lines);
	/* The banner names the same release the API reports. */
	snprintf(line, sizeof(line), "Linux version %s ", v);
	CHECK(inst_log_contains(in, line), "kernel log lacks \"%s\"", line);
	CHECK(in->now() >= t0, "lib_now() = %llu < boot time %llu",
	      (unsigned long long)in->now(), (unsigned long long)t0);
	note("boot at %llu ns finished at %llu ns, %lu log lines",
	     (unsigned long long)t0, (unsigned long long)in->now(),
	     in->log_lines);
	return 0;
}

/* Every log line: "[seconds.micros] text", without a newline. */
static int test_log_format(void)
{
	struct lib_instance *in = inst_new(1);

	CHECK(in->log_lines > 10, "only %lu log lines during boot",
	      in->log_lines);
	CHECK(in->log_bad_lines == 0,
	      "%lu of %lu log lines are not \"[seconds.micros] text\"",
	      in->log_bad_lines, in->log_lines);
	return 0;
}

static int test_memory_default(void)
{
	struct lib_instance *in = inst_new(1);

	CHECK_EQ(in->mem_allocs, 1);
	CHECK_EQU(in->mem_size, 64ULL << 20);
	return 0;
}

static int test_memory_size(void)
{
	struct lib_instance *in = open_copy();

	instance_default_ops(in, 1);
	in->ops.memory_bytes = (16ULL << 20) + 100;	/* not whole pages */
	CHECK_EQ(in->init(&in->ops, INST_T0), -EINVAL);
	in->ops.memory_bytes = 8ULL << 20;		/* below 16 MiB */
	CHECK_EQ(in->init(&in->ops, INST_T0), -EINVAL);
	CHECK_EQ(in->mem_allocs, 0);
	in->ops.memory_bytes = 32ULL << 20;
	CHECK_EQ(in->init(&in->ops, INST_T0), 0);
	CHECK_EQ(in->mem_allocs, 1);
	CHECK_EQU(in->mem_size, 32ULL << 20);
	return 0;
}

static int test_enomem(void)
{
	struct lib_instance *in = open_copy();

	instance_default_ops(in, 1);
	in->fail_alloc = true;
	CHECK_EQ(in->init(&in->ops, INST_T0), -ENOMEM);
	CHECK_EQ(in->mem_allocs, 1);
	return 0;
}

/* Entries other than lib_init() fail cleanly on an unbooted copy. */
static int test_calls_before_init(void)
{
	struct lib_instance *in = open_copy();
	const long args[6] = { 0 };
	long result = 12345;
	char buf[16];
	int ret;

	ret = in->run(INST_T0);
	CHECK(ret < 0, "lib_run before lib_init = %d", ret);
	ret = in->syscall(1, LIB_SYS_getpid, args, NULL,
			     LIB_USER_ANY, INST_T0, &result);
	CHECK(ret < 0, "lib_syscall before lib_init = %d", ret);
	ret = in->task_create(0, INST_T0);
	CHECK(ret < 0, "lib_task_create before lib_init = %d", ret);
	ret = in->sysctl_get("net.ipv4.ip_forward", buf, sizeof(buf), INST_T0);
	CHECK(ret < 0, "lib_sysctl_get before lib_init = %d", ret);
	/* And the copy can still boot afterwards. */
	CHECK_EQ(instance_boot(in, 1, INST_T0), 0);
	return 0;
}

/*
 * Boot asks the host to back the region it is about to write (mem.c):
 * with the request left undone, every page boot wrote lies inside that
 * region, and they fill most of it.  A page outside costs a host fault
 * on every boot; a region much larger than boot's writes costs backing
 * for nothing.
 */
static int test_boot_writes_where_it_populates(void)
{
	struct lib_instance *in = open_copy();
	size_t pages, i, inside = 0, outside = 0, first_outside = 0;
	unsigned char *vec;

	in->back_nothing = true;
	CHECK_EQ(instance_boot(in, 1, INST_T0), 0);
	CHECK(in->populated_low > 0, "boot asked for nothing to be populated");
	pages = in->mem_size / 4096;
	vec = malloc(pages);
	CHECK(vec, "out of memory");
	CHECK(mincore(in->mem, in->mem_size, vec) == 0, "mincore: %s",
	      strerror(errno));
	for (i = 0; i < pages; i++) {
		if (!(vec[i] & 1))
			continue;
		if (i * 4096 < in->populated_low)
			inside++;
		else if (!outside++)
			first_outside = i * 4096;
	}
	free(vec);
	CHECK(outside == 0,
	      "boot wrote %zu pages beyond the %zu bytes it asked for, the first at %zu",
	      outside, in->populated_low, first_outside);
	CHECK(inside * 4096 >= in->populated_low / 4 * 3,
	      "boot wrote only %zu KiB of the %zu KiB it asked for",
	      inside * 4, in->populated_low >> 10);
	return 0;
}

const struct test boot_tests[] = {
	{ "boot-bad-ops-then-init", test_bad_ops_then_init },
	{ "boot-version-and-log", test_version_and_log },
	{ "boot-log-format", test_log_format },
	{ "boot-memory-default", test_memory_default },
	{ "boot-memory-size", test_memory_size },
	{ "boot-enomem", test_enomem },
	{ "boot-calls-before-init", test_calls_before_init },
	{ "boot-writes-where-it-populates", test_boot_writes_where_it_populates },
	{ NULL, NULL },
};
