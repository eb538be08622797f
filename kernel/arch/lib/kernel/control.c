// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host requests that need a process context (creating tasks, sysctls,
 * test hooks) are served by init, pid 1, once boot is complete.  One
 * request at a time; its strings are copied in, so a request that cannot
 * finish within its entry does not leave the kernel holding host memory.
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include "lib.h"

#define SYSCTL_PATH_MAX	256
#define SYSCTL_VALUE_MAX 4096

static struct task_struct *server;

static struct {
	struct lib_control req;
	char name[SYSCTL_PATH_MAX];
	char value[SYSCTL_VALUE_MAX];
	bool queued;
} pending;

/* "net.ipv4.ip_forward" or "net/ipv4/ip_forward" -> /proc/sys/... */
static int sysctl_path(const char *name, char *path, size_t len)
{
	bool slashes = strchr(name, '/');
	size_t i, n = strlen("/proc/sys/");

	if (!*name || *name == '/' || *name == '.' || strstr(name, ".."))
		return -EINVAL;
	if (n + strlen(name) + 1 > len)
		return -ENAMETOOLONG;
	strcpy(path, "/proc/sys/");
	for (i = 0; name[i]; i++)
		path[n + i] = (!slashes && name[i] == '.') ? '/' : name[i];
	path[n + i] = '\0';
	return 0;
}

static struct file *sysctl_open(const char *name, int flags)
{
	char path[SYSCTL_PATH_MAX + 16];
	int err = sysctl_path(name, path, sizeof(path));

	return err ? ERR_PTR(err) : filp_open(path, flags, 0);
}

static long sysctl_get(const char *name, char *out, size_t len)
{
	struct file *f = sysctl_open(name, O_RDONLY);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, out, len - 1, &pos);
	filp_close(f, NULL);
	if (n < 0)
		return n;
	while (n > 0 && out[n - 1] == '\n')
		n--;
	out[n] = '\0';
	return n;
}

static long sysctl_set(const char *name, const char *value)
{
	struct file *f = sysctl_open(name, O_WRONLY);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, value, strlen(value), &pos);
	filp_close(f, NULL);
	return n < 0 ? n : 0;
}

static long serve(struct lib_control *req)
{
	switch (req->op) {
	case LIB_CONTROL_TASK_CREATE:
		return lib_tasks_spawn(req->arg);
	case LIB_CONTROL_TASK_EXIT:
		return lib_tasks_end(req->arg);
	case LIB_CONTROL_TASK_INTERRUPT:
		return lib_tasks_interrupt(req->arg);
	case LIB_CONTROL_SYSCTL_GET:
		return sysctl_get(pending.name, pending.value,
				  sizeof(pending.value));
	case LIB_CONTROL_SYSCTL_SET:
		return sysctl_set(pending.name, pending.value);
	case LIB_CONTROL_DEBUG:
		return lib_debug_op(req->sub, req->arg, &req->out);
	case LIB_CONTROL_NETDEV_CREATE:
		return lib_netdev_create_in_kernel(pending.name, req->mac,
						   req->arg);
	}
	return -EINVAL;
}

void __noreturn lib_control_loop(void)
{
	server = current;
	/*
	 * The processes of lib_task_create() are children of init: ignoring
	 * SIGCHLD, as a real init's wait loop amounts to, reaps each as it
	 * exits (exit_notify()), so its pid and task are freed.
	 */
	kernel_sigaction(SIGCHLD, SIG_IGN);
	lib_booted = true;
	for (;;) {
		set_current_state(TASK_IDLE);
		if (!pending.queued) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		pending.req.result = serve(&pending.req);
		/* The final fput() of a sysctl file is task work (see tasks.c). */
		task_work_run();
		pending.req.done = true;
		pending.queued = false;
	}
}

/*
 * Runs `req` in init at `now`.  Returns 0 with req->result set, -EBUSY
 * while an earlier request is still unfinished, -ETIMEDOUT if this one
 * did not finish within its entry, or an entry error.
 */
int lib_control(struct lib_control *req, u64 now)
{
	int ret = lib_enter_check(now);

	if (ret)
		return ret;
	if (pending.queued)
		return -EBUSY;
	if (req->name && strscpy(pending.name, req->name,
				 sizeof(pending.name)) < 0)
		return -ENAMETOOLONG;
	if (req->value && strscpy(pending.value, req->value,
				  sizeof(pending.value)) < 0)
		return -E2BIG;
	pending.req = *req;
	pending.req.done = false;
	pending.queued = true;
	ret = lib_enter(now, server);
	if (ret)
		return ret;
	if (!pending.req.done)
		return -ETIMEDOUT;
	req->result = pending.req.result;
	req->out = pending.req.out;
	if (req->buf && req->result >= 0) {
		if (req->result + 1 > req->len)
			return -ENAMETOOLONG;
		memcpy(req->buf, pending.value, req->result + 1);
	}
	return 0;
}

LIB_API int lib_task_create(int share_files_with, uint64_t now)
{
	struct lib_control req = {
		.op = LIB_CONTROL_TASK_CREATE,
		.arg = share_files_with,
	};
	int ret;

	if (share_files_with < 0)
		return -ESRCH;
	ret = lib_control(&req, now);
	return ret ? ret : req.result;
}

/* A control request about an existing task. */
static int task_control(enum lib_control_op op, int task, uint64_t now)
{
	struct lib_control req = {
		.op = op,
		.arg = task,
	};
	int ret;

	if (task <= 0)
		return -ESRCH;
	ret = lib_control(&req, now);
	return ret ? ret : req.result;
}

LIB_API int lib_task_exit(int task, uint64_t now)
{
	return task_control(LIB_CONTROL_TASK_EXIT, task, now);
}

LIB_API int lib_task_interrupt(int task, uint64_t now)
{
	return task_control(LIB_CONTROL_TASK_INTERRUPT, task, now);
}

LIB_API int lib_sysctl_get(const char *name, char *buf, size_t len,
			   uint64_t now)
{
	struct lib_control req = {
		.op = LIB_CONTROL_SYSCTL_GET,
		.name = name,
		.buf = buf,
		.len = len,
	};
	int ret;

	if (!name || !buf || !len)
		return -EINVAL;
	ret = lib_control(&req, now);
	return ret ? ret : req.result;
}

LIB_API int lib_sysctl_set(const char *name, const char *value, uint64_t now)
{
	struct lib_control req = {
		.op = LIB_CONTROL_SYSCTL_SET,
		.name = name,
		.value = value,
	};
	int ret;

	if (!name || !value)
		return -EINVAL;
	ret = lib_control(&req, now);
	return ret ? ret : req.result;
}
