// SPDX-License-Identifier: GPL-2.0-only
/*
 * stdio on node files.  glibc's fopen opens and reads with its internal
 * calls, which no wrapper sees, so a node path gets a FILE of our own
 * (fopencookie) whose reads, writes and seeks are the kernel's.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "shim.h"
#include "files.h"

struct kfile {
	int kfd;
	int placeholder;	/* fdopen()ed placeholder to drop, or -1 */
};

static ssize_t kf_read(void *c, char *buf, size_t n)
{
	return shim_ret(shim_kread(((struct kfile *)c)->kfd, buf, n));
}

static ssize_t kf_write(void *c, const char *buf, size_t n)
{
	ssize_t r = shim_kwrite(((struct kfile *)c)->kfd, buf, n);

	/* fopencookie: 0 is the error value of a write function. */
	if (r < 0) {
		errno = (int)-r;
		return 0;
	}
	return r;
}

static int kf_seek(void *c, off64_t *off, int whence)
{
	off_t r = shim_klseek(((struct kfile *)c)->kfd, *off, whence);

	if (r < 0)
		return (int)shim_ret(r);
	*off = r;
	return 0;
}

static int kf_close(void *c)
{
	struct kfile *f = c;

	if (f->placeholder >= 0)
		shim_fd_drop(f->placeholder);
	shim_kclose(f->kfd);
	free(f);
	return 0;
}

static FILE *kfile(int kfd, int placeholder, const char *mode)
{
	cookie_io_functions_t io = { kf_read, kf_write, kf_seek, kf_close };
	struct kfile *f = malloc(sizeof(*f));
	FILE *fp;

	if (!f)
		return NULL;
	f->kfd = kfd;
	f->placeholder = placeholder;
	fp = fopencookie(f, mode, io);
	if (!fp)
		free(f);
	return fp;
}

static int mode_flags(const char *mode)
{
	int plus = strchr(mode, '+') != NULL;

	switch (mode[0]) {
	case 'r':
		return plus ? O_RDWR : O_RDONLY;
	case 'w':
		return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
	case 'a':
		return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
	default:
		return -1;
	}
}

static FILE *do_fopen(const char *path, const char *mode, const char *host_name)
{
	FILE *(*host)(const char *p, const char *m);
	char node[PATH_MAX];
	int cls = path && mode ? shim_classify(AT_FDCWD, path, mode[0] != 'r' || strchr(mode, '+'),
					       node, sizeof(node)) : SHIM_PATH_HOST;

	if (cls == SHIM_PATH_NODE) {
		int flags = mode_flags(mode);
		long k;
		FILE *fp;

		if (flags < 0) {
			errno = EINVAL;
			return NULL;
		}
		k = shim_kopen(AT_FDCWD, node, flags, 0666);
		if (k < 0) {
			shim_ret(k);
			return NULL;
		}
		fp = kfile((int)k, -1, mode);
		if (!fp)
			shim_kclose((int)k);
		return fp;
	}
	if (cls == SHIM_PATH_DENY) {
		errno = EACCES;
		return NULL;
	}
	host = (FILE *(*)(const char *p, const char *m))dlsym(RTLD_NEXT, host_name);
	return host(path, mode);
}

FILE *fopen(const char *path, const char *mode)
{
	return do_fopen(path, mode, "fopen");
}

FILE *fopen64(const char *path, const char *mode)
{
	return do_fopen(path, mode, "fopen64");
}

FILE *fdopen(int fd, const char *mode)
{
	static FILE *(*host)(int, const char *);
	int kfd = shim_kfd(fd);

	if (kfd >= 0)
		return kfile(kfd, fd, mode);
	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return NULL;
	}
	if (!host)
		host = (FILE *(*)(int, const char *))dlsym(RTLD_NEXT, "fdopen");
	return host(fd, mode);
}

static FILE *do_freopen(const char *path, const char *mode, FILE *fp, const char *host_name)
{
	FILE *(*host)(const char *p, const char *m, FILE *f);
	char node[PATH_MAX];

	if (path && shim_classify(AT_FDCWD, path, 1, node, sizeof(node)) != SHIM_PATH_HOST) {
		errno = EACCES;
		return NULL;
	}
	host = (FILE *(*)(const char *p, const char *m, FILE *f))dlsym(RTLD_NEXT, host_name);
	return host(path, mode, fp);
}

FILE *freopen(const char *path, const char *mode, FILE *fp)
{
	return do_freopen(path, mode, fp, "freopen");
}

FILE *freopen64(const char *path, const char *mode, FILE *fp)
{
	return do_freopen(path, mode, fp, "freopen64");
}
