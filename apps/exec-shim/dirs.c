// SPDX-License-Identifier: GPL-2.0-only
/*
 * Directories of the node (sysctl -a walks /proc/sys): opendir gives a
 * DIR of our own, filled by the kernel's getdents64.  readdir and
 * closedir recognise it; host directories go to glibc as usual.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "shim.h"
#include "files.h"

#define KDIR_MAGIC 0x6b646972u
#define KDIR_BUF 32768
#define MAX_KDIRS 64

struct kdir {
	unsigned int magic;
	int kfd;
	int placeholder;
	size_t pos, len;
	struct dirent64 ent;
	char buf[KDIR_BUF];
};

static struct kdir *open_dirs[MAX_KDIRS];

static struct kdir *ours(void *d)
{
	int i;

	for (i = 0; i < MAX_KDIRS; i++)
		if (d && open_dirs[i] == d)
			return d;
	return NULL;
}

static DIR *kdir_new(int kfd, int placeholder)
{
	struct kdir *d;
	int i;

	for (i = 0; i < MAX_KDIRS && open_dirs[i]; i++)
		;
	if (i == MAX_KDIRS) {
		errno = EMFILE;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->magic = KDIR_MAGIC;
	d->kfd = kfd;
	d->placeholder = placeholder;
	open_dirs[i] = d;
	return (DIR *)d;
}

DIR *opendir(const char *path)
{
	static DIR *(*host)(const char *);
	char node[PATH_MAX];

	if (path && shim_classify(AT_FDCWD, path, 0, node, sizeof(node)) == SHIM_PATH_NODE) {
		long k = shim_kopen(AT_FDCWD, node, O_RDONLY | O_DIRECTORY, 0);
		DIR *d;

		if (k < 0) {
			shim_ret(k);
			return NULL;
		}
		d = kdir_new((int)k, -1);
		if (!d)
			shim_kclose((int)k);
		return d;
	}
	if (!host)
		host = (DIR *(*)(const char *))dlsym(RTLD_NEXT, "opendir");
	return host(path);
}

DIR *fdopendir(int fd)
{
	static DIR *(*host)(int);
	int kfd = shim_kfd(fd);

	if (kfd >= 0)
		return kdir_new(kfd, fd);
	if (!host)
		host = (DIR *(*)(int))dlsym(RTLD_NEXT, "fdopendir");
	return host(fd);
}

static struct dirent64 *knext(struct kdir *d)
{
	const char *p;
	unsigned short reclen;

	if (d->pos >= d->len) {
		struct shim_arg a[3] = { shim_int(d->kfd), shim_buf(SHIM_OUTR, d->buf, KDIR_BUF),
					 shim_int(KDIR_BUF) };
		long r = shim_call(K_GETDENTS64, a, 3);

		if (r <= 0) {
			if (r < 0)
				shim_ret(r);
			return NULL;
		}
		d->pos = 0;
		d->len = (size_t)r;
	}
	/* struct linux_dirent64: ino, off, reclen, type, name. */
	p = d->buf + d->pos;
	memcpy(&reclen, p + 16, 2);
	if (reclen < 20 || d->pos + reclen > d->len) {
		errno = EIO;
		return NULL;
	}
	memcpy(&d->ent.d_ino, p, 8);
	memcpy(&d->ent.d_off, p + 8, 8);
	d->ent.d_reclen = reclen;
	d->ent.d_type = (unsigned char)p[18];
	strncpy(d->ent.d_name, p + 19, sizeof(d->ent.d_name) - 1);
	d->ent.d_name[sizeof(d->ent.d_name) - 1] = '\0';
	d->pos += reclen;
	return &d->ent;
}

struct dirent64 *readdir64(DIR *dir)
{
	static struct dirent64 *(*host)(DIR *);
	struct kdir *d = ours(dir);

	if (d)
		return knext(d);
	if (!host)
		host = (struct dirent64 *(*)(DIR *))dlsym(RTLD_NEXT, "readdir64");
	return host(dir);
}

/* On x86-64 struct dirent and struct dirent64 are the same. */
struct dirent *readdir(DIR *dir)
{
	static struct dirent *(*host)(DIR *);
	struct kdir *d = ours(dir);

	if (d)
		return (struct dirent *)knext(d);
	if (!host)
		host = (struct dirent *(*)(DIR *))dlsym(RTLD_NEXT, "readdir");
	return host(dir);
}

int closedir(DIR *dir)
{
	static int (*host)(DIR *);
	struct kdir *d = ours(dir);
	int i;

	if (d) {
		for (i = 0; i < MAX_KDIRS; i++)
			if (open_dirs[i] == d)
				open_dirs[i] = NULL;
		if (d->placeholder >= 0)
			shim_fd_drop(d->placeholder);
		shim_kclose(d->kfd);
		free(d);
		return 0;
	}
	if (!host)
		host = (int (*)(DIR *))dlsym(RTLD_NEXT, "closedir");
	return host(dir);
}

void rewinddir(DIR *dir)
{
	static void (*host)(DIR *);
	struct kdir *d = ours(dir);

	if (d) {
		shim_klseek(d->kfd, 0, SEEK_SET);
		d->pos = d->len = 0;
		return;
	}
	if (!host)
		host = (void (*)(DIR *))dlsym(RTLD_NEXT, "rewinddir");
	host(dir);
}

int dirfd(DIR *dir)
{
	static int (*host)(DIR *);

	if (ours(dir)) {
		errno = ENOTSUP;
		return -1;
	}
	if (!host)
		host = (int (*)(DIR *))dlsym(RTLD_NEXT, "dirfd");
	return host(dir);
}
