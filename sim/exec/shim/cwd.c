// SPDX-License-Identifier: GPL-2.0-only
/*
 * The working directory as the program sees it.  It starts in the node's
 * scratch directory, whose host path differs from run to run: getcwd and
 * the glibc functions that ask the kernel for it internally
 * (get_current_dir_name, getwd) show it through the node's view (view.c,
 * /root), and chdir takes the view's names.  chdir is otherwise the
 * host's, as before: a directory changes nothing, and every path used from
 * it is judged (paths.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "shim.h"

/*
 * As glibc's: buf of size bytes, or (buf NULL) one allocated of size
 * bytes, or of the path's length when size is 0; ERANGE when it does not
 * fit.
 */
char *getcwd(char *buf, size_t size)
{
	char real[PATH_MAX], shown[PATH_MAX];
	const char *p = real;
	size_t n;

	if (buf && size == 0) {
		errno = EINVAL;
		return NULL;
	}
	if (shim_host(SYS_getcwd, (long)real, sizeof(real), 0, 0, 0, 0) < 0)
		return NULL;
	/* "(unreachable)/...": outside the process's root, which glibc reports as ENOENT. */
	if (real[0] != '/') {
		errno = ENOENT;
		return NULL;
	}
	switch (shim_view_shown(real, shown, sizeof(shown))) {
	case 1:
		p = shown;
		break;
	case -1:
		return NULL;
	}
	n = strlen(p) + 1;
	if (size && n > size) {
		errno = ERANGE;
		return NULL;
	}
	if (!buf) {
		buf = malloc(size ? size : n);
		if (!buf)
			return NULL;
	}
	return memcpy(buf, p, n);
}

char *__getcwd_chk(char *buf, size_t size, size_t buflen)
{
	if (size > buflen)
		abort();
	return getcwd(buf, size);
}

/* As glibc's: $PWD when it names the working directory (it may name it through a link), else getcwd. */
char *get_current_dir_name(void)
{
	const char *pwd = getenv("PWD");
	struct stat dot, named;

	if (pwd && pwd[0] == '/' && stat(".", &dot) == 0 && stat(pwd, &named) == 0 &&
	    dot.st_dev == named.st_dev && dot.st_ino == named.st_ino)
		return strdup(pwd);
	return getcwd(NULL, 0);
}

/* As glibc's: buf holds PATH_MAX bytes; on failure, the error's text. */
char *getwd(char *buf)
{
	if (getcwd(buf, PATH_MAX))
		return buf;
	strncpy(buf, strerror(errno), PATH_MAX - 1);
	buf[PATH_MAX - 1] = '\0';
	return NULL;
}

int chdir(const char *path)
{
	char host[PATH_MAX];

	if (!path) {
		errno = EFAULT;
		return -1;
	}
	switch (shim_view_host(AT_FDCWD, path, host, sizeof(host))) {
	case 1:
		path = host;
		break;
	case -1:
		return -1;
	}
	return (int)shim_host(SYS_chdir, (long)path, 0, 0, 0, 0, 0);
}
