// SPDX-License-Identifier: GPL-2.0-only
/*
 * Calls that take descriptors, beyond read, write, socket calls and the
 * like (files.c, sockets.c).  On a node descriptor each is either done by
 * the node's kernel or fails with an error and a line on stderr naming
 * the call: the placeholder behind the number (fdmap.c) must never answer
 * for the node's file.  On a host descriptor, the calls that change a file
 * without writing it (fchmod, fchown, futimens, fsetxattr, ioctl) are
 * judged as its path would be (paths.c): a descriptor read from a host
 * file does not make that file the tool's to change.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <termios.h>
#include <unistd.h>
#include "shim.h"
#include "files.h"

/* asm-generic numbers of the node's kernel for the calls below. */
#define K_FSETXATTR	7
#define K_FGETXATTR	10
#define K_FLISTXATTR	13
#define K_FREMOVEXATTR	16
#define K_FLOCK		32
#define K_FTRUNCATE	46
#define K_FALLOCATE	47
#define K_FCHMOD	52
#define K_FCHOWN	55
#define K_SENDFILE	71
#define K_SPLICE	76
#define K_TEE		77
#define K_FSYNC		82
#define K_FDATASYNC	83
#define K_SYNC_FILE_RANGE 84
#define K_UTIMENSAT	88
#define K_READAHEAD	213
#define K_FADVISE64	223
#define K_SYNCFS	267
#define K_COPY_FILE_RANGE 285

long shim_unsupported(const char *call, int err, const char *why)
{
	shim_say("%s: %s", call, why);
	errno = err;
	return -1;
}

/* A call of only integers on kernel fd kfd: its result, errno set. */
static long kints(long nr, int kfd, long a, long b, long c, long d)
{
	struct shim_arg v[5] = { shim_int(kfd), shim_int(a), shim_int(b), shim_int(c), shim_int(d) };

	return shim_ret(shim_call(nr, v, 5));
}

/* The channel is nobody's: every call on it fails as on a closed descriptor. */
static int reserved(int fd)
{
	if (!shim_fd_reserved(fd))
		return 0;
	errno = EBADF;
	return 1;
}

#define INTS_CALL(name, nr, host_nr, proto, a, b, c, d)				\
	int name proto								\
	{									\
		int kfd = shim_kfd(fd);						\
										\
		if (kfd >= 0)							\
			return (int)kints(nr, kfd, (long)(a), (long)(b), (long)(c), (long)(d)); \
		if (reserved(fd))						\
			return -1;						\
		return (int)shim_host(host_nr, fd, (long)(a), (long)(b), (long)(c), (long)(d), 0); \
	}

INTS_CALL(fsync, K_FSYNC, SYS_fsync, (int fd), 0, 0, 0, 0)
INTS_CALL(fdatasync, K_FDATASYNC, SYS_fdatasync, (int fd), 0, 0, 0, 0)
INTS_CALL(syncfs, K_SYNCFS, SYS_syncfs, (int fd), 0, 0, 0, 0)
INTS_CALL(flock, K_FLOCK, SYS_flock, (int fd, int op), op, 0, 0, 0)
INTS_CALL(ftruncate, K_FTRUNCATE, SYS_ftruncate, (int fd, off_t len), len, 0, 0, 0)
INTS_CALL(ftruncate64, K_FTRUNCATE, SYS_ftruncate, (int fd, off64_t len), len, 0, 0, 0)
INTS_CALL(fallocate, K_FALLOCATE, SYS_fallocate, (int fd, int mode, off_t off, off_t len), mode, off, len, 0)
INTS_CALL(fallocate64, K_FALLOCATE, SYS_fallocate, (int fd, int mode, off64_t off, off64_t len), mode, off, len, 0)
INTS_CALL(sync_file_range, K_SYNC_FILE_RANGE, SYS_sync_file_range,
	  (int fd, off64_t off, off64_t len, unsigned int flags), off, len, flags, 0)

ssize_t readahead(int fd, off64_t off, size_t len)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0)
		return kints(K_READAHEAD, kfd, off, (long)len, 0, 0);
	if (reserved(fd))
		return -1;
	return shim_host(SYS_readahead, fd, off, (long)len, 0, 0, 0);
}

/* posix_fadvise and posix_fallocate return the error instead of setting errno. */
int posix_fadvise(int fd, off_t off, off_t len, int advice)
{
	int kfd = shim_kfd(fd);
	long r;

	if (reserved(fd))
		return EBADF;
	if (kfd >= 0)
		r = kints(K_FADVISE64, kfd, off, len, advice, 0);
	else
		r = shim_host(SYS_fadvise64, fd, off, len, advice, 0, 0);
	return r < 0 ? errno : 0;
}

int posix_fadvise64(int fd, off64_t off, off64_t len, int advice)
{
	return posix_fadvise(fd, off, len, advice);
}

int posix_fallocate(int fd, off_t off, off_t len)
{
	return fallocate(fd, 0, off, len) < 0 ? errno : 0;
}

int posix_fallocate64(int fd, off64_t off, off64_t len)
{
	return fallocate(fd, 0, off, len) < 0 ? errno : 0;
}

/* Changes of a host file that need no write access: only of the node's scratch files. */
int fchmod(int fd, mode_t mode)
{
	int kfd = shim_kfd(fd);
	struct stat st;

	if (kfd >= 0)
		return (int)kints(K_FCHMOD, kfd, mode, 0, 0, 0);
	if (reserved(fd) || shim_host_fd_check(fd, SHIM_WRITE, "fchmod"))
		return -1;
	if ((mode & (S_ISUID | S_ISGID)) && shim_host(SYS_fstat, fd, (long)&st, 0, 0, 0, 0) == 0 &&
	    !S_ISDIR(st.st_mode))
		return (int)shim_unsupported("fchmod", EACCES, "setuid and setgid files are refused");
	return (int)shim_host(SYS_fchmod, fd, mode, 0, 0, 0, SHIM_MARK);
}

int fchown(int fd, uid_t uid, gid_t gid)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0)
		return (int)kints(K_FCHOWN, kfd, uid, gid, 0, 0);
	if (reserved(fd) || shim_host_fd_check(fd, SHIM_WRITE, "fchown"))
		return -1;
	/* Nothing to change (the starter's filter refuses it, seccomp.c). */
	if (uid == (uid_t)-1 && gid == (gid_t)-1)
		return 0;
	return (int)shim_host(SYS_fchown, fd, uid, gid, 0, 0, SHIM_MARK);
}

int futimens(int fd, const struct timespec times[2])
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0) {
		struct shim_arg a[4] = { shim_int(kfd), shim_int(0),
					 shim_buf(SHIM_IN, times, times ? 2 * sizeof(times[0]) : 0), shim_int(0) };

		return (int)shim_ret(shim_call(K_UTIMENSAT, a, 4));
	}
	if (reserved(fd) || shim_host_fd_check(fd, SHIM_WRITE, "futimens"))
		return -1;
	return (int)shim_host(SYS_utimensat, fd, 0, (long)times, 0, 0, SHIM_MARK);
}

int futimes(int fd, const struct timeval tv[2])
{
	struct timespec ts[2];

	if (tv) {
		ts[0].tv_sec = tv[0].tv_sec;
		ts[0].tv_nsec = tv[0].tv_usec * 1000;
		ts[1].tv_sec = tv[1].tv_sec;
		ts[1].tv_nsec = tv[1].tv_usec * 1000;
	}
	return futimens(fd, tv ? ts : NULL);
}

int fsetxattr(int fd, const char *name, const void *value, size_t size, int flags)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0) {
		struct shim_arg a[5] = { shim_int(kfd), shim_buf(SHIM_IN, name, name ? strlen(name) + 1 : 0),
					 shim_buf(SHIM_IN, value, size), shim_int((long)size), shim_int(flags) };

		return (int)shim_ret(shim_call(K_FSETXATTR, a, 5));
	}
	if (reserved(fd) || shim_host_fd_check(fd, SHIM_WRITE, "fsetxattr"))
		return -1;
	return (int)shim_host(SYS_fsetxattr, fd, (long)name, (long)value, (long)size, flags, SHIM_MARK);
}

int fremovexattr(int fd, const char *name)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0) {
		struct shim_arg a[2] = { shim_int(kfd), shim_buf(SHIM_IN, name, name ? strlen(name) + 1 : 0) };

		return (int)shim_ret(shim_call(K_FREMOVEXATTR, a, 2));
	}
	if (reserved(fd) || shim_host_fd_check(fd, SHIM_WRITE, "fremovexattr"))
		return -1;
	return (int)shim_host(SYS_fremovexattr, fd, (long)name, 0, 0, 0, SHIM_MARK);
}

ssize_t fgetxattr(int fd, const char *name, void *value, size_t size)
{
	int kfd = shim_kfd(fd);
	size_t n = size > SHIM_MAX_BUF ? SHIM_MAX_BUF : size;

	if (kfd >= 0) {
		struct shim_arg a[4] = { shim_int(kfd), shim_buf(SHIM_IN, name, name ? strlen(name) + 1 : 0),
					 shim_buf(SHIM_OUTR, value, n), shim_int((long)n) };

		return shim_ret(shim_call(K_FGETXATTR, a, 4));
	}
	if (reserved(fd))
		return -1;
	return shim_host(SYS_fgetxattr, fd, (long)name, (long)value, (long)size, 0, 0);
}

ssize_t flistxattr(int fd, char *list, size_t size)
{
	int kfd = shim_kfd(fd);
	size_t n = size > SHIM_MAX_BUF ? SHIM_MAX_BUF : size;

	if (kfd >= 0) {
		struct shim_arg a[3] = { shim_int(kfd), shim_buf(SHIM_OUTR, list, n), shim_int((long)n) };

		return shim_ret(shim_call(K_FLISTXATTR, a, 3));
	}
	if (reserved(fd))
		return -1;
	return shim_host(SYS_flistxattr, fd, (long)list, (long)size, 0, 0, 0);
}

ssize_t getdents64(int fd, void *buf, size_t n)
{
	int kfd = shim_kfd(fd);

	if (n > SHIM_MAX_BUF)
		n = SHIM_MAX_BUF;
	if (kfd >= 0) {
		struct shim_arg a[3] = { shim_int(kfd), shim_buf(SHIM_OUTR, buf, n), shim_int((long)n) };

		return shim_ret(shim_call(K_GETDENTS64, a, 3));
	}
	if (reserved(fd))
		return -1;
	return shim_host(SYS_getdents64, fd, (long)buf, (long)n, 0, 0, 0);
}

/* preadv and pwritev: gathered into one buffer for the kernel's pread64 and pwrite64. */
static ssize_t kvec(int kfd, const struct iovec *iov, int cnt, off_t off, int write)
{
	size_t total = 0, at = 0, left;
	struct shim_arg a[4];
	char *buf;
	ssize_t r;
	int i;

	for (i = 0; i < cnt; i++)
		total += iov[i].iov_len;
	if (total > SHIM_MAX_BUF)
		total = SHIM_MAX_BUF;
	buf = malloc(total ? total : 1);
	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; write && i < cnt && at < total; i++) {
		size_t k = iov[i].iov_len < total - at ? iov[i].iov_len : total - at;

		memcpy(buf + at, iov[i].iov_base, k);
		at += k;
	}
	a[0] = shim_int(kfd);
	a[1] = shim_buf(write ? SHIM_IN : SHIM_OUTR, buf, total);
	a[2] = shim_int((long)total);
	a[3] = shim_int(off);
	if (off == -1)
		r = shim_ret(shim_call(write ? K_WRITE : K_READ, a, 3));
	else
		r = shim_ret(shim_call(write ? K_PWRITE64 : K_PREAD64, a, 4));
	for (i = 0, at = 0, left = r > 0 && !write ? (size_t)r : 0; i < cnt && left; i++) {
		size_t k = iov[i].iov_len < left ? iov[i].iov_len : left;

		memcpy(iov[i].iov_base, buf + at, k);
		at += k;
		left -= k;
	}
	free(buf);
	return r;
}

static ssize_t do_preadv2(int fd, const struct iovec *iov, int cnt, off_t off, int flags, int write)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0) {
		if (flags)
			return shim_unsupported(write ? "pwritev2" : "preadv2", EOPNOTSUPP,
						"flags on node descriptors are not forwarded");
		return kvec(kfd, iov, cnt, off, write);
	}
	if (reserved(fd))
		return -1;
	return shim_host(write ? SYS_pwritev2 : SYS_preadv2, fd, (long)iov, cnt, off, 0, flags);
}

ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return do_preadv2(fd, iov, cnt, off, 0, 0);
}

ssize_t preadv64(int fd, const struct iovec *iov, int cnt, off64_t off)
{
	return do_preadv2(fd, iov, cnt, off, 0, 0);
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return do_preadv2(fd, iov, cnt, off, 0, 1);
}

ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off64_t off)
{
	return do_preadv2(fd, iov, cnt, off, 0, 1);
}

ssize_t preadv2(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
{
	return do_preadv2(fd, iov, cnt, off, flags, 0);
}

ssize_t preadv64v2(int fd, const struct iovec *iov, int cnt, off64_t off, int flags)
{
	return do_preadv2(fd, iov, cnt, off, flags, 0);
}

ssize_t pwritev2(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
{
	return do_preadv2(fd, iov, cnt, off, flags, 1);
}

ssize_t pwritev64v2(int fd, const struct iovec *iov, int cnt, off64_t off, int flags)
{
	return do_preadv2(fd, iov, cnt, off, flags, 1);
}

/*
 * Two descriptors: both the node's (done by its kernel), both the host's,
 * or one of each, which no kernel can join: refused.
 */
static int two_fds(const char *call, int a, int b, int *ka, int *kb)
{
	*ka = shim_kfd(a);
	*kb = shim_kfd(b);
	if (reserved(a) || reserved(b))
		return -1;
	if ((*ka >= 0) != (*kb >= 0))
		return (int)shim_unsupported(call, EOPNOTSUPP,
					     "a node descriptor and a host descriptor in one call are not supported");
	return *ka >= 0;
}

ssize_t sendfile(int out, int in, off_t *off, size_t count)
{
	int ko, ki, r = two_fds("sendfile", out, in, &ko, &ki);

	if (r < 0)
		return -1;
	if (r) {
		struct shim_arg a[4] = { shim_int(ko), shim_int(ki),
					 shim_buf(SHIM_INOUT, off, off ? sizeof(*off) : 0), shim_int((long)count) };

		return shim_ret(shim_call(K_SENDFILE, a, 4));
	}
	return shim_host(SYS_sendfile, out, in, (long)off, (long)count, 0, 0);
}

ssize_t sendfile64(int out, int in, off64_t *off, size_t count)
{
	return sendfile(out, in, (off_t *)off, count);
}

/* splice and copy_file_range: two descriptors, each with an offset the kernel may advance. */
static ssize_t two_offsets(const char *call, long knr, long hnr, int in, loff_t *off_in, int out,
			   loff_t *off_out, size_t len, unsigned int flags)
{
	int ki, ko, r = two_fds(call, in, out, &ki, &ko);

	if (r < 0)
		return -1;
	if (r) {
		struct shim_arg a[6] = { shim_int(ki), shim_buf(SHIM_INOUT, off_in, off_in ? sizeof(*off_in) : 0),
					 shim_int(ko), shim_buf(SHIM_INOUT, off_out, off_out ? sizeof(*off_out) : 0),
					 shim_int((long)len), shim_int(flags) };

		return shim_ret(shim_call(knr, a, 6));
	}
	return shim_host(hnr, in, (long)off_in, out, (long)off_out, (long)len, flags);
}

ssize_t splice(int in, loff_t *off_in, int out, loff_t *off_out, size_t len, unsigned int flags)
{
	return two_offsets("splice", K_SPLICE, SYS_splice, in, off_in, out, off_out, len, flags);
}

ssize_t copy_file_range(int in, loff_t *off_in, int out, loff_t *off_out, size_t len, unsigned int flags)
{
	return two_offsets("copy_file_range", K_COPY_FILE_RANGE, SYS_copy_file_range, in, off_in, out, off_out,
			   len, flags);
}

ssize_t tee(int in, int out, size_t len, unsigned int flags)
{
	int ki, ko, r = two_fds("tee", in, out, &ki, &ko);

	if (r < 0)
		return -1;
	if (r)
		return kints(K_TEE, ki, ko, (long)len, flags, 0);
	return shim_host(SYS_tee, in, out, (long)len, flags, 0, 0);
}

ssize_t vmsplice(int fd, const struct iovec *iov, size_t cnt, unsigned int flags)
{
	if (shim_kfd(fd) >= 0)
		return shim_unsupported("vmsplice", EOPNOTSUPP, "node descriptors are not forwarded");
	if (reserved(fd))
		return -1;
	return shim_host(SYS_vmsplice, fd, (long)iov, (long)cnt, flags, 0, 0);
}

/* The node's memory is not the tool's: its files cannot be mapped (mmap's own errno for that). */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r;

	if (!(flags & MAP_ANONYMOUS) && shim_kfd(fd) >= 0) {
		shim_unsupported("mmap", ENODEV, "node descriptors cannot be mapped");
		return MAP_FAILED;
	}
	if (!(flags & MAP_ANONYMOUS) && reserved(fd))
		return MAP_FAILED;
	r = shim_host(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
	return r == -1 ? MAP_FAILED : (void *)r;
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off64_t off)
{
	return mmap(addr, len, prot, flags, fd, off);
}

int fchdir(int fd)
{
	if (shim_kfd(fd) >= 0)
		return (int)shim_unsupported("fchdir", EOPNOTSUPP, "a node directory cannot be the working directory");
	if (reserved(fd))
		return -1;
	return (int)shim_host(SYS_fchdir, fd, 0, 0, 0, 0, 0);
}

/* The node has no terminals: the kernel's answer for a socket or a file. */
int isatty(int fd)
{
	static int (*host)(int);

	if (shim_kfd(fd) >= 0 || shim_fd_reserved(fd)) {
		errno = shim_kfd(fd) >= 0 ? ENOTTY : EBADF;
		return 0;
	}
	if (!host)
		host = (int (*)(int))dlsym(RTLD_NEXT, "isatty");
	return host(fd);
}

int tcgetattr(int fd, struct termios *t)
{
	static int (*host)(int, struct termios *);

	if (shim_kfd(fd) >= 0 || shim_fd_reserved(fd)) {
		errno = shim_kfd(fd) >= 0 ? ENOTTY : EBADF;
		return -1;
	}
	if (!host)
		host = (int (*)(int, struct termios *))dlsym(RTLD_NEXT, "tcgetattr");
	return host(fd, t);
}

/* Closes fds from..to: node ones in the kernel, never the channel. */
int close_range(unsigned int from, unsigned int to, int flags)
{
	int ch = shim_channel_fd();
	unsigned int fd;

	if (from > to) {
		errno = EINVAL;
		return -1;
	}
	for (fd = from; fd <= to && fd < 4096; fd++)
		if (shim_kfd((int)fd) >= 0 && !(flags & CLOSE_RANGE_CLOEXEC))
			close((int)fd);
	if (ch >= 0 && (unsigned int)ch >= from && (unsigned int)ch <= to) {
		if ((unsigned int)ch > from && shim_host(SYS_close_range, from, ch - 1, flags, 0, 0, 0) < 0)
			return -1;
		if ((unsigned int)ch == to)
			return 0;
		from = (unsigned int)ch + 1;
	}
	return (int)shim_host(SYS_close_range, from, to, flags, 0, 0, 0);
}

void closefrom(int from)
{
	close_range(from < 0 ? 0 : (unsigned int)from, ~0U, 0);
}

int lockf(int fd, int cmd, off_t len)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_len = len };

	switch (cmd) {
	case F_TEST:
		fl.l_type = F_RDLCK;
		if (fcntl(fd, F_GETLK, &fl) < 0)
			return -1;
		if (fl.l_type == F_UNLCK || fl.l_pid == getpid())
			return 0;
		errno = EACCES;
		return -1;
	case F_ULOCK:
		fl.l_type = F_UNLCK;
		return fcntl(fd, F_SETLK, &fl);
	case F_LOCK:
		return fcntl(fd, F_SETLKW, &fl);
	case F_TLOCK:
		return fcntl(fd, F_SETLK, &fl);
	}
	errno = EINVAL;
	return -1;
}

int lockf64(int fd, int cmd, off64_t len)
{
	return lockf(fd, cmd, len);
}

/* glibc's fortified variants call its internal functions, which bypass the wrappers above. */
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	if (n > buflen)
		abort();
	return read(fd, buf, n);
}

ssize_t __pread_chk(int fd, void *buf, size_t n, off_t off, size_t buflen)
{
	if (n > buflen)
		abort();
	return pread(fd, buf, n, off);
}

ssize_t __pread64_chk(int fd, void *buf, size_t n, off64_t off, size_t buflen)
{
	if (n > buflen)
		abort();
	return pread(fd, buf, n, off);
}

ssize_t __recv_chk(int fd, void *buf, size_t n, size_t buflen, int flags)
{
	if (n > buflen)
		abort();
	return recv(fd, buf, n, flags);
}

ssize_t __recvfrom_chk(int fd, void *buf, size_t n, size_t buflen, int flags,
		       struct sockaddr *sa, socklen_t *len)
{
	if (n > buflen)
		abort();
	return recvfrom(fd, buf, n, flags, sa, len);
}

ssize_t __readlink_chk(const char *path, char *buf, size_t n, size_t buflen)
{
	if (n > buflen)
		abort();
	return readlink(path, buf, n);
}

ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf, size_t n, size_t buflen)
{
	if (n > buflen)
		abort();
	return readlinkat(dirfd, path, buf, n);
}

char *__realpath_chk(const char *path, char *resolved, size_t len)
{
	if (resolved && len < 4096)
		abort();
	return realpath(path, resolved);
}
