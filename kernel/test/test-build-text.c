// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the build embeds must not decide a node's behaviour: two copies of
 * the library that differ only in their version text (release and version
 * string, as a rebuild from another Debian revision would) give the same
 * random stream for the same seed.  And boot itself is clean: no WARN, no
 * taint.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "instance.h"
#include "runner.h"

#define UUIDS	4

/* Replaces every occurrence of `from` in buf by `to` (same length). */
static int replace_all(char *buf, size_t len, const char *from, const char *to)
{
	size_t n = strlen(from);
	int count = 0;
	char *p = buf;

	while ((p = memmem(p, len - (size_t)(p - buf), from, n))) {
		memcpy(p, to, n);
		p += n;
		count++;
	}
	return count;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		inst_fatal("%s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		inst_fatal("%s: cannot size it", path);
	buf = malloc((size_t)n);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		inst_fatal("%s: short read", path);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/*
 * A copy of the default library whose release and version text read
 * `release` and "#2 libsim" (each the same length as the original's).
 */
static void write_relabelled(const char *path, const char *release)
{
	size_t len;
	char *buf = read_file(instance_default_path(), &len);
	struct lib_instance *probe = instance_open(NULL);
	char old[65];
	FILE *f;

	if (!probe)
		inst_fatal("instance_open: %s", instance_error());
	snprintf(old, sizeof(old), "%s", probe->kernel_version());
	instance_close(probe);
	if (strlen(old) != strlen(release))
		inst_fatal("release %s and %s differ in length", old, release);
	if (replace_all(buf, len, old, release) < 2)
		inst_fatal("release text %s not found twice in the library", old);
	if (replace_all(buf, len, "#1 libsim", "#2 libsim") < 2)
		inst_fatal("version text \"#1 libsim\" not found twice");
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f))
		inst_fatal("%s: cannot write", path);
	free(buf);
}

static void sysctl(struct lib_instance *in, const char *name, char *buf,
		   size_t len)
{
	int n = inst_sysctl_get(in, name, buf, len);

	if (n < 0)
		inst_fatal("sysctl %s: %d", name, n);
	buf[strcspn(buf, "\n")] = 0;
}

static int test_build_text_not_in_random(void)
{
	char path[] = "/tmp/liblinux-relabelled-XXXXXX";
	struct lib_instance *in[2];
	char release[2][65], version[2][65], uuid[2][UUIDS][40];
	int fd = mkstemp(path), i, k;

	if (fd < 0)
		inst_fatal("mkstemp: %s", strerror(errno));
	close(fd);
	write_relabelled(path, "6.1.999");
	in[0] = instance_open(NULL);
	in[1] = instance_open(path);
	unlink(path);
	if (!in[0] || !in[1])
		inst_fatal("instance_open: %s", instance_error());
	for (i = 0; i < 2; i++) {
		CHECK_EQ(instance_boot(in[i], 4242, INST_T0), 0);
		sysctl(in[i], "kernel.osrelease", release[i], sizeof(release[i]));
		sysctl(in[i], "kernel.version", version[i], sizeof(version[i]));
		for (k = 0; k < UUIDS; k++)
			sysctl(in[i], "kernel.random.uuid", uuid[i][k],
			       sizeof(uuid[i][k]));
	}
	/* The relabelled copy really runs with the other text. */
	CHECK(strcmp(release[0], release[1]) && !strcmp(release[1], "6.1.999"),
	      "releases %s and %s", release[0], release[1]);
	CHECK(!strcmp(version[0], "#1 libsim") && !strcmp(version[1], "#2 libsim"),
	      "versions \"%s\" and \"%s\"", version[0], version[1]);
	for (k = 0; k < UUIDS; k++)
		CHECK(!strcmp(uuid[0][k], uuid[1][k]),
		      "random uuid %d: %s with the build's text, %s relabelled",
		      k, uuid[0][k], uuid[1][k]);
	CHECK(strcmp(uuid[0][0], uuid[0][1]), "uuid repeats: %s", uuid[0][0]);
	return 0;
}

/*
 * random.c warned at boot without a working cycle counter: taint 512.  A
 * warning on request afterwards shows that both signs would be seen.
 */
static int test_boot_untainted(void)
{
	struct lib_instance *in = inst_new(1);
	uint64_t out = 0;
	char taint[32];

	sysctl(in, "kernel.tainted", taint, sizeof(taint));
	CHECK(!strcmp(taint, "0"), "kernel.tainted = %s after boot", taint);
	CHECK(!inst_log_contains(in, "WARNING:"), "boot logged a WARNING");
	CHECK(!inst_log_contains(in, "Missing cycle counter"),
	      "boot logged random.c's missing cycle counter");

	CHECK_EQ(in->debug(LIB_DEBUG_WARN, 0, &out, in->now()), 0);
	sysctl(in, "kernel.tainted", taint, sizeof(taint));
	CHECK(!strcmp(taint, "512"), "kernel.tainted = %s after a WARN", taint);
	CHECK(inst_log_contains(in, "WARNING:"), "a WARN logged no WARNING");
	return 0;
}

const struct test build_text_tests[] = {
	{ "build-text-not-in-random-stream", test_build_text_not_in_random },
	{ "boot-untainted-no-warning", test_boot_untainted },
	{ NULL, NULL },
};
