// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a tool run for a node may not do on the host: change namespaces,
 * mounts or its root, start other programs or processes (they would run
 * without the shim: every exec* and posix_spawn*, fork, vfork, clone,
 * daemon, system, popen), turn host files into swap or accounting files,
 * create POSIX shared memory, semaphores or message queues (host files in
 * /dev/shm and /dev/mqueue, made by glibc's internal calls), or make raw
 * system calls the shim cannot see.  Each fails with an error; none is
 * attempted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <mqueue.h>
#include <semaphore.h>
#include <spawn.h>
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

int name_to_handle_at(int dirfd, const char *path, struct file_handle *handle, int *mount_id, int flags)
{
	(void)dirfd; (void)path; (void)handle; (void)mount_id; (void)flags;
	REFUSE(-1);
}

int open_by_handle_at(int mount_fd, struct file_handle *handle, int flags)
{
	(void)mount_fd; (void)handle; (void)flags;
	REFUSE(-1);
}

int execl(const char *path, const char *arg, ...)
{
	(void)path; (void)arg;
	REFUSE(-1);
}

int execle(const char *path, const char *arg, ...)
{
	(void)path; (void)arg;
	REFUSE(-1);
}

int execlp(const char *file, const char *arg, ...)
{
	(void)file; (void)arg;
	REFUSE(-1);
}

int fexecve(int fd, char *const argv[], char *const envp[])
{
	(void)fd; (void)argv; (void)envp;
	REFUSE(-1);
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	(void)pid; (void)path; (void)fa; (void)attr; (void)argv; (void)envp;
	/* posix_spawn returns the error. */
	return EPERM;
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
		 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	(void)pid; (void)file; (void)fa; (void)attr; (void)argv; (void)envp;
	return EPERM;
}

int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	(void)fn; (void)stack; (void)flags; (void)arg;
	REFUSE(-1);
}

int daemon(int nochdir, int noclose)
{
	(void)nochdir; (void)noclose;
	REFUSE(-1);
}

int chroot(const char *path)
{
	(void)path;
	REFUSE(-1);
}

int acct(const char *path)
{
	(void)path;
	REFUSE(-1);
}

int swapon(const char *path, int flags)
{
	(void)path; (void)flags;
	REFUSE(-1);
}

int swapoff(const char *path)
{
	(void)path;
	REFUSE(-1);
}

/* POSIX IPC objects are files of the host's /dev/shm and /dev/mqueue, outside the node's directory. */
static int ipc_refused(const char *call, const char *name)
{
	shim_say("%s: %s: POSIX shared memory, semaphores and message queues are host files: refused",
		 call, name ? name : "(null)");
	errno = EACCES;
	return -1;
}

int shm_open(const char *name, int flags, mode_t mode)
{
	(void)flags; (void)mode;
	return ipc_refused("shm_open", name);
}

int shm_unlink(const char *name)
{
	return ipc_refused("shm_unlink", name);
}

sem_t *sem_open(const char *name, int flags, ...)
{
	(void)flags;
	ipc_refused("sem_open", name);
	return SEM_FAILED;
}

int sem_unlink(const char *name)
{
	return ipc_refused("sem_unlink", name);
}

mqd_t mq_open(const char *name, int flags, ...)
{
	(void)flags;
	return (mqd_t)ipc_refused("mq_open", name);
}

int mq_unlink(const char *name)
{
	return ipc_refused("mq_unlink", name);
}
