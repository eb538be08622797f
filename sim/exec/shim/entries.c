// SPDX-License-Identifier: GPL-2.0-only
/*
 * Calls that create, remove, rename or link names, or change a file
 * without writing it (truncate, chmod, chown, utime, extended attributes),
 * and glibc's temporary files, which it creates with internal calls no
 * other wrapper sees.  Each path is judged by shim_classify (paths.c):
 * on the host, only inside the node's scratch directory; the call is then
 * made on the descriptor that was judged, so a link cannot redirect it.
 * The node's own files (/proc/sys, /sys) are changed only by writing
 * them: the rest is refused.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include "shim.h"
#include "files.h"

/*
 * shim_classify for a call that changes the path: HOST (t filled) or -1.
 * A directory descriptor of the node, and node paths, are refused.
 */
static int target(const char *call, int dirfd, const char *path, int how, struct shim_target *t)
{
	if (shim_path_args(dirfd, path))
		return -1;
	if (dirfd != AT_FDCWD && shim_kfd(dirfd) >= 0) {
		shim_say("%s: %s: changing the node's files other than by writing them is not supported", call, path);
		errno = EACCES;
		return -1;
	}
	switch (shim_classify(dirfd, path, how, t)) {
	case SHIM_PATH_HOST:
		return 0;
	case SHIM_PATH_NODE:
		shim_say("%s: %s: changing the node's files other than by writing them is not supported", call, path);
		errno = EACCES;
		return -1;
	}
	return -1;
}

/* The result of a host call made on t, after releasing t. */
static long done(struct shim_target *t, long r)
{
	shim_target_done(t);
	return r;
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	struct shim_target t;

	if (target("mkdir", dirfd, path, SHIM_ENTRY, &t))
		return -1;
	return (int)done(&t, shim_host(SYS_mkdirat, t.fd, (long)t.name, mode & ~(S_ISUID | S_ISGID), 0, 0, 0));
}

int mkdir(const char *path, mode_t mode)
{
	return mkdirat(AT_FDCWD, path, mode);
}

int unlinkat(int dirfd, const char *path, int flags)
{
	struct shim_target t;

	if (target(flags & AT_REMOVEDIR ? "rmdir" : "unlink", dirfd, path, SHIM_ENTRY, &t))
		return -1;
	return (int)done(&t, shim_host(SYS_unlinkat, t.fd, (long)t.name, flags, 0, 0, 0));
}

int unlink(const char *path)
{
	return unlinkat(AT_FDCWD, path, 0);
}

int rmdir(const char *path)
{
	return unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

int remove(const char *path)
{
	struct stat st;

	if (path && lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return rmdir(path);
	return unlink(path);
}

int renameat2(int olddirfd, const char *old, int newdirfd, const char *new, unsigned int flags)
{
	struct shim_target a, b;
	long r;

	if (target("rename", olddirfd, old, SHIM_ENTRY, &a))
		return -1;
	if (target("rename", newdirfd, new, SHIM_ENTRY, &b))
		return (int)done(&a, -1);
	r = shim_host(SYS_renameat2, a.fd, (long)a.name, b.fd, (long)b.name, flags, 0);
	shim_target_done(&b);
	return (int)done(&a, r);
}

int renameat(int olddirfd, const char *old, int newdirfd, const char *new)
{
	return renameat2(olddirfd, old, newdirfd, new, 0);
}

int rename(const char *old, const char *new)
{
	return renameat2(AT_FDCWD, old, AT_FDCWD, new, 0);
}

/*
 * The existing file must be the node's too: a hard link in the scratch
 * directory to a host file would let the tool write that file.
 */
int linkat(int olddirfd, const char *old, int newdirfd, const char *new, int flags)
{
	struct shim_target a, b;
	char link[64];
	long r;

	a.fd = -1;
	if (old && !old[0] && (flags & AT_EMPTY_PATH)) {
		/* The tool's own descriptor: it must be a file of the node's directory too. */
		if (shim_kfd(olddirfd) >= 0 || shim_fd_reserved(olddirfd)) {
			errno = EBADF;
			return -1;
		}
		if (shim_host_fd_check(olddirfd, SHIM_WRITE, "link"))
			return -1;
		shim_fd_link(olddirfd, link, sizeof(link));
	} else {
		if (target("link", olddirfd, old, SHIM_WRITE | (flags & AT_SYMLINK_FOLLOW ? 0 : SHIM_NOFOLLOW), &a))
			return -1;
		shim_fd_link(a.fd, link, sizeof(link));
	}
	if (target("link", newdirfd, new, SHIM_ENTRY, &b))
		return (int)done(&a, -1);
	r = shim_host(SYS_linkat, AT_FDCWD, (long)link, b.fd, (long)b.name, AT_SYMLINK_FOLLOW, 0);
	shim_target_done(&b);
	return (int)done(&a, r);
}

int link(const char *old, const char *new)
{
	return linkat(AT_FDCWD, old, AT_FDCWD, new, 0);
}

/* The link's text may name anything: what is reached through it is judged when it is used. */
int symlinkat(const char *text, int dirfd, const char *path)
{
	struct shim_target t;

	if (!text) {
		errno = EFAULT;
		return -1;
	}
	if (target("symlink", dirfd, path, SHIM_ENTRY, &t))
		return -1;
	return (int)done(&t, shim_host(SYS_symlinkat, (long)text, t.fd, (long)t.name, 0, 0, 0));
}

int symlink(const char *text, const char *path)
{
	return symlinkat(text, AT_FDCWD, path);
}

/* Files, FIFOs and sockets only: a device node would open a host device. */
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	struct shim_target t;

	if (S_ISCHR(mode) || S_ISBLK(mode)) {
		shim_say("mknod: %s: device nodes are refused", path ? path : "(null)");
		errno = EACCES;
		return -1;
	}
	if (target("mknod", dirfd, path, SHIM_ENTRY, &t))
		return -1;
	return (int)done(&t, shim_host(SYS_mknodat, t.fd, (long)t.name, mode & ~(S_ISUID | S_ISGID), (long)dev, 0, 0));
}

int mknod(const char *path, mode_t mode, dev_t dev)
{
	return mknodat(AT_FDCWD, path, mode, dev);
}

int mkfifoat(int dirfd, const char *path, mode_t mode)
{
	return mknodat(dirfd, path, (mode & 07777) | S_IFIFO, 0);
}

int mkfifo(const char *path, mode_t mode)
{
	return mknodat(AT_FDCWD, path, (mode & 07777) | S_IFIFO, 0);
}

int truncate(const char *path, off_t len)
{
	struct shim_target t;
	struct stat st;
	long fd, r;

	if (target("truncate", AT_FDCWD, path, SHIM_WRITE, &t))
		return -1;
	/*
	 * Through a descriptor opened for writing, not truncate(2): where
	 * Landlock cannot judge that call (before ABI 3) the starter refuses
	 * it (seccomp.c).  Only a regular file, as truncate(2): opening a
	 * FIFO for writing would wait for a reader.
	 */
	if (shim_host(SYS_fstat, t.fd, (long)&st, 0, 0, 0, 0) < 0)
		return (int)done(&t, -1);
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return (int)done(&t, -1);
	}
	fd = shim_reopen(t.fd, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return (int)done(&t, -1);
	r = shim_host(SYS_ftruncate, fd, len, 0, 0, 0, 0);
	shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
	return (int)done(&t, r);
}

int truncate64(const char *path, off_t len)
{
	return truncate(path, len);
}

/* A setuid or setgid program in the results would run as whoever ran libsim. */
static int setid(const char *call, const char *path, int fd, mode_t mode)
{
	struct stat st;

	if (!(mode & (S_ISUID | S_ISGID)))
		return 0;
	if (shim_host(SYS_fstat, fd, (long)&st, 0, 0, 0, 0) == 0 && S_ISDIR(st.st_mode))
		return 0;
	shim_say("%s: %s: setuid and setgid files are refused", call, path);
	errno = EACCES;
	return 1;
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	struct shim_target t;
	struct stat st;
	char link[64];

	if (target("chmod", dirfd, path, SHIM_WRITE | (flags & AT_SYMLINK_NOFOLLOW ? SHIM_NOFOLLOW : 0), &t))
		return -1;
	if (setid("chmod", path, t.fd, mode))
		return (int)done(&t, -1);
	/* As glibc: the mode of a symbolic link cannot be changed. */
	if (shim_host(SYS_fstat, t.fd, (long)&st, 0, 0, 0, 0) == 0 && S_ISLNK(st.st_mode)) {
		errno = EOPNOTSUPP;
		return (int)done(&t, -1);
	}
	shim_fd_link(t.fd, link, sizeof(link));
	return (int)done(&t, shim_host(SYS_fchmodat, AT_FDCWD, (long)link, mode, 0, 0, SHIM_MARK));
}

int chmod(const char *path, mode_t mode)
{
	return fchmodat(AT_FDCWD, path, mode, 0);
}

int lchmod(const char *path, mode_t mode)
{
	return fchmodat(AT_FDCWD, path, mode, AT_SYMLINK_NOFOLLOW);
}

int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	struct shim_target t;

	if (path && !path[0] && (flags & AT_EMPTY_PATH))
		return fchown(dirfd, uid, gid);
	if (target("chown", dirfd, path, SHIM_WRITE | (flags & AT_SYMLINK_NOFOLLOW ? SHIM_NOFOLLOW : 0), &t))
		return -1;
	/* Nothing to change (the starter's filter refuses it: it would touch the ctime of any file). */
	if (uid == (uid_t)-1 && gid == (gid_t)-1)
		return (int)done(&t, 0);
	return (int)done(&t, shim_host(SYS_fchownat, t.fd, (long)"", uid, gid, AT_EMPTY_PATH, SHIM_MARK));
}

int chown(const char *path, uid_t uid, gid_t gid)
{
	return fchownat(AT_FDCWD, path, uid, gid, 0);
}

int lchown(const char *path, uid_t uid, gid_t gid)
{
	return fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
	struct shim_target t;

	/* No path: the descriptor itself (futimens). */
	if (!path || (!path[0] && (flags & AT_EMPTY_PATH)))
		return futimens(dirfd, times);
	if (target("utime", dirfd, path, SHIM_WRITE | (flags & AT_SYMLINK_NOFOLLOW ? SHIM_NOFOLLOW : 0), &t))
		return -1;
	return (int)done(&t, shim_host(SYS_utimensat, t.fd, (long)"", (long)times, AT_EMPTY_PATH, 0, SHIM_MARK));
}

/* struct timeval[2] (NULL: now) as struct timespec[2]. */
static const struct timespec *from_timeval(const struct timeval tv[2], struct timespec ts[2])
{
	int i;

	if (!tv)
		return NULL;
	for (i = 0; i < 2; i++) {
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return ts;
}

int utimes(const char *path, const struct timeval tv[2])
{
	struct timespec ts[2];

	return utimensat(AT_FDCWD, path, from_timeval(tv, ts), 0);
}

int lutimes(const char *path, const struct timeval tv[2])
{
	struct timespec ts[2];

	return utimensat(AT_FDCWD, path, from_timeval(tv, ts), AT_SYMLINK_NOFOLLOW);
}

int futimesat(int dirfd, const char *path, const struct timeval tv[2])
{
	struct timespec ts[2];

	if (!path)
		return futimens(dirfd, from_timeval(tv, ts));
	return utimensat(dirfd, path, from_timeval(tv, ts), 0);
}

int utime(const char *path, const struct utimbuf *u)
{
	struct timespec ts[2];

	if (u) {
		ts[0].tv_sec = u->actime;
		ts[1].tv_sec = u->modtime;
		ts[0].tv_nsec = ts[1].tv_nsec = 0;
	}
	return utimensat(AT_FDCWD, path, u ? ts : NULL, 0);
}

/*
 * Extended attributes of host files: set and removed as any change
 * (judged, then the call made by path: no descriptor form exists for a
 * link's own attributes), read as any lookup.
 */
static long xattr_path(const char *call, long nr, const char *path, int how, long a, long b, long c, long d)
{
	struct shim_target t;
	char host[PATH_MAX];

	if (target(call, AT_FDCWD, path, how, &t))
		return -1;
	shim_target_done(&t);
	/* A name in the node's view: the host's is what was judged. */
	if (shim_view_host(AT_FDCWD, path, host, sizeof(host)) == 1)
		path = host;
	/* Marked: getting and listing ignore it, setting and removing need it. */
	return shim_host(nr, (long)path, a, b, c, d, SHIM_MARK);
}

int setxattr(const char *path, const char *name, const void *value, size_t size, int flags)
{
	return (int)xattr_path("setxattr", SYS_setxattr, path, SHIM_WRITE, (long)name, (long)value, (long)size, flags);
}

int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)
{
	return (int)xattr_path("setxattr", SYS_lsetxattr, path, SHIM_WRITE | SHIM_NOFOLLOW,
			       (long)name, (long)value, (long)size, flags);
}

int removexattr(const char *path, const char *name)
{
	return (int)xattr_path("removexattr", SYS_removexattr, path, SHIM_WRITE, (long)name, 0, 0, 0);
}

int lremovexattr(const char *path, const char *name)
{
	return (int)xattr_path("removexattr", SYS_lremovexattr, path, SHIM_WRITE | SHIM_NOFOLLOW, (long)name, 0, 0, 0);
}

ssize_t getxattr(const char *path, const char *name, void *value, size_t size)
{
	return xattr_path("getxattr", SYS_getxattr, path, SHIM_LOOK, (long)name, (long)value, (long)size, 0);
}

ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size)
{
	return xattr_path("getxattr", SYS_lgetxattr, path, SHIM_LOOK | SHIM_NOFOLLOW,
			  (long)name, (long)value, (long)size, 0);
}

ssize_t listxattr(const char *path, char *list, size_t size)
{
	return xattr_path("listxattr", SYS_listxattr, path, SHIM_LOOK, (long)list, (long)size, 0, 0);
}

ssize_t llistxattr(const char *path, char *list, size_t size)
{
	return xattr_path("listxattr", SYS_llistxattr, path, SHIM_LOOK | SHIM_NOFOLLOW, (long)list, (long)size, 0, 0);
}

/*
 * Temporary files.  glibc creates them with internal calls, so they are
 * made here with the checked open(): names are tried in a fixed order
 * (000000, 000001, ...), so that a run's files are the same every time.
 */
static int fill_template(char *tmpl, int suffix, unsigned int n)
{
	size_t len = tmpl ? strlen(tmpl) : 0;
	char *x;
	int i;

	if (suffix < 0 || len < 6 + (size_t)suffix)
		return -1;
	x = tmpl + len - suffix - 6;
	/* The first try checks the template; later ones overwrite what it put there. */
	for (i = 0; i < 6 && n == 0; i++)
		if (x[i] != 'X')
			return -1;
	for (i = 5; i >= 0; i--, n /= 10)
		x[i] = (char)('0' + n % 10);
	return 0;
}

static int make_temp(char *tmpl, int suffix, int flags, int dir)
{
	unsigned int n;

	for (n = 0; n < 1000000; n++) {
		int r;

		if (fill_template(tmpl, suffix, n)) {
			errno = EINVAL;
			return -1;
		}
		if (dir)
			r = mkdir(tmpl, 0700);
		else
			r = open(tmpl, (flags & ~O_ACCMODE) | O_RDWR | O_CREAT | O_EXCL, 0600);
		if (r >= 0 || errno != EEXIST)
			return r;
	}
	errno = EEXIST;
	return -1;
}

int mkostemps(char *tmpl, int suffix, int flags)
{
	return make_temp(tmpl, suffix, flags, 0);
}

int mkostemps64(char *tmpl, int suffix, int flags)
{
	return make_temp(tmpl, suffix, flags, 0);
}

int mkstemps(char *tmpl, int suffix)
{
	return make_temp(tmpl, suffix, 0, 0);
}

int mkstemps64(char *tmpl, int suffix)
{
	return make_temp(tmpl, suffix, 0, 0);
}

int mkostemp(char *tmpl, int flags)
{
	return make_temp(tmpl, 0, flags, 0);
}

int mkostemp64(char *tmpl, int flags)
{
	return make_temp(tmpl, 0, flags, 0);
}

int mkstemp(char *tmpl)
{
	return make_temp(tmpl, 0, 0, 0);
}

int mkstemp64(char *tmpl)
{
	return make_temp(tmpl, 0, 0, 0);
}

char *mkdtemp(char *tmpl)
{
	return make_temp(tmpl, 0, 0, 1) < 0 ? NULL : tmpl;
}

/* tmpfile() is an unnamed file in the node's scratch directory, not in the host's /tmp. */
FILE *tmpfile(void)
{
	const char *dir = shim_node_dir();
	FILE *fp;
	int fd;

	if (!dir) {
		shim_say("tmpfile: writing host files is refused (this command has no node directory)");
		errno = EACCES;
		return NULL;
	}
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return NULL;
	fp = fdopen(fd, "w+");
	if (!fp)
		close(fd);
	return fp;
}

FILE *tmpfile64(void)
{
	return tmpfile();
}
