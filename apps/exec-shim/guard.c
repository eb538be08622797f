// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a tool run for a node may not do on the host: change namespaces
 * or mounts, start other programs (they would run without the shim's
 * channel), or make raw system calls the shim cannot see.  Each fails
 * with an error; none is attempted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/types.h>
#include "shim.h"

#define REFUSE(ret) do { errno = EPERM; return ret; } while (0)

int setns(int fd, int type)
{
	(void)fd; (void)type;
	REFUSE(-1);
}

int unshare(int flags)
{
	(void)flags;
	REFUSE(-1);
}

int mount(const char *src, const char *dst, const char *type, unsigned long flags, const void *data)
{
	(void)src; (void)dst; (void)type; (void)flags; (void)data;
	REFUSE(-1);
}

int umount(const char *dst)
{
	(void)dst;
	REFUSE(-1);
}

int umount2(const char *dst, int flags)
{
	(void)dst; (void)flags;
	REFUSE(-1);
}

pid_t fork(void)
{
	REFUSE(-1);
}

pid_t vfork(void)
{
	REFUSE(-1);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path; (void)argv; (void)envp;
	REFUSE(-1);
}

int execv(const char *path, char *const argv[])
{
	(void)path; (void)argv;
	REFUSE(-1);
}

int execvp(const char *file, char *const argv[])
{
	(void)file; (void)argv;
	REFUSE(-1);
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	(void)file; (void)argv; (void)envp;
	REFUSE(-1);
}

int system(const char *cmd)
{
	(void)cmd;
	REFUSE(-1);
}

FILE *popen(const char *cmd, const char *type)
{
	(void)cmd; (void)type;
	REFUSE(NULL);
}

long syscall(long nr, ...)
{
	(void)nr;
	errno = ENOSYS;
	return -1;
}

int name_to_handle_at(int dirfd, const char *path, void *handle, int *mount_id, int flags)
{
	(void)dirfd; (void)path; (void)handle; (void)mount_id; (void)flags;
	REFUSE(-1);
}

int open_by_handle_at(int mount_fd, void *handle, int flags)
{
	(void)mount_fd; (void)handle; (void)flags;
	REFUSE(-1);
}
