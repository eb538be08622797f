// SPDX-License-Identifier: GPL-2.0-only
/*
 * Files.  open() and its fortified and 64-bit twins of a node path (see
 * paths.c) open the file in the node's kernel; read, write, lseek, pread,
 * pwrite, readv, writev, fstat, fcntl, dup and close of the placeholder
 * then act on the kernel's file.  Host files are opened, looked up and
 * read only as paths.c allows (the node's scratch directory for writes,
 * files every user may read for reads), through the descriptor it
 * checked.
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

int shim_path_args(int dirfd, const char *path)
{
	if (!path) {
		errno = EFAULT;
		return -1;
	}
	if (shim_fd_reserved(dirfd)) {
		errno = EBADF;
		return -1;
	}
	return 0;
}

/* How open() with flags uses its path (see shim_classify). */
int shim_open_how(int flags)
{
	int nofollow = flags & O_NOFOLLOW ? SHIM_NOFOLLOW : 0;

	if (flags & O_PATH)
		return SHIM_LOOK | nofollow;
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return SHIM_WRITE;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return SHIM_ENTRY;
	if (flags & O_CREAT)
		return SHIM_WRITE | SHIM_CREATE | nofollow;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_TRUNC | O_APPEND)))
		return SHIM_WRITE | nofollow;
	return SHIM_READ | nofollow;
}

static int do_openat(int dirfd, const char *path, int flags, int mode)
{
	int kdir = dirfd == AT_FDCWD ? -1 : shim_kfd(dirfd);
	struct shim_target t;
	long k;
	int fd;

	if (shim_path_args(dirfd, path))
		return -1;
	if (kdir >= 0) {
		k = shim_kopen(kdir, path, flags, mode);
	} else {
		if (!path[0]) {
			errno = ENOENT;
			return -1;
		}
		switch (shim_classify(dirfd, path, shim_open_how(flags), &t)) {
		case SHIM_PATH_HOST:
			return shim_open_target(&t, flags, mode);
		case SHIM_PATH_DENY:
			return -1;
		}
		k = shim_kopen(AT_FDCWD, t.node, flags, mode);
	}
	if (k < 0)
		return (int)shim_ret(k);
	fd = shim_fd_new((int)k, SHIM_FD_FILE, flags & O_CLOEXEC);
	if (fd < 0)
		shim_kclose((int)k);
	return fd;
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
		return shim_ret(shim_epipe(shim_kwrite(kfd, buf, n)));
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
	r = shim_ret(shim_epipe(shim_kwrite(kfd, buf, total)));
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

/*
 * A file a program wrote in the node's directory has the host's times of
 * this run, which differ from run to run and would reach what it prints
 * (http.server's Last-Modified).  It shows the start of the simulation
 * instead: the same in every run.  Other host files keep theirs (the
 * same on a machine, and Python's cached bytecode is judged by them).
 */
static long node_times(int fd, long r, struct stat *st)
{
	if (r == 0 && shim_fd_in_node_dir(fd)) {
		memset(&st->st_atim, 0, sizeof(st->st_atim));
		memset(&st->st_mtim, 0, sizeof(st->st_mtim));
		memset(&st->st_ctim, 0, sizeof(st->st_ctim));
	}
	return r;
}

static long node_statx_times(int fd, long r, struct statx *st)
{
	if (r == 0 && shim_fd_in_node_dir(fd)) {
		memset(&st->stx_atime, 0, sizeof(st->stx_atime));
		memset(&st->stx_mtime, 0, sizeof(st->stx_mtime));
		memset(&st->stx_ctime, 0, sizeof(st->stx_ctime));
		memset(&st->stx_btime, 0, sizeof(st->stx_btime));
	}
	return r;
}

static int do_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	int kdir = dirfd == AT_FDCWD ? -1 : shim_kfd(dirfd);
	struct shim_target t;
	long r;

	if (shim_path_args(dirfd, path))
		return -1;
	if (kdir >= 0)
		return kstat(kdir, path, flags, st);
	/* The tool's own descriptor: it has it already. */
	if (flags & AT_EMPTY_PATH && path[0] == '\0')
		return (int)node_times(dirfd, shim_host(SYS_newfstatat, dirfd, (long)path, (long)st, flags, 0, 0), st);
	switch (shim_classify(dirfd, path, SHIM_LOOK | (flags & AT_SYMLINK_NOFOLLOW ? SHIM_NOFOLLOW : 0), &t)) {
	case SHIM_PATH_NODE:
		return kstat(AT_FDCWD, t.node, flags, st);
	case SHIM_PATH_DENY:
		return -1;
	}
	r = node_times(t.fd, shim_host(SYS_fstat, t.fd, (long)st, 0, 0, 0, 0), st);
	shim_target_done(&t);
	return (int)r;
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
	return (int)node_times(fd, shim_host(SYS_fstat, fd, (long)st, 0, 0, 0, 0), st);
}

int fstat64(int fd, struct stat64 *st)
{
	return fstat(fd, (struct stat *)st);
}

/* /proc/self/fd/N: the file of O_PATH descriptor fd, for calls that take a path. */
void shim_fd_link(int fd, char *buf, size_t len)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
}

static int do_faccessat(int dirfd, const char *path, int mode, int flags)
{
	int kdir = dirfd == AT_FDCWD ? -1 : shim_kfd(dirfd);
	struct shim_target t;
	struct stat st;
	char link[64];
	long r;

	if (shim_path_args(dirfd, path))
		return -1;
	if (kdir >= 0)
		return kstat(kdir, path, flags & AT_SYMLINK_NOFOLLOW, &st);
	switch (shim_classify(dirfd, path, SHIM_LOOK | (flags & AT_SYMLINK_NOFOLLOW ? SHIM_NOFOLLOW : 0), &t)) {
	case SHIM_PATH_NODE:
		return kstat(AT_FDCWD, t.node, 0, &st);
	case SHIM_PATH_DENY:
		return -1;
	}
	shim_fd_link(t.fd, link, sizeof(link));
	r = shim_host(SYS_faccessat2, AT_FDCWD, (long)link, mode, flags & AT_EACCESS, 0, 0);
	shim_target_done(&t);
	return (int)r;
}

int access(const char *path, int mode)
{
	return do_faccessat(AT_FDCWD, path, mode, 0);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	return do_faccessat(dirfd, path, mode, flags);
}

int euidaccess(const char *path, int mode)
{
	return do_faccessat(AT_FDCWD, path, mode, AT_EACCESS);
}

int eaccess(const char *path, int mode)
{
	return do_faccessat(AT_FDCWD, path, mode, AT_EACCESS);
}

/*
 * What readlink gives the program for a link's text of len bytes: a host
 * path in the node's view shown as the view names it (/proc/self/cwd, a
 * descriptor's /proc/self/fd/N), cut to the n bytes of buf as readlink
 * cuts.
 */
static ssize_t shown_link(char *text, size_t len, char *buf, size_t n)
{
	char shown[PATH_MAX];
	const char *p = text;

	if (len < PATH_MAX) {
		text[len] = '\0';
		switch (shim_view_shown(text, shown, sizeof(shown))) {
		case 1:
			p = shown;
			len = strlen(shown);
			break;
		case -1:
			return -1;
		}
	}
	if (len > n)
		len = n;
	memcpy(buf, p, len);
	return (ssize_t)len;
}

static ssize_t do_readlinkat(int dirfd, const char *path, char *buf, size_t n)
{
	int kdir = dirfd == AT_FDCWD ? -1 : shim_kfd(dirfd);
	size_t max = n > SHIM_MAX_BUF ? SHIM_MAX_BUF : n;
	char node[PATH_MAX], text[PATH_MAX];
	struct shim_target t;
	ssize_t r;

	if (shim_path_args(dirfd, path))
		return -1;
	/* Lexically only: resolving would follow the very link asked about. */
	if (kdir >= 0 || (shim_normalize_at(dirfd, path, node, sizeof(node)) == 0 && shim_path_forwarded(node))) {
		struct shim_arg a[4] = { shim_int(kdir >= 0 ? kdir : AT_FDCWD),
					 shim_buf(SHIM_IN, kdir >= 0 ? path : node,
						  strlen(kdir >= 0 ? path : node) + 1),
					 shim_buf(SHIM_OUTR, buf, max), shim_int((long)max) };

		return shim_ret(shim_call(K_READLINKAT, a, 4));
	}
	/* As the kernel's: no room is an error before the path is looked at. */
	if (n == 0) {
		errno = EINVAL;
		return -1;
	}
	if (shim_classify(dirfd, path, SHIM_LOOK | SHIM_NOFOLLOW, &t) != SHIM_PATH_HOST)
		return -1;
	r = shim_host(SYS_readlinkat, t.fd, (long)"", (long)text, sizeof(text), 0, 0);
	shim_target_done(&t);
	if (r < 0)
		return r;
	return shown_link(text, (size_t)r, buf, n);
}

ssize_t readlink(const char *path, char *buf, size_t n)
{
	return do_readlinkat(AT_FDCWD, path, buf, n);
}

ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t n)
{
	return do_readlinkat(dirfd, path, buf, n);
}

/*
 * A node path is resolved lexically: the node's /proc/sys has no symbolic
 * links, and the host's /proc/sys must not decide whether it exists.  A
 * host path is resolved by glibc, and the result is then looked up as any
 * path: one not every user can reach is refused.  glibc resolves a name
 * in the node's view as the host path it stands for, and the result is
 * shown as the view names it: glibc's own getcwd and readlink, for a
 * relative path or a link, are the host's.
 */
static char *do_realpath(const char *path, char *resolved, const char *host_name)
{
	char *(*host)(const char *p, char *r);
	char in[PATH_MAX], out[PATH_MAX];
	struct shim_target t;
	struct stat st;
	char *real;

	t.fd = -1;	/* no path: nothing classified, nothing to release */
	switch (path ? shim_classify(AT_FDCWD, path, SHIM_LOOK, &t) : SHIM_PATH_HOST) {
	case SHIM_PATH_NODE:
		if (kstat(AT_FDCWD, t.node, 0, &st))
			return NULL;
		if (!resolved)
			return strdup(t.node);
		return strcpy(resolved, t.node);
	case SHIM_PATH_DENY:
		return NULL;
	}
	shim_target_done(&t);
	host = (char *(*)(const char *p, char *r))dlsym(RTLD_NEXT, host_name);
	if (path && shim_view_host(AT_FDCWD, path, in, sizeof(in)) == 1)
		path = in;
	real = host(path, NULL);
	if (!real)
		return NULL;
	switch (shim_view_shown(real, out, sizeof(out))) {
	case 0:
		if (!resolved)
			return real;
		strcpy(out, real);
		break;
	case -1:
		free(real);
		return NULL;
	}
	free(real);
	return resolved ? strcpy(resolved, out) : strdup(out);
}

char *realpath(const char *path, char *resolved)
{
	return do_realpath(path, resolved, "realpath");
}

char *canonicalize_file_name(const char *path)
{
	return do_realpath(path, NULL, "canonicalize_file_name");
}

/* fcntl commands forwarded with an integer argument (or none). */
static int fcntl_int(int cmd)
{
	switch (cmd) {
	case F_GETFL: case F_SETFL: case F_GETOWN: case F_SETOWN:
	case F_GETSIG: case F_SETSIG: case F_GETLEASE: case F_SETLEASE:
	case F_NOTIFY: case F_GETPIPE_SZ: case F_SETPIPE_SZ:
	case F_ADD_SEALS: case F_GET_SEALS:
		return 1;
	}
	return 0;
}

/* ... with a struct in memory: its size (struct flock is the kernel's on x86-64). */
static size_t fcntl_struct(int cmd)
{
	switch (cmd) {
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
		return sizeof(struct flock);
	case F_GETOWN_EX: case F_SETOWN_EX:
		return sizeof(struct f_owner_ex);
	}
	return 0;
}

int fcntl(int fd, int cmd, ...)
{
	int kfd = shim_kfd(fd);
	va_list ap;
	long arg;
	size_t size;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	if (kfd < 0)
		return (int)shim_host(SYS_fcntl, fd, cmd, arg, 0, 0, 0);
	if (cmd == F_GETFD || cmd == F_SETFD)
		return (int)shim_host(SYS_fcntl, fd, cmd, arg, 0, 0, 0);
	if (fcntl_int(cmd)) {
		struct shim_arg a[3] = { shim_int(kfd), shim_int(cmd), shim_int(arg) };

		return (int)shim_ret(shim_call(K_FCNTL, a, 3));
	}
	size = fcntl_struct(cmd);
	if (size) {
		struct shim_arg a[3] = { shim_int(kfd), shim_int(cmd), shim_buf(SHIM_INOUT, (void *)arg, size) };

		return (int)shim_ret(shim_call(K_FCNTL, a, 3));
	}
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
		struct shim_arg a[1] = { shim_int(kfd) };
		long k = shim_call(K_DUP, a, 1);
		int nfd;

		if (k < 0)
			return (int)shim_ret(k);
		nfd = shim_fd_new_min((int)k, shim_fd_kind(fd), cmd == F_DUPFD_CLOEXEC, (int)arg);
		if (nfd < 0)
			shim_kclose((int)k);
		return nfd;
	}
	shim_say("fcntl: command %d on a node descriptor is not forwarded", cmd);
	errno = EOPNOTSUPP;
	return -1;
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

/*
 * dup3 of a node descriptor: the kernel's dup, with a placeholder at the
 * number asked for.  Not onto 0, 1 or 2: glibc's stdio writes those with
 * internal calls that would reach the placeholder, not the node.  Onto a
 * node descriptor: that one is closed in the kernel first, as dup3 would.
 */
int dup3(int fd, int to, int flags)
{
	int kfd = shim_kfd(fd), kto = shim_kfd(to);
	long k, r;

	if (shim_fd_reserved(to) || shim_fd_reserved(fd) || to < 0) {
		errno = EBADF;
		return -1;
	}
	if (fd == to) {
		errno = EINVAL;
		return -1;
	}
	if (kfd >= 0 && to <= 2)
		return (int)shim_unsupported("dup2", EOPNOTSUPP,
					     "a node descriptor cannot become standard input, output or error");
	if (kfd >= 0) {
		struct shim_arg a[1] = { shim_int(kfd) };

		k = shim_call(K_DUP, a, 1);
		if (k < 0)
			return (int)shim_ret(k);
		r = shim_host(SYS_dup3, fd, to, flags, 0, 0, 0);
		if (r < 0) {
			shim_kclose((int)k);
			return -1;
		}
		if (kto >= 0)
			shim_kclose(kto);
		return shim_fd_adopt(to, (int)k, shim_fd_kind(fd));
	}
	r = shim_host(SYS_dup3, fd, to, flags, 0, 0, 0);
	if (r >= 0 && kto >= 0) {
		shim_kclose(kto);
		shim_fd_forget(to);
	}
	return (int)r;
}

int dup2(int fd, int to)
{
	if (fd == to) {
		if (shim_fd_reserved(fd)) {
			errno = EBADF;
			return -1;
		}
		return (int)shim_host(SYS_fcntl, fd, F_GETFD, 0, 0, 0, 0) < 0 ? -1 : fd;
	}
	return dup3(fd, to, 0);
}

/* statx: the node's for node paths and descriptors, a checked lookup on the host. */
int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *st)
{
	int kdir = dirfd == AT_FDCWD ? -1 : shim_kfd(dirfd);
	struct shim_target t;
	const char *p = path;
	long r;

	if (shim_path_args(dirfd, path))
		return -1;
	if (kdir < 0 && !(flags & AT_EMPTY_PATH && path[0] == '\0')) {
		switch (shim_classify(dirfd, path, SHIM_LOOK | (flags & AT_SYMLINK_NOFOLLOW ? SHIM_NOFOLLOW : 0), &t)) {
		case SHIM_PATH_DENY:
			return -1;
		case SHIM_PATH_HOST:
			r = node_statx_times(t.fd, shim_host(SYS_statx, t.fd, (long)"", flags | AT_EMPTY_PATH, mask, (long)st, 0), st);
			shim_target_done(&t);
			return (int)r;
		}
		kdir = AT_FDCWD;
		p = t.node;
	} else if (kdir < 0) {
		return (int)node_statx_times(dirfd, shim_host(SYS_statx, dirfd, (long)path, flags, mask, (long)st, 0), st);
	}
	{
		struct shim_arg a[5] = { shim_int(kdir), shim_buf(SHIM_IN, p, strlen(p) + 1), shim_int(flags),
					 shim_int(mask), shim_buf(SHIM_OUT, st, sizeof(*st)) };

		return (int)shim_ret(shim_call(K_STATX, a, 5));
	}
}
