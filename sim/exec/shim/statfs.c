// SPDX-License-Identifier: GPL-2.0-only
/*
 * statfs and statvfs of node paths (ip checks /sys/fs/bpf with them) are
 * the node kernel's statfs.  Its struct statfs (asm-generic, 64-bit) is
 * the host's on x86-64.  A host path is looked up as paths.c allows, and
 * a node descriptor's is the kernel's fstatfs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include "shim.h"

#define K_STATFS 43
#define K_FSTATFS 44

static int kstatfs(const char *node, struct statfs *st)
{
	struct shim_arg a[2] = { shim_buf(SHIM_IN, node, strlen(node) + 1),
				 shim_buf(SHIM_OUT, st, sizeof(*st)) };

	return (int)shim_ret(shim_call(K_STATFS, a, 2));
}

int statfs(const char *path, struct statfs *st)
{
	struct shim_target t;
	long r;

	switch (shim_classify(AT_FDCWD, path, SHIM_LOOK, &t)) {
	case SHIM_PATH_NODE:
		return kstatfs(t.node, st);
	case SHIM_PATH_DENY:
		return -1;
	}
	r = shim_host(SYS_fstatfs, t.fd, (long)st, 0, 0, 0, 0);
	shim_target_done(&t);
	return (int)r;
}

int fstatfs(int fd, struct statfs *st)
{
	int kfd = shim_kfd(fd);

	if (kfd >= 0) {
		struct shim_arg a[2] = { shim_int(kfd), shim_buf(SHIM_OUT, st, sizeof(*st)) };

		return (int)shim_ret(shim_call(K_FSTATFS, a, 2));
	}
	if (shim_fd_reserved(fd)) {
		errno = EBADF;
		return -1;
	}
	return (int)shim_host(SYS_fstatfs, fd, (long)st, 0, 0, 0, 0);
}

int fstatfs64(int fd, struct statfs64 *st)
{
	return fstatfs(fd, (struct statfs *)st);
}

int statfs64(const char *path, struct statfs64 *st)
{
	return statfs(path, (struct statfs *)st);
}

static void to_statvfs(const struct statfs *f, struct statvfs *st)
{
	memset(st, 0, sizeof(*st));
	st->f_bsize = (unsigned long)f->f_bsize;
	st->f_frsize = (unsigned long)(f->f_frsize ? f->f_frsize : f->f_bsize);
	st->f_blocks = f->f_blocks;
	st->f_bfree = f->f_bfree;
	st->f_bavail = f->f_bavail;
	st->f_files = f->f_files;
	st->f_ffree = f->f_ffree;
	st->f_favail = f->f_ffree;
	memcpy(&st->f_fsid, &f->f_fsid, sizeof(st->f_fsid) < sizeof(f->f_fsid) ?
	       sizeof(st->f_fsid) : sizeof(f->f_fsid));
	/* ST_* flags are the kernel's MS_* bits that statfs reports (ST_VALID excluded). */
	st->f_flag = (unsigned long)f->f_flags & ~0x20UL;
	st->f_namemax = (unsigned long)f->f_namelen;
}

int statvfs(const char *path, struct statvfs *st)
{
	struct statfs f;

	if (statfs(path, &f))
		return -1;
	to_statvfs(&f, st);
	return 0;
}

int statvfs64(const char *path, struct statvfs64 *st)
{
	return statvfs(path, (struct statvfs *)st);
}

int fstatvfs(int fd, struct statvfs *st)
{
	struct statfs f;

	if (fstatfs(fd, &f))
		return -1;
	to_statvfs(&f, st);
	return 0;
}

int fstatvfs64(int fd, struct statvfs64 *st)
{
	return fstatvfs(fd, (struct statvfs *)st);
}
