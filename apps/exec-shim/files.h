/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by files.c, stdio.c and dirs.c: calls on kernel fds. */
#ifndef LIBSIM_SHIM_FILES_H
#define LIBSIM_SHIM_FILES_H

#include <sys/types.h>

long shim_kopen(int kdirfd, const char *path, int flags, int mode);
void shim_kclose(int kfd);
ssize_t shim_kread(int kfd, void *buf, size_t n);
ssize_t shim_kwrite(int kfd, const void *buf, size_t n);
off_t shim_klseek(int kfd, off_t off, int whence);

#endif
