// SPDX-License-Identifier: GPL-2.0-only
/*
 * Files.  open() and its fortified and 64-bit twins of a node path (see
 * paths.c) open the file in the node's kernel; read, write, lseek, pread,
 * pwrite, readv, writev, fstat, fcntl, dup and close of the placeholder
 * then act on the kernel's file.  Host files are opened as usual, except
 * that /proc, /dev and netns paths of the host are never opened for
 * writing, and directories are never created or removed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "shim.h"
#include "files.h"

#define WRITE_FLAGS (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)

long shim_kopen(int kdirfd, const char *path, int flags, int mode)
{
	struct shim_arg a[4] = { shim_int(kdirfd), shim_buf(SHIM_IN, path, strlen(path) + 1),
				 shim_int(flags & ~O_CLOEXEC), shim_int(mode) };

	return shim_call(K_OPENAT, a, 4);
}

void shim_kclose(int kfd)
{
	struct shim_arg a[1] = { shim_int(kfd) };

	shim_call(K_CLOSE, a, 1);
}

static int do_openat(int dirfd, const char *path, int flags, int mode)
{
	int kdir = dirfd == AT_FDCWD ? -1 : shim_kfd(dirfd);
	char node[PATH_MAX];
	int cls;

	if (!path) {
		errno = EFAULT;
		return -1;
	}
	if (shim_fd_reserved(dirfd)) {
		errno = EBADF;
		return -1;
	}
	cls = kdir >= 0 ? SHIM_PATH_NODE : shim_classify(dirfd, path, flags & WRITE_FLAGS, node, sizeof(node));
	if (cls == SHIM_PATH_NODE) {
		long k = kdir >= 0 ? shim_kopen(kdir, path, flags, mode) : shim_kopen(AT_FDCWD, node, flags, mode);
		int fd;

		if (k < 0)
			return (int)shim_ret(k);
		fd = shim_fd_new((int)k, SHIM_FD_FILE, flags & O_CLOEXEC);
		if (fd < 0)
			shim_kclose((int)k);
		return fd;
	}
	if (cls == SHIM_PATH_DENY) {
		errno = EACCES;
		return -1;
	}
	return (int)shim_host(SYS_openat, dirfd, (long)path, flags, mode, 0, 0);
}

static int mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_openat(AT_FDCWD, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_openat(AT_FDCWD, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_openat(dirfd, path, flags, mode);
}

int __open_2(const char *path, int flags)
{
	return do_openat(AT_FDCWD, path, flags, 0);
}

int __open64_2(const char *path, int flags)
{
	return do_openat(AT_FDCWD, path, flags, 0);
}

int __openat_2(int dirfd, const char *path, int flags)
{
	return do_openat(dirfd, path, flags, 0);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	return do_openat(dirfd, path, flags, 0);
}

int creat(const char *path, mode_t mode)
{
	return do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, (int)mode);
}

int close(int fd)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0) {
		struct shim_arg a[1] = { shim_int(kfd) };
		long r = shim_call(K_CLOSE, a, 1);

		shim_fd_drop(fd);
		return (int)shim_ret(r);
	}
	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	return (int)shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
}

ssize_t shim_kread(int kfd, void *buf, size_t n)
{
	struct shim_arg a[3];

	if (n > SHIM_MAX_BUF)
		n = SHIM_MAX_BUF;
	a[0] = shim_int(kfd);
	a[1] = shim_buf(SHIM_OUTR, buf, n);
	a[2] = shim_int((long)n);
	return shim_call(K_READ, a, 3);
}

ssize_t shim_kwrite(int kfd, const void *buf, size_t n)
{
	struct shim_arg a[3];

	if (n > SHIM_MAX_BUF)
		n = SHIM_MAX_BUF;
	a[0] = shim_int(kfd);
	a[1] = shim_buf(SHIM_IN, buf, n);
	a[2] = shim_int((long)n);
	return shim_call(K_WRITE, a, 3);
}

ssize_t read(int fd, void *buf, size_t n)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0)
		return shim_ret(shim_kread(kfd, buf, n));
	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	return shim_host(SYS_read, fd, (long)buf, (long)n, 0, 0, 0);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0)
		return shim_ret(shim_kwrite(kfd, buf, n));
	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	return shim_host(SYS_write, fd, (long)buf, (long)n, 0, 0, 0);
}

static ssize_t kpio(long nr, int kfd, void *buf, size_t n, off_t off)
{
	struct shim_arg a[4];

	if (n > SHIM_MAX_BUF)
		n = SHIM_MAX_BUF;
	a[0] = shim_int(kfd);
	a[1] = shim_buf(nr == K_PREAD64 ? SHIM_OUTR : SHIM_IN, buf, n);
	a[2] = shim_int((long)n);
	a[3] = shim_int(off);
	return shim_ret(shim_call(nr, a, 4));
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0)
		return kpio(K_PREAD64, kfd, buf, n, off);
	return shim_host(SYS_pread64, fd, (long)buf, (long)n, off, 0, 0);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
	return pread(fd, buf, n, off);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0)
		return kpio(K_PWRITE64, kfd, (void *)buf, n, off);
	return shim_host(SYS_pwrite64, fd, (long)buf, (long)n, off, 0, 0);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	return pwrite(fd, buf, n, off);
}

off_t shim_klseek(int kfd, off_t off, int whence)
{
	struct shim_arg a[3] = { shim_int(kfd), shim_int(off), shim_int(whence) };

	return shim_call(K_LSEEK, a, 3);
}

off_t lseek(int fd, off_t off, int whence)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0)
		return shim_ret(shim_klseek(kfd, off, whence));
	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	return shim_host(SYS_lseek, fd, off, whence, 0, 0, 0);
}

off_t lseek64(int fd, off_t off, int whence)
{
	return lseek(fd, off, whence);
}

ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
	int kfd = shim_kfd(fd);
	size_t total = 0, left;
	char *buf;
	ssize_t r;
	int i;

	if (kfd < 0)
		return shim_host(SYS_readv, fd, (long)iov, cnt, 0, 0, 0);
	for (i = 0; i < cnt; i++)
		total += iov[i].iov_len;
	buf = malloc(total ? total : 1);
	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	r = shim_ret(shim_kread(kfd, buf, total));
	for (i = 0, left = r > 0 ? (size_t)r : 0; i < cnt && left; i++) {
		size_t k = iov[i].iov_len < left ? iov[i].iov_len : left;

		memcpy(iov[i].iov_base, buf + (r - (ssize_t)left), k);
		left -= k;
	}
	free(buf);
	return r;
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	int kfd = shim_kfd(fd);
	size_t total = 0, at = 0;
	char *buf;
	ssize_t r;
	int i;

	if (kfd < 0)
		return shim_host(SYS_writev, fd, (long)iov, cnt, 0, 0, 0);
	for (i = 0; i < cnt; i++)
		total += iov[i].iov_len;
	buf = malloc(total ? total : 1);
	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < cnt; i++) {
		memcpy(buf + at, iov[i].iov_base, iov[i].iov_len);
		at += iov[i].iov_len;
	}
	r = shim_ret(shim_kwrite(kfd, buf, total));
	free(buf);
	return r;
}

/* statx in the node's kernel, converted to the host's struct stat. */
static int kstat(int kdirfd, const char *path, int flags, struct stat *st)
{
	struct statx x;
	struct shim_arg a[5] = { shim_int(kdirfd), shim_buf(SHIM_IN, path, strlen(path) + 1),
				 shim_int(flags), shim_int(STATX_BASIC_STATS),
				 shim_buf(SHIM_OUT, &x, sizeof(x)) };
	long r = shim_call(K_STATX, a, 5);

	if (r < 0)
		return (int)shim_ret(r);
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(x.stx_dev_major, x.stx_dev_minor);
	st->st_ino = x.stx_ino;
	st->st_mode = x.stx_mode;
	st->st_nlink = x.stx_nlink;
	st->st_uid = x.stx_uid;
	st->st_gid = x.stx_gid;
	st->st_rdev = makedev(x.stx_rdev_major, x.stx_rdev_minor);
	st->st_size = (off_t)x.stx_size;
	st->st_blksize = x.stx_blksize;
	st->st_blocks = (blkcnt_t)x.stx_blocks;
	st->st_atim.tv_sec = x.stx_atime.tv_sec;
	st->st_atim.tv_nsec = x.stx_atime.tv_nsec;
	st->st_mtim.tv_sec = x.stx_mtime.tv_sec;
	st->st_mtim.tv_nsec = x.stx_mtime.tv_nsec;
	st->st_ctim.tv_sec = x.stx_ctime.tv_sec;
	st->st_ctim.tv_nsec = x.stx_ctime.tv_nsec;
	return 0;
}

static int do_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	int kdir = dirfd == AT_FDCWD ? -1 : shim_kfd(dirfd);
	char node[PATH_MAX];

	if (!path) {
		errno = EFAULT;
		return -1;
	}
	if (kdir >= 0)
		return kstat(kdir, path, flags, st);
	if (shim_fd_reserved(dirfd)) {
		errno = EBADF;
		return -1;
	}
	if (!(flags & AT_EMPTY_PATH && path[0] == '\0') &&
	    shim_classify(dirfd, path, 0, node, sizeof(node)) == SHIM_PATH_NODE)
		return kstat(AT_FDCWD, node, flags, st);
	return (int)shim_host(SYS_newfstatat, dirfd, (long)path, (long)st, flags, 0, 0);
}

int stat(const char *path, struct stat *st)
{
	return do_fstatat(AT_FDCWD, path, st, 0);
}

int stat64(const char *path, struct stat64 *st)
{
	return do_fstatat(AT_FDCWD, path, (struct stat *)st, 0);
}

int lstat(const char *path, struct stat *st)
{
	return do_fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int lstat64(const char *path, struct stat64 *st)
{
	return do_fstatat(AT_FDCWD, path, (struct stat *)st, AT_SYMLINK_NOFOLLOW);
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	return do_fstatat(dirfd, path, st, flags);
}

int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
	return do_fstatat(dirfd, path, (struct stat *)st, flags);
}

int fstat(int fd, struct stat *st)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0)
		return kstat(kfd, "", AT_EMPTY_PATH, st);
	return (int)shim_host(SYS_fstat, fd, (long)st, 0, 0, 0, 0);
}

int fstat64(int fd, struct stat64 *st)
{
	return fstat(fd, (struct stat *)st);
}

int access(const char *path, int mode)
{
	char node[PATH_MAX];
	struct stat st;

	if (path && shim_classify(AT_FDCWD, path, 0, node, sizeof(node)) == SHIM_PATH_NODE)
		return kstat(AT_FDCWD, node, 0, &st);
	return (int)shim_host(SYS_faccessat, AT_FDCWD, (long)path, mode, 0, 0, 0);
}

ssize_t readlink(const char *path, char *buf, size_t n)
{
	char node[PATH_MAX];

	/* Lexically only: resolving would follow the very link asked about. */
	if (path && shim_normalize_at(AT_FDCWD, path, node, sizeof(node)) == 0 && shim_path_forwarded(node)) {
		struct shim_arg a[4] = { shim_int(AT_FDCWD), shim_buf(SHIM_IN, node, strlen(node) + 1),
					 shim_buf(SHIM_OUTR, buf, n > SHIM_MAX_BUF ? SHIM_MAX_BUF : n),
					 shim_int((long)(n > SHIM_MAX_BUF ? SHIM_MAX_BUF : n)) };

		return shim_ret(shim_call(K_READLINKAT, a, 4));
	}
	return shim_host(SYS_readlinkat, AT_FDCWD, (long)path, (long)buf, (long)n, 0, 0);
}

/*
 * A node path is resolved lexically: the node's /proc/sys has no symbolic
 * links, and the host's /proc/sys must not decide whether it exists.
 */
char *realpath(const char *path, char *resolved)
{
	static char *(*host)(const char *, char *);
	char n[PATH_MAX];
	struct stat st;

	if (path && shim_classify(AT_FDCWD, path, 0, n, sizeof(n)) == SHIM_PATH_NODE) {
		if (kstat(AT_FDCWD, n, 0, &st))
			return NULL;
		if (!resolved)
			return strdup(n);
		return strcpy(resolved, n);
	}
	if (!host)
		host = (char *(*)(const char *, char *))dlsym(RTLD_NEXT, "realpath");
	return host(path, resolved);
}

int fcntl(int fd, int cmd, ...)
{
	int kfd = shim_kfd(fd);
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	if (kfd < 0)
		return (int)shim_host(SYS_fcntl, fd, cmd, arg, 0, 0, 0);
	switch (cmd) {
	case F_GETFD:
	case F_SETFD:
		return (int)shim_host(SYS_fcntl, fd, cmd, arg, 0, 0, 0);
	case F_GETFL:
	case F_SETFL: {
		struct shim_arg a[3] = { shim_int(kfd), shim_int(cmd), shim_int(arg) };

		return (int)shim_ret(shim_call(K_FCNTL, a, 3));
	}
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		struct shim_arg a[1] = { shim_int(kfd) };
		long k = shim_call(K_DUP, a, 1);
		int nfd;

		if (k < 0)
			return (int)shim_ret(k);
		nfd = shim_fd_new((int)k, shim_fd_kind(fd), cmd == F_DUPFD_CLOEXEC);
		if (nfd < 0)
			shim_kclose((int)k);
		return nfd;
	}
	default:
		errno = EINVAL;
		return -1;
	}
}

int fcntl64(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return fcntl(fd, cmd, arg);
}

int dup(int fd)
{
	if (shim_kfd(fd) >= 0)
		return fcntl(fd, F_DUPFD, 0);
	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	return (int)shim_host(SYS_dup, fd, 0, 0, 0, 0, 0);
}

int dup3(int fd, int to, int flags)
{
	/* Onto a forwarded descriptor or the channel, or from a forwarded one: not supported. */
	if (shim_kfd(fd) >= 0 || shim_kfd(to) >= 0 || shim_fd_reserved(to) || shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	return (int)shim_host(SYS_dup3, fd, to, flags, 0, 0, 0);
}

int dup2(int fd, int to)
{
	if (fd == to && shim_kfd(fd) < 0 && !shim_fd_reserved(fd))
		return (int)shim_host(SYS_fcntl, fd, F_GETFD, 0, 0, 0, 0) < 0 ? -1 : fd;
	return dup3(fd, to, 0);
}

static int refuse_path(const char *path)
{
	char node[PATH_MAX];

	if (path && shim_classify(AT_FDCWD, path, 1, node, sizeof(node)) != SHIM_PATH_HOST) {
		errno = EACCES;
		return 1;
	}
	return 0;
}

int mkdir(const char *path, mode_t mode)
{
	if (refuse_path(path))
		return -1;
	return (int)shim_host(SYS_mkdirat, AT_FDCWD, (long)path, mode, 0, 0, 0);
}

int rmdir(const char *path)
{
	if (refuse_path(path))
		return -1;
	return (int)shim_host(SYS_unlinkat, AT_FDCWD, (long)path, AT_REMOVEDIR, 0, 0, 0);
}

int unlink(const char *path)
{
	if (refuse_path(path))
		return -1;
	return (int)shim_host(SYS_unlinkat, AT_FDCWD, (long)path, 0, 0, 0, 0);
}

int symlink(const char *target, const char *path)
{
	if (refuse_path(path))
		return -1;
	return (int)shim_host(SYS_symlinkat, (long)target, AT_FDCWD, (long)path, 0, 0, 0);
}
