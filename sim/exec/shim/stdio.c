// SPDX-License-Identifier: GPL-2.0-only
/*
 * stdio on node files.  glibc's fopen opens and reads with its internal
 * calls, which no wrapper sees, so a node path gets a FILE of our own
 * (fopencookie) whose reads, writes and seeks are the kernel's.  A host
 * path is opened by the shim's checked open() (paths.c), and glibc gets
 * the descriptor (fdopen); freopen() gets it as /proc/self/fd/N, the very
 * file that was checked.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include "shim.h"
#include "files.h"

struct kfile {
	int kfd;
	int placeholder;	/* fdopen()ed placeholder to drop, or -1 */
	FILE *fp;
	struct kfile *next;	/* in `buffered`, or NULL */
};

/*
 * Node files fopen()ed for reading only, which keep a buffer even when
 * the program asks for none.  A cookie FILE (fopencookie) reads through
 * glibc's generic path, which on an unbuffered stream asks for one byte
 * per call, where a file stream reads what fread() wants at once: iperf3
 * fills its 128 KiB send buffer from an unbuffered /dev/urandom, 131,072
 * calls to the node instead of one.  For a file only read through the
 * stream nothing else tells a buffer from none (a socket or pipe, which
 * another reader could share, is never listed).
 */
static struct kfile *buffered;
static int buffered_lock;

static ssize_t kf_read(void *c, char *buf, size_t n)
{
	return shim_ret(shim_kread(((struct kfile *)c)->kfd, buf, n));
}

static ssize_t kf_write(void *c, const char *buf, size_t n)
{
	ssize_t r = shim_epipe(shim_kwrite(((struct kfile *)c)->kfd, buf, n));

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

static void unlist(struct kfile *f)
{
	struct kfile **p;

	shim_lock(&buffered_lock);
	for (p = &buffered; *p; p = &(*p)->next)
		if (*p == f) {
			*p = f->next;
			break;
		}
	shim_unlock(&buffered_lock);
}

static int kf_close(void *c)
{
	struct kfile *f = c;

	unlist(f);

	if (f->placeholder >= 0)
		shim_fd_drop(f->placeholder);
	shim_kclose(f->kfd);
	free(f);
	return 0;
}

/* A FILE on node descriptor kfd; `keep_buffer`: listed in `buffered`. */
static FILE *kfile(int kfd, int placeholder, const char *mode, int keep_buffer)
{
	cookie_io_functions_t io = { kf_read, kf_write, kf_seek, kf_close };
	struct kfile *f = malloc(sizeof(*f));
	FILE *fp;

	if (!f)
		return NULL;
	f->kfd = kfd;
	f->placeholder = placeholder;
	f->next = NULL;
	fp = fopencookie(f, mode, io);
	if (!fp) {
		free(f);
		return NULL;
	}
	f->fp = fp;
	if (keep_buffer) {
		shim_lock(&buffered_lock);
		f->next = buffered;
		buffered = f;
		shim_unlock(&buffered_lock);
	}
	return fp;
}

static int keeps_buffer(FILE *fp)
{
	struct kfile *f;
	int found = 0;

	shim_lock(&buffered_lock);
	for (f = buffered; f && !found; f = f->next)
		found = f->fp == fp;
	shim_unlock(&buffered_lock);
	return found;
}

int setvbuf(FILE *fp, char *buf, int mode, size_t size)
{
	static int (*host)(FILE *, char *, int, size_t);

	if (!host)
		host = (int (*)(FILE *, char *, int, size_t))dlsym(RTLD_NEXT, "setvbuf");
	if (mode == _IONBF && fp && keeps_buffer(fp))
		return host(fp, NULL, _IOFBF, BUFSIZ);
	return host(fp, buf, mode, size);
}

/* glibc's setbuf and setbuffer do not go through setvbuf. */
void setbuffer(FILE *fp, char *buf, size_t size)
{
	setvbuf(fp, buf, buf ? _IOFBF : _IONBF, size);
}

void setbuf(FILE *fp, char *buf)
{
	setbuffer(fp, buf, BUFSIZ);
}

/* open()'s flags for an fopen() mode: r, w, a, with +, x (O_EXCL) and e (O_CLOEXEC). */
static int mode_flags(const char *mode)
{
	int plus = strchr(mode, '+') != NULL;
	int extra = (strchr(mode, 'x') ? O_EXCL : 0) | (strchr(mode, 'e') ? O_CLOEXEC : 0);

	switch (mode[0]) {
	case 'r':
		return (plus ? O_RDWR : O_RDONLY) | (extra & O_CLOEXEC);
	case 'w':
		return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC | extra;
	case 'a':
		return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND | extra;
	default:
		return -1;
	}
}

/* The checked host descriptor for fopen(path, mode), or -1. */
static int open_host(struct shim_target *t, const char *path, int flags)
{
	int fd;

	switch (shim_classify(AT_FDCWD, path, shim_open_how(flags), t)) {
	case SHIM_PATH_HOST:
		fd = shim_open_target(t, flags, 0666);
		return fd;
	case SHIM_PATH_NODE:
		return -2;
	}
	return -1;
}

static FILE *do_fopen(const char *path, const char *mode)
{
	FILE *(*host)(int f, const char *m);
	int flags = mode ? mode_flags(mode) : -1;
	struct shim_target t;
	FILE *fp;
	long k;
	int fd;

	if (!path || flags < 0) {
		errno = path ? EINVAL : EFAULT;
		return NULL;
	}
	fd = open_host(&t, path, flags);
	if (fd == -1)
		return NULL;
	if (fd >= 0) {
		host = (FILE *(*)(int f, const char *m))dlsym(RTLD_NEXT, "fdopen");
		fp = host(fd, mode);
		if (!fp) {
			int e = errno;

			shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
			errno = e;
		}
		return fp;
	}
	k = shim_kopen(AT_FDCWD, t.node, flags, 0666);
	if (k < 0) {
		shim_ret(k);
		return NULL;
	}
	fp = kfile((int)k, -1, mode, (flags & O_ACCMODE) == O_RDONLY);
	if (!fp)
		shim_kclose((int)k);
	return fp;
}

FILE *fopen(const char *path, const char *mode)
{
	return do_fopen(path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
	return do_fopen(path, mode);
}

FILE *fdopen(int fd, const char *mode)
{
	static FILE *(*host)(int, const char *);
	int kfd = shim_kfd(fd);

	if (kfd >= 0)
		return kfile(kfd, fd, mode, 0);
	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return NULL;
	}
	if (!host)
		host = (FILE *(*)(int, const char *))dlsym(RTLD_NEXT, "fdopen");
	return host(fd, mode);
}

/*
 * glibc's freopen opens the new file with its internal calls: it gets
 * the checked file as /proc/self/fd/N (with x dropped from the mode: the
 * file exists by then).  freopen(NULL, mode) reopens the stream's own file
 * with a new mode, which could turn a file read into one written: it is
 * checked as any open.
 */
static FILE *do_freopen(const char *path, const char *mode, FILE *fp, const char *host_name)
{
	FILE *(*host)(const char *p, const char *m, FILE *f);
	int flags = mode ? mode_flags(mode) : -1;
	char link[64], m[16];
	struct shim_target t;
	size_t i, j;
	FILE *r;
	int fd;

	if (flags < 0 || !fp) {
		errno = EINVAL;
		return NULL;
	}
	host = (FILE *(*)(const char *p, const char *m, FILE *f))dlsym(RTLD_NEXT, host_name);
	if (!path) {
		if (fileno(fp) < 0 || shim_kfd(fileno(fp)) >= 0) {
			errno = EBADF;
			return NULL;
		}
		if (shim_host_fd_check(fileno(fp), shim_open_how(flags) & SHIM_USE, "freopen"))
			return NULL;
		return host(NULL, mode, fp);
	}
	fd = open_host(&t, path, flags);
	if (fd == -2) {
		shim_say("freopen: %s: a node file cannot replace a stream (fopen it)", path);
		errno = EOPNOTSUPP;
		return NULL;
	}
	if (fd < 0)
		return NULL;
	/* Out of the way of the stream's own descriptor, which freopen closes first. */
	if (fd < 3) {
		long moved = shim_host(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 3, 0, 0, 0);

		shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
		if (moved < 0)
			return NULL;
		fd = (int)moved;
	}
	for (i = j = 0; mode[i] && j < sizeof(m) - 1; i++)
		if (mode[i] != 'x')
			m[j++] = mode[i];
	m[j] = '\0';
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	r = host(link, m, fp);
	shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
	return r;
}

FILE *freopen(const char *path, const char *mode, FILE *fp)
{
	return do_freopen(path, mode, fp, "freopen");
}

FILE *freopen64(const char *path, const char *mode, FILE *fp)
{
	return do_freopen(path, mode, fp, "freopen64");
}
