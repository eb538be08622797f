// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading private copies of liblinux.so and the host callbacks they use.
 *
 * dlopen() of the same path twice returns the same handle, and dlmopen()
 * runs out of namespaces after about 15, so every copy is loaded from its
 * own memfd: a new file (a new inode) holding the library's bytes, opened
 * as /proc/self/fd/N.  The memfd stays open while the copy is loaded
 * because the dynamic loader also matches objects by name: once fd N was
 * closed, a later copy could get the same N, hence the same name, and
 * dlopen would hand back the old copy.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fault-guard.h"
#include "instance.h"

static struct {
	char path[PATH_MAX];
	unsigned char *bytes;
	size_t size;
	size_t load_end;	/* end of the last PT_LOAD in the file */
} image;

static char open_error[PATH_MAX + 256];
static int next_index;
static int log_to_stderr = -1;

static void default_fail(const char *msg)
{
	fprintf(stderr, "liblinux test: fatal: %s\n", msg);
	exit(2);
}

void (*inst_fail_hook)(const char *msg) = default_fail;

void inst_fatal(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	inst_fail_hook(msg);
	abort();	/* the hook must not return */
}

const char *instance_default_path(void)
{
	static char path[PATH_MAX + 64];
	const char *env = getenv("LIBLINUX_SO");
	/* kernel/test/out/x or kernel/bench/out/x: kernel/ is 2 levels up. */
	static const char *const rel[] = {
		"/../build/liblinux.so", "/../../build/liblinux.so",
	};
	char exe[PATH_MAX];
	ssize_t n;
	size_t i;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return "liblinux.so";
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	for (i = 0; i < ARRAY_SIZE(rel); i++) {
		char found[sizeof(path)];

		snprintf(path, sizeof(path), "%s%s", exe, rel[i]);
		if (access(path, R_OK))
			continue;
		/* Shorter in messages; the symlink itself is kept. */
		snprintf(found, sizeof(found), "%s", path);
		*strrchr(found, '/') = '\0';
		if (realpath(found, exe))
			snprintf(path, sizeof(path), "%s/liblinux.so", exe);
		return path;
	}
	/* Not built yet: name the place it will appear, for the message. */
	snprintf(path, sizeof(path), "%s%s", exe, rel[1]);
	return path;
}

/* Where the loadable part of the file ends; the rest is never mapped. */
static size_t elf_load_end(const unsigned char *b, size_t size)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)b;
	size_t end = 0;
	int i;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    eh->e_phoff + (size_t)eh->e_phnum * sizeof(Elf64_Phdr) > size)
		return size;
	for (i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const Elf64_Phdr *)
			(b + eh->e_phoff + i * sizeof(Elf64_Phdr));

		if (ph->p_type == PT_LOAD && ph->p_offset + ph->p_filesz > end)
			end = ph->p_offset + ph->p_filesz;
	}
	return end && end <= size ? end : size;
}

/* Many copies mean many memfds: allow as many as the hard limit. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int instance_load_image(const char *path)
{
	struct stat st;
	size_t done = 0;
	int fd, err;

	if (image.bytes && !strcmp(image.path, path))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		err = st.st_size <= 0 ? -ENOEXEC : -errno;
		close(fd);
		return err;
	}
	free(image.bytes);
	image.bytes = malloc(st.st_size);
	if (!image.bytes) {
		close(fd);
		return -ENOMEM;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, image.bytes + done, st.st_size - done);

		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			close(fd);
			free(image.bytes);
			image.bytes = NULL;
			return err;
		}
		done += n;
	}
	close(fd);
	image.size = done;
	image.load_end = elf_load_end(image.bytes, image.size);
	snprintf(image.path, sizeof(image.path), "%s", path);
	raise_fd_limit();
	return 0;
}

size_t instance_image_size(void)
{
	return image.size;
}

const char *instance_error(void)
{
	return open_error;
}

static bool write_all(int fd, const unsigned char *b, size_t n)
{
	while (n) {
		ssize_t w = write(fd, b, n);

		if (w <= 0)
			return false;
		b += w;
		n -= w;
	}
	return true;
}

static int load_copy(void)
{
	int fd = memfd_create("liblinux", MFD_CLOEXEC);
	long page = sysconf(_SC_PAGESIZE);
	size_t keep;

	if (fd < 0)
		return -1;
	if (!write_all(fd, image.bytes, image.size)) {
		close(fd);
		return -1;
	}
	/*
	 * Symbols and debug info are never mapped: free their pages so each
	 * copy costs only what it maps.  The file keeps its size.
	 */
	keep = (image.load_end + page - 1) / page * page;
	if (keep < image.size)
		fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			  keep, image.size - keep);
	return fd;
}

/*
 * The copy's data and bss are written during boot, page by page: back
 * them in one call instead of a copy-on-write fault each.
 */
static int populate_writable(struct dl_phdr_info *info, size_t size,
			     void *name)
{
	uintptr_t page = sysconf(_SC_PAGESIZE), relro_end = 0;
	int i;

	(void)size;
	if (!info->dlpi_name || strcmp(info->dlpi_name, name))
		return 0;
	/*
	 * The head of the writable segment is read-only after relocation
	 * (RELRO), and MADV_POPULATE_WRITE stops at the first read-only
	 * page: start after it.
	 */
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_GNU_RELRO)
			relro_end = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz +
				     page - 1) & ~(page - 1);
	}
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start, end;

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
			continue;
		start = (info->dlpi_addr + ph->p_vaddr) & ~(page - 1);
		end = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
		if (start < relro_end)
			start = relro_end;
		if (start < end)
			madvise((void *)start, end - start, MADV_POPULATE_WRITE);
	}
	return 1;
}

#define BIND(in, field, name) do {					\
	*(void **)&(in)->field = dlsym((in)->handle, name);		\
	if (!(in)->field) {						\
		snprintf(open_error, sizeof(open_error),		\
			 "dlsym(%s): %s", name, dlerror());		\
		goto fail;						\
	}								\
} while (0)

struct lib_instance *instance_open(const char *path)
{
	struct lib_fault_target target;
	struct lib_instance *in;
	char name[64];
	int err;

	if (!path)
		path = instance_default_path();
	err = instance_load_image(path);
	if (err) {
		snprintf(open_error, sizeof(open_error), "%s: %s", path,
			 strerror(-err));
		return NULL;
	}
	in = calloc(1, sizeof(*in));
	if (!in) {
		snprintf(open_error, sizeof(open_error), "out of memory");
		return NULL;
	}
	in->guard = -1;
	in->memfd = load_copy();
	if (in->memfd < 0) {
		snprintf(open_error, sizeof(open_error), "memfd: %s",
			 strerror(errno));
		free(in);
		return NULL;
	}
	snprintf(name, sizeof(name), "/proc/self/fd/%d", in->memfd);
	in->handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (!in->handle) {
		snprintf(open_error, sizeof(open_error), "dlopen(%s): %s",
			 path, dlerror());
		goto fail;
	}
	dl_iterate_phdr(populate_writable, name);
	BIND(in, init, "lib_init");
	BIND(in, run, "lib_run");
	BIND(in, next_deadline, "lib_next_deadline");
	BIND(in, now, "lib_now");
	BIND(in, kernel_version, "lib_kernel_version");
	BIND(in, task_create, "lib_task_create");
	BIND(in, task_exit, "lib_task_exit");
	BIND(in, task_interrupt, "lib_task_interrupt");
	BIND(in, syscall, "lib_syscall");
	BIND(in, completions, "lib_completions");
	BIND(in, sysctl_get, "lib_sysctl_get");
	BIND(in, sysctl_set, "lib_sysctl_set");
	BIND(in, debug, "lib_debug");
	BIND(in, netdev_create, "lib_netdev_create");
	BIND(in, netdev_set_carrier, "lib_netdev_set_carrier");
	BIND(in, netdev_receive, "lib_netdev_receive");
	BIND(in, netdev_transmitted, "lib_netdev_transmitted");
	BIND(in, netdev_transmitted_copy, "lib_netdev_transmitted_copy");
	BIND(in, status, "lib_status");
	BIND(in, fault_target, "lib_fault_target");
	/*
	 * Like any host that runs many kernels, the tests guard against a
	 * wild access in one of them ending the process.
	 */
	if (in->fault_target(&target) ||
	    (in->guard = fault_guard_add(&target)) < 0) {
		snprintf(open_error, sizeof(open_error), "fault guard: %s",
			 strerror(in->guard < 0 ? (int)-in->guard : EINVAL));
		goto fail;
	}
	in->index = next_index++;
	return in;
fail:
	if (in->handle)
		dlclose(in->handle);
	close(in->memfd);
	free(in);
	return NULL;
}

void instance_close(struct lib_instance *in)
{
	if (!in)
		return;
	fault_guard_remove(in->guard);
	dlclose(in->handle);
	close(in->memfd);
	if (in->mem)
		munmap(in->mem, in->mem_size);
	free(in->log);
	free(in);
}

/* A transparent huge page: the host's unit for backing memory cheaply. */
#define HUGE_BYTES	(2UL << 20)

/*
 * Lazily committed and zeroed: untouched RAM costs nothing.  Aligned to
 * a huge page so that a populated 2 MiB chunk can be backed by one.
 */
static void *host_mem_alloc(void *ctx, size_t size)
{
	struct lib_instance *in = ctx;
	char *raw, *p;

	in->mem_allocs++;
	if (in->fail_alloc)
		return NULL;
	raw = mmap(NULL, size + HUGE_BYTES, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (raw == MAP_FAILED)
		return NULL;
	p = (char *)(((uintptr_t)raw + HUGE_BYTES - 1) & ~(HUGE_BYTES - 1));
	if (p > raw)
		munmap(raw, p - raw);
	munmap(p + size, raw + HUGE_BYTES - p);
	if (in->back_nothing)
		madvise(p, size, MADV_NOHUGEPAGE);
	in->mem = p;
	in->mem_size = size;
	fault_guard_set_ram(in->guard, p, size);
	return p;
}

/*
 * Pages boot is about to write anyway: one madvise instead of a page fault
 * each (a fault costs ~10 us in a VM, a pre-populated page still ~7 us on
 * first write).  Whole aligned 2 MiB chunks of the range are backed by
 * a huge page where the host allows it (~0.3 ms for all 512 pages); only
 * they, so that RAM touched later still costs a page at a time.  Older
 * host kernels lack MADV_POPULATE_WRITE; then the pages fault in as usual.
 */
static void host_mem_populate(void *ctx, void *addr, size_t len)
{
	struct lib_instance *in = ctx;
	char *p = addr, *mem = in->mem;
	uintptr_t huge_start, huge_end;
	uint64_t t0;

	in->populates++;
	if (p < mem || p + len > mem + in->mem_size || len == 0 ||
	    (uintptr_t)p % 4096 || len % 4096) {
		in->bad_populates++;
		return;
	}
	if (p == mem && len > in->populated_low)
		in->populated_low = len;
	if (in->back_nothing)
		return;
	t0 = inst_wall_ns();
	huge_start = ((uintptr_t)p + HUGE_BYTES - 1) & ~(HUGE_BYTES - 1);
	huge_end = ((uintptr_t)p + len) & ~(HUGE_BYTES - 1);
	if (huge_end > huge_start)
		madvise((void *)huge_start, huge_end - huge_start,
			MADV_HUGEPAGE);
	madvise(addr, len, MADV_POPULATE_WRITE);
	in->populate_ns += inst_wall_ns() - t0;
}

/* The contract: "[seconds.micros] text", no newline. */
static bool log_line_ok(const char *line, size_t len)
{
	size_t i = 1, digits = 0;

	if (len < 3 || line[0] != '[' || memchr(line, '\n', len))
		return false;
	while (i < len && line[i] == ' ')
		i++;
	while (i < len && line[i] >= '0' && line[i] <= '9')
		i++;
	if (i >= len || line[i++] != '.')
		return false;
	while (i < len && line[i] >= '0' && line[i] <= '9') {
		i++;
		digits++;
	}
	return digits == 6 && i < len && line[i] == ']';
}

static void host_log(void *ctx, const char *line, size_t len)
{
	struct lib_instance *in = ctx;
	size_t need;

	if (log_to_stderr < 0) {
		const char *e = getenv("LIBLINUX_TEST_LOG");

		log_to_stderr = e && *e && strcmp(e, "0");
	}
	if (log_to_stderr)
		fprintf(stderr, "[%d] %.*s\n", in->index, (int)len, line);
	in->log_lines++;
	if (!log_line_ok(line, len))
		in->log_bad_lines++;
	if (!in->log) {
		in->log = malloc(INST_LOG_KEEP);
		if (!in->log)
			return;
	}
	if (len > INST_LOG_KEEP / 2)
		len = INST_LOG_KEEP / 2;
	need = len + 1;
	if (in->log_len + need > INST_LOG_KEEP) {
		/* Drop the oldest lines, whole, to make room. */
		size_t cut = in->log_len + need - INST_LOG_KEEP;
		char *nl = memchr(in->log + cut, '\n', in->log_len - cut);

		cut = nl ? (size_t)(nl - in->log) + 1 : in->log_len;
		memmove(in->log, in->log + cut, in->log_len - cut);
		in->log_len -= cut;
	}
	memcpy(in->log + in->log_len, line, len);
	in->log[in->log_len + len] = '\n';
	in->log_len += need;
}

static void host_panic(void *ctx, const char *message)
{
	struct lib_instance *in = ctx;

	in->panicked = true;
	snprintf(in->panic_msg, sizeof(in->panic_msg), "%s",
		 message ? message : "(null)");
	if (log_to_stderr > 0)
		fprintf(stderr, "[%d] PANIC: %s\n", in->index, in->panic_msg);
}

bool inst_log_contains(const struct lib_instance *in, const char *needle)
{
	return in->log && memmem(in->log, in->log_len, needle,
				 strlen(needle)) != NULL;
}

void instance_default_ops(struct lib_instance *in, uint64_t seed)
{
	memset(&in->ops, 0, sizeof(in->ops));
	in->ops.api_version = LIB_API_VERSION;
	in->ops.ctx = in;
	in->ops.random_seed = seed;
	in->ops.mem_alloc = host_mem_alloc;
	in->ops.mem_populate = host_mem_populate;
	in->ops.log = host_log;
	in->ops.panic = host_panic;
}

int instance_boot(struct lib_instance *in, uint64_t seed, uint64_t now)
{
	int ret;

	instance_default_ops(in, seed);
	ret = in->init(&in->ops, now);
	inst_drain(in);
	return ret;
}

struct lib_instance *inst_new(uint64_t seed)
{
	struct lib_instance *in = instance_open(NULL);
	int ret;

	if (!in)
		inst_fatal("instance_open: %s", instance_error());
	ret = instance_boot(in, seed, INST_T0);
	if (ret)
		inst_fatal("instance %d: lib_init = %d%s%s", in->index, ret,
			   in->panicked ? ", panic: " : "",
			   in->panicked ? in->panic_msg : "");
	return in;
}
