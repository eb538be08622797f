// SPDX-License-Identifier: GPL-2.0-only
/*
 * Placeholders.  Every descriptor the node's kernel gives the tool is
 * backed by a real host descriptor, an O_PATH descriptor of /dev/null, so
 * that the numbers the tool sees never collide with its host files.  I/O
 * on a placeholder that somehow bypasses the shim fails (EBADF), and so
 * does a path relative to it (ENOTDIR: not a directory, unlike "/"): it
 * never reaches anything of the host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include "shim.h"

#define MAX_FDS 4096

static struct {
	int kfd;	/* kernel fd + 1; 0 when not forwarded */
	int kind;
} map[MAX_FDS];

int shim_kfd(int fd)
{
	if (fd < 0 || fd >= MAX_FDS)
		return -1;
	return map[fd].kfd - 1;
}

int shim_fd_kind(int fd)
{
	return shim_kfd(fd) < 0 ? SHIM_FD_NONE : map[fd].kind;
}

int shim_fd_reserved(int fd)
{
	return fd >= 0 && fd == shim_channel_fd();
}

int shim_fd_new_min(int kfd, int kind, int cloexec, int min)
{
	long fd = shim_host(SYS_openat, AT_FDCWD, (long)"/dev/null",
			    O_PATH | (cloexec ? O_CLOEXEC : 0), 0, 0, 0);

	if (fd < 0)
		return -1;
	if (fd < min) {
		long moved = shim_host(SYS_fcntl, fd, cloexec ? F_DUPFD_CLOEXEC : F_DUPFD, min, 0, 0, 0);

		shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
		if (moved < 0)
			return -1;
		fd = moved;
	}
	if (fd >= MAX_FDS) {
		shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
		errno = EMFILE;
		return -1;
	}
	map[fd].kfd = kfd + 1;
	map[fd].kind = kind;
	return (int)fd;
}

int shim_fd_new(int kfd, int kind, int cloexec)
{
	return shim_fd_new_min(kfd, kind, cloexec, 0);
}

int shim_fd_adopt(int fd, int kfd, int kind)
{
	if (fd < 0 || fd >= MAX_FDS) {
		errno = EBADF;
		return -1;
	}
	map[fd].kfd = kfd + 1;
	map[fd].kind = kind;
	return fd;
}

void shim_fd_forget(int fd)
{
	if (fd < 0 || fd >= MAX_FDS)
		return;
	map[fd].kfd = 0;
	map[fd].kind = SHIM_FD_NONE;
}

void shim_fd_drop(int fd)
{
	if (fd < 0 || fd >= MAX_FDS || !map[fd].kfd)
		return;
	map[fd].kfd = 0;
	map[fd].kind = SHIM_FD_NONE;
	shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
}
