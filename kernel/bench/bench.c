// SPDX-License-Identifier: GPL-2.0-only
/*
 * liblinux benchmark: boot time, memory per instance, loopback UDP cost
 * and booting many instances in one process, with what the host charges
 * for the first write to a page (boot's main cost).  Prints key=value lines.
 *
 *   liblinux-bench [N]     N instances for the last phase (default 1000)
 *
 * Wall-clock times are the host program's (CLOCK_MONOTONIC); the kernels
 * only ever see the virtual time the benchmark hands them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "net.h"

#define BOOTS		50
#define UDP_ITERS	10000
#define BOOT_MS_TARGET	5.0
#define RSS_MIB_TARGET	8.0
#define MIB		(1024.0 * 1024.0)

static double wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Resident bytes of this process (/proc/self/statm, second field). */
static double rss_bytes(void)
{
	unsigned long size, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%lu %lu", &size, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return (double)resident * sysconf(_SC_PAGESIZE);
}

/* Anonymous memory of this process backed by huge pages, in bytes. */
static double anon_huge_bytes(void)
{
	char line[128];
	double kib = 0;
	FILE *f = fopen("/proc/self/smaps_rollup", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %lf kB", &kib) == 1)
			break;
	fclose(f);
	return kib * 1024;
}

/* Memory a copy's in-memory file holds (its mapped part, mostly). */
static double memfd_bytes(const struct lib_instance *in)
{
	struct stat st;

	return fstat(in->memfd, &st) ? 0 : (double)st.st_blocks * 512;
}

static const char *verdict(double value, double target)
{
	return value <= target ? "yes" : "no";
}

/*
 * Boots one copy; adds its load and boot time, and the part of boot the
 * host spent backing the memory boot asked it to populate (populate_s).
 */
static struct lib_instance *boot_one(uint64_t seed, double *load_s,
				     double *boot_s, double *populate_s)
{
	double t0 = wall(), t1;
	struct lib_instance *in = instance_open(NULL);
	int ret;

	if (!in) {
		fprintf(stderr, "instance_open: %s\n", instance_error());
		return NULL;
	}
	t1 = wall();
	ret = instance_boot(in, seed, 0);
	if (ret) {
		fprintf(stderr, "instance %d: lib_init = %d %s\n", in->index,
			ret, in->panic_msg);
		return NULL;
	}
	*load_s += t1 - t0;
	*boot_s += wall() - t1;
	*populate_s += in->populate_ns / 1e9;
	return in;
}

#define SPIN_ROUNDS	30000000UL

/*
 * A fixed piece of arithmetic, timed on the CPU about to run the boots:
 * ~35 ms on this VM's vCPUs, and at times 1.5-1.7x that on one of them
 * (the hypervisor gives it less of a core).  Boot times measured then
 * are slower too: this says which kind of run it was.
 */
static void bench_cpu(void)
{
	uint64_t x = 1, i;
	double t0 = wall();

	for (i = 0; i < SPIN_ROUNDS; i++)
		x = x * 6364136223846793005ULL + i;
	/* The result is used, so the loop is not optimized away. */
	__asm__ volatile("" : : "r"(x));
	printf("cpu_spin_ms=%.1f\n", (wall() - t0) * 1e3);
}

/* Boots BOOTS copies: time per boot and memory per booted copy. */
static struct lib_instance *bench_boot(void)
{
	static struct lib_instance *in[BOOTS];
	double load = 0, boot = 0, populate = 0, rss0 = rss_bytes(), memfd = 0;
	int i;

	bench_cpu();
	for (i = 0; i < BOOTS; i++) {
		in[i] = boot_one(i + 1, &load, &boot, &populate);
		if (!in[i])
			exit(1);
		memfd += memfd_bytes(in[i]);
	}
	printf("boot_instances=%d\n", BOOTS);
	printf("load_ms_mean=%.3f\n", load * 1e3 / BOOTS);
	printf("boot_ms_mean=%.3f\n", boot * 1e3 / BOOTS);
	/*
	 * Of which the host backing boot's RAM (its mem_populate): ~0.3 ms on
	 * memory the hypervisor already backs, ~4 ms when it must back it
	 * first.  The rest is the kernel's own work, the page faults outside
	 * the populated region and the first writes to populated pages.
	 */
	printf("boot_host_populate_ms_mean=%.3f\n", populate * 1e3 / BOOTS);
	printf("boot_without_populate_ms_mean=%.3f\n",
	       (boot - populate) * 1e3 / BOOTS);
	printf("boot_ms_target=%.0f\n", BOOT_MS_TARGET);
	printf("boot_ms_meets_target=%s\n",
	       verdict(boot * 1e3 / BOOTS, BOOT_MS_TARGET));
	printf("rss_mib_per_instance=%.2f\n",
	       (rss_bytes() - rss0) / MIB / BOOTS);
	printf("rss_mib_target=%.0f\n", RSS_MIB_TARGET);
	printf("rss_mib_meets_target=%s\n",
	       verdict((rss_bytes() - rss0) / MIB / BOOTS, RSS_MIB_TARGET));
	printf("memfd_mib_per_instance=%.2f\n", memfd / MIB / BOOTS);
	/* 2 per instance when the host gave boot's first 2 MiB a huge page. */
	printf("huge_page_mib_per_instance=%.2f\n",
	       anon_huge_bytes() / MIB / BOOTS);
	printf("boot_virtual_ms=%.3f\n", in[0]->now() / 1e6);
	return in[0];
}

/* A send and a receive over loopback, UDP_ITERS times, in one task. */
static void bench_udp(struct lib_instance *in)
{
	int task = net_task(in);
	struct net_addr to;
	char msg[64] = "ping", buf[64];
	long rx, tx, n;
	double t0;
	int i;

	rx = net_udp_socket(in, task, "127.0.0.1", 9000, 0);
	tx = net_udp_socket(in, task, "127.0.0.1", 0, 0);
	if (rx < 0 || tx < 0) {
		fprintf(stderr, "udp sockets: %ld %ld\n", rx, tx);
		exit(1);
	}
	net_addr(&to, "127.0.0.1", 9000);
	t0 = wall();
	for (i = 0; i < UDP_ITERS; i++) {
		n = SYS(in, task, LIB_SYS_sendto, tx, P(msg), sizeof(msg), 0,
			P(&to.sa), to.len);
		if (n == (long)sizeof(msg))
			n = SYS(in, task, LIB_SYS_recvfrom, rx, P(buf),
				sizeof(buf), 0, 0, 0);
		if (n != (long)sizeof(msg)) {
			fprintf(stderr, "udp iteration %d: %ld\n", i, n);
			exit(1);
		}
	}
	printf("udp_iterations=%d\n", UDP_ITERS);
	printf("udp_send_recv_pair_us=%.3f\n", (wall() - t0) * 1e6 / UDP_ITERS);
}

/* N copies at once, in a fresh process so memory starts from zero. */
static int bench_many(int n)
{
	double rss0 = rss_bytes(), t0 = wall(), load = 0, boot = 0, populate = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (!boot_one(1000 + i, &load, &boot, &populate)) {
			printf("instances=%d failed_at=%d\n", n, i);
			return 1;
		}
	}
	printf("instances=%d booted ok\n", n);
	printf("instances_wall_s=%.2f\n", wall() - t0);
	printf("instances_boot_ms_mean=%.3f\n", boot * 1e3 / n);
	printf("instances_boot_host_populate_ms_mean=%.3f\n",
	       populate * 1e3 / n);
	printf("instances_rss_mib=%.1f\n", (rss_bytes() - rss0) / MIB);
	printf("instances_rss_mib_per_instance=%.2f\n",
	       (rss_bytes() - rss0) / MIB / n);
	return 0;
}

#define TOUCH_PAGES	4096
#define HUGE_PAGES	16

/* Microseconds per page to write one byte in each of TOUCH_PAGES pages. */
static double touch_us(char *p)
{
	double t0 = wall();
	int i;

	for (i = 0; i < TOUCH_PAGES; i++)
		p[(size_t)i * 4096] = 1;
	return (wall() - t0) * 1e6 / TOUCH_PAGES;
}

/*
 * What the host charges for memory boot writes, the bulk of boot time:
 * the first write to a fresh anonymous page (a page fault), and to one
 * populated beforehand with MADV_POPULATE_WRITE (what mem_populate does).
 */
static void bench_page_touch(void)
{
	size_t len = (size_t)TOUCH_PAGES * 4096;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	char *a = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, -1, 0);
	char *b = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, -1, 0);
	double t0;

	if (a == MAP_FAILED || b == MAP_FAILED)
		return;
	printf("page_fault_write_us=%.2f\n", touch_us(a));
	t0 = wall();
	if (madvise(b, len, MADV_POPULATE_WRITE) == 0) {
		printf("page_populate_us=%.2f\n",
		       (wall() - t0) * 1e6 / TOUCH_PAGES);
		printf("page_populated_write_us=%.2f\n", touch_us(b));
	}
	printf("page_rewrite_us=%.3f\n", touch_us(a));
	munmap(a, len);
	munmap(b, len);
}

/*
 * The first write to fresh huge pages (what backs boot's first 2 MiB):
 * ~0.3 ms each when the VM's hypervisor already backs the memory the
 * guest hands out, ~5 ms when it must back it first.  Boot time depends
 * on which, so the benchmark says which it saw.
 */
static void bench_huge_touch(void)
{
	const size_t huge = 2UL << 20, len = HUGE_PAGES * huge;
	char *raw = mmap(NULL, len + huge, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p;
	double t0;
	int i;

	if (raw == MAP_FAILED)
		return;
	p = (char *)(((uintptr_t)raw + huge - 1) & ~(huge - 1));
	if (madvise(p, len, MADV_HUGEPAGE) == 0) {
		t0 = wall();
		for (i = 0; i < HUGE_PAGES; i++)
			p[i * huge] = 1;
		printf("huge_page_first_write_ms=%.3f\n",
		       (wall() - t0) * 1e3 / HUGE_PAGES);
	}
	munmap(raw, len + huge);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	const char *path = instance_default_path();
	int err, status, failed = 0;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (n <= 0) {
		fprintf(stderr, "usage: %s [instances]\n", argv[0]);
		return 2;
	}
	err = instance_load_image(path);
	if (err) {
		fprintf(stderr, "%s: %s (build it with kernel/build.sh)\n", path,
			strerror(-err));
		return 1;
	}
	printf("library=%s\n", path);
	printf("library_mib=%.2f\n", instance_image_size() / MIB);
	bench_page_touch();
	bench_huge_touch();

	/* Each phase in its own process: its memory counts start clean. */
	pid = fork();
	if (pid == 0) {
		bench_udp(bench_boot());
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || status)
		failed = 1;
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(bench_many(n));
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || status)
		failed = 1;
	return failed;
}
