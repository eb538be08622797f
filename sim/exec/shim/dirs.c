// SPDX-License-Identifier: GPL-2.0-only
/*
 * Directories of the node (sysctl -a walks /proc/sys): opendir gives a
 * DIR of our own, filled by the kernel's getdents64.  readdir and
 * closedir recognise it.  A host directory is opened by the shim's
 * checked open() (only one every user may list) and given to glibc
 * (fdopendir).  glob() and scandir(), which open directories with glibc's
 * internal calls, are made to use these functions.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <glob.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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
	static DIR *(*host)(int);
	struct shim_target t;
	long k;
	DIR *d;
	int fd;

	if (!path) {
		errno = EFAULT;
		return NULL;
	}
	switch (shim_classify(AT_FDCWD, path, SHIM_READ, &t)) {
	case SHIM_PATH_DENY:
		return NULL;
	case SHIM_PATH_HOST:
		fd = shim_open_target(&t, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC, 0);
		if (fd < 0)
			return NULL;
		if (!host)
			host = (DIR *(*)(int))dlsym(RTLD_NEXT, "fdopendir");
		d = host(fd);
		if (!d) {
			int e = errno;

			shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
			errno = e;
		}
		return d;
	}
	k = shim_kopen(AT_FDCWD, t.node, O_RDONLY | O_DIRECTORY, 0);
	if (k < 0) {
		shim_ret(k);
		return NULL;
	}
	d = kdir_new((int)k, -1);
	if (!d)
		shim_kclose((int)k);
	return d;
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

/* glob() through opendir, readdir, stat and lstat above (GLOB_ALTDIRFUNC). */
static void *glob_opendir(const char *path)
{
	return opendir(path);
}

static void glob_closedir(void *d)
{
	closedir(d);
}

static void *glob_readdir(void *d)
{
	return readdir64(d);
}

static int glob_stat(const char *path, void *st)
{
	return stat(path, st);
}

static int glob_lstat(const char *path, void *st)
{
	return lstat(path, st);
}

static int do_glob(const char *pattern, int flags, int (*err)(const char *, int), void *g, const char *host_name)
{
	int (*host)(const char *p, int f, int (*e)(const char *, int), void *g);
	glob64_t *pg = g;

	/* glob_t and glob64_t are the same on x86-64. */
	if (!(flags & GLOB_ALTDIRFUNC)) {
		pg->gl_closedir = glob_closedir;
		pg->gl_readdir = (struct dirent64 *(*)(void *))glob_readdir;
		pg->gl_opendir = glob_opendir;
		pg->gl_stat = (int (*)(const char *, struct stat64 *))glob_stat;
		pg->gl_lstat = (int (*)(const char *, struct stat64 *))glob_lstat;
		flags |= GLOB_ALTDIRFUNC;
	}
	host = (int (*)(const char *p, int f, int (*e)(const char *, int), void *g))dlsym(RTLD_NEXT, host_name);
	return host(pattern, flags, err, g);
}

int glob(const char *pattern, int flags, int (*err)(const char *, int), glob_t *g)
{
	return do_glob(pattern, flags, err, g, "glob");
}

int glob64(const char *pattern, int flags, int (*err)(const char *, int), glob64_t *g)
{
	return do_glob(pattern, flags, err, g, "glob64");
}

/* scandir() through opendir and readdir above. */
static int do_scandir(const char *path, struct dirent64 ***list, int (*sel)(const struct dirent64 *),
		      int (*cmp)(const struct dirent64 **, const struct dirent64 **))
{
	struct dirent64 **v = NULL, *e;
	size_t n = 0, cap = 0;
	DIR *d = opendir(path);

	if (!d)
		return -1;
	while ((e = readdir64(d))) {
		struct dirent64 *c;

		if (sel && !sel(e))
			continue;
		if (n == cap) {
			struct dirent64 **w = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof(*v));

			if (!w)
				goto fail;
			v = w;
		}
		c = malloc(e->d_reclen > sizeof(*e) ? e->d_reclen : sizeof(*e));
		if (!c)
			goto fail;
		memcpy(c, e, sizeof(*e));
		v[n++] = c;
	}
	closedir(d);
	if (cmp && n > 1)
		qsort(v, n, sizeof(*v), (int (*)(const void *, const void *))cmp);
	*list = v;
	return (int)n;
fail:
	while (n)
		free(v[--n]);
	free(v);
	closedir(d);
	errno = ENOMEM;
	return -1;
}

int scandir64(const char *path, struct dirent64 ***list, int (*sel)(const struct dirent64 *),
	      int (*cmp)(const struct dirent64 **, const struct dirent64 **))
{
	return do_scandir(path, list, sel, cmp);
}

/* On x86-64 struct dirent and struct dirent64 are the same. */
int scandir(const char *path, struct dirent ***list, int (*sel)(const struct dirent *),
	    int (*cmp)(const struct dirent **, const struct dirent **))
{
	return do_scandir(path, (struct dirent64 ***)list, (int (*)(const struct dirent64 *))sel,
			  (int (*)(const struct dirent64 **, const struct dirent64 **))cmp);
}
