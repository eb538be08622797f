/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by files.c, stdio.c, dirs.c and entries.c: calls on kernel fds, host paths. */
#ifndef LIBSIM_SHIM_FILES_H
#define LIBSIM_SHIM_FILES_H

#include <sys/types.h>

long shim_kopen(int kdirfd, const char *path, int flags, int mode);
void shim_kclose(int kfd);
ssize_t shim_kread(int kfd, void *buf, size_t n);
ssize_t shim_kwrite(int kfd, const void *buf, size_t n);
off_t shim_klseek(int kfd, off_t off, int whence);
/* A path argument and its directory descriptor: 0, or -1 with EFAULT (no path) or EBADF (the channel). */
int shim_path_args(int dirfd, const char *path);
/* How open() with flags uses its path (SHIM_READ, SHIM_WRITE, ...: see shim_classify). */
int shim_open_how(int flags);
/* "/proc/self/fd/N": descriptor fd's file, for the calls that take a path. */
void shim_fd_link(int fd, char *buf, size_t len);

/* glibc's fortified open()s, which its headers declare only when fortifying. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);

#endif
