// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where a path a tool names leads, and whether the tool may use it.
 *
 * The node's files are its /proc/sys, /proc/net (also through /proc/self,
 * /proc/thread-self and /proc/<pid>), all of /sys, and /dev/random and
 * /dev/urandom (the node's generator: the same bytes in every run).  Paths are
 * compared after lexical normalization ("//", "/./", "/../"), so
 * "/proc/./sys" cannot slip past, and also after resolving them on the
 * host without side effects (O_PATH), so that neither
 * "cd /proc/sys; open(ip_forward)" nor a link into /proc/sys reaches the
 * host's files.
 *
 * Every other path is a host file, protected by rules on what the file
 * is, not by its name (the tool runs as uid 65534 when libsim is root,
 * identity.c, and as whoever runs libsim otherwise; either way these
 * rules are what a tool may do, and the same on every host):
 *
 *  - the tool creates, writes, truncates, renames, links, removes and
 *    changes the attributes of files only inside the node's scratch
 *    directory (LIBSIM_NODE_DIR, <out>/nodes/<node>); it also writes to
 *    /dev/null, /dev/zero, /dev/full and to its own pipes;
 *  - it reads only files every user may read: world-readable, with every
 *    directory above them world-searchable, judged by the modes of the
 *    file the path resolves to; devices only /dev/null, zero, full,
 *    random and urandom (by device number);
 *  - it looks up (stat, access, readlink) only what every user can reach.
 *
 * Paths are resolved once, to an O_PATH descriptor, and the call is then
 * made on that descriptor (through /proc/self/fd, or as the directory of
 * a name), so a symbolic link, "..", or a descriptor a path is relative
 * to cannot make the call land elsewhere than where it was judged.  A
 * name to create is followed through dangling symbolic links by hand, so
 * that O_CREAT cannot create a file a link in the scratch directory
 * points out of it.  A refusal is EACCES and one line on the tool's
 * stderr saying why.
 *
 * A path in the node's view (view.c: /root for the scratch directory) is
 * first replaced by the host path it stands for, and judged as that.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include "shim.h"

/* Symbolic links followed by hand when creating, as the kernel's MAXSYMLINKS. */
#define MAX_HOPS 40
/* Refusals printed per process: a tool retrying in a loop must not flood its output. */
#define MAX_SAID 100

int shim_normalize(const char *path, char *out, size_t len)
{
	size_t o = 0;
	const char *p = path;

	if (!path || path[0] != '/' || len < 2)
		return -1;
	out[o++] = '/';
	while (*p) {
		const char *s;
		size_t n;

		while (*p == '/')
			p++;
		s = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - s);
		if (n == 0 || (n == 1 && s[0] == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (o > 1 && out[o - 1] != '/')
				o--;
			if (o > 1)
				o--;
			continue;
		}
		if (o > 1) {
			if (o + 1 >= len)
				return -1;
			out[o++] = '/';
		}
		if (o + n >= len)
			return -1;
		memcpy(out + o, s, n);
		o += n;
	}
	out[o] = '\0';
	return 0;
}

int shim_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* /proc/<something>/net with <something> self, thread-self or a number. */
static int proc_net(const char *p)
{
	const char *s = p + strlen("/proc/");
	const char *e = strchr(s, '/');

	if (strncmp(p, "/proc/", 6) || !e)
		return 0;
	if (!((e - s == 4 && !strncmp(s, "self", 4)) ||
	      (e - s == 11 && !strncmp(s, "thread-self", 11)))) {
		const char *d;

		for (d = s; d < e; d++)
			if (!isdigit((unsigned char)*d))
				return 0;
	}
	return shim_under(e, "/net");
}

int shim_path_forwarded(const char *path)
{
	char n[4096];

	if (shim_normalize(path, n, sizeof(n)))
		return 0;
	return shim_under(n, "/proc/sys") || shim_under(n, "/proc/net") ||
	       proc_net(n) || shim_under(n, "/sys") ||
	       !strcmp(n, "/dev/random") || !strcmp(n, "/dev/urandom");
}

/* The host path of directory dirfd (the working directory for AT_FDCWD): 0, or -1. */
int shim_base_dir(int dirfd, char *out, size_t len)
{
	char link[64];
	long n;

	if (dirfd == AT_FDCWD)
		return shim_host(SYS_getcwd, (long)out, (long)len, 0, 0, 0, 0) < 0 ? -1 : 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
	n = shim_host(SYS_readlinkat, AT_FDCWD, (long)link, (long)out, (long)len - 1, 0, 0);
	if (n <= 0)
		return -1;
	out[n] = '\0';
	return 0;
}

/* The absolute, normalized form of path relative to dirfd (host fds only). */
int shim_normalize_at(int dirfd, const char *path, char *out, size_t len)
{
	char base[PATH_MAX], joined[2 * PATH_MAX + 2];

	if (path[0] == '/')
		return shim_normalize(path, out, len);
	if (shim_base_dir(dirfd, base, sizeof(base)))
		return -1;
	snprintf(joined, sizeof(joined), "%s/%s", base, path);
	return shim_normalize(joined, out, len);
}

void shim_say(const char *fmt, ...)
{
	static int said;
	char line[1024];
	va_list ap;
	int n;

	if (__atomic_fetch_add(&said, 1, __ATOMIC_RELAXED) >= MAX_SAID)
		return;
	memcpy(line, "libsim: ", 8);
	va_start(ap, fmt);
	n = vsnprintf(line + 8, sizeof(line) - 9, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	n = 8 + (n < (int)sizeof(line) - 9 ? n : (int)sizeof(line) - 10);
	line[n++] = '\n';
	shim_host(SYS_write, 2, (long)line, n, 0, 0, 0);
}

static char node_dir[PATH_MAX];
static int node_dir_state;	/* 0: not read yet, 1: none, 2: node_dir */

/* The path of descriptor fd: 1 a path, 0 none (a pipe, a socket), -1 unknown. */
static int fd_path(int fd, char *out, size_t len)
{
	char link[64];
	long n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = shim_host(SYS_readlinkat, AT_FDCWD, (long)link, (long)out, (long)len - 1, 0, 0);
	if (n <= 0 || (size_t)n >= len - 1)
		return -1;
	out[n] = '\0';
	return out[0] == '/';
}

/* An O_PATH descriptor of path (relative to dirfd), or -errno. */
static int opath(int dirfd, const char *path, int nofollow)
{
	long fd = shim_host(SYS_openat, dirfd, (long)path,
			    O_PATH | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0), 0, 0, 0);

	return fd < 0 ? -errno : (int)fd;
}

static void close_fd(int fd)
{
	if (fd >= 0)
		shim_host(SYS_close, fd, 0, 0, 0, 0, 0);
}

/*
 * Read once, by the constructor or the first call that needs it (other
 * libraries' constructors run before ours).  The directory is the one the
 * simulator created; its real path is what every file is compared with.
 * The variable then leaves the environment: it names the staging
 * directory of this run, which a program printing its environment would
 * print, and the program knows the directory as the view shows it (view.c).
 */
const char *shim_node_dir(void)
{
	if (__atomic_load_n(&node_dir_state, __ATOMIC_ACQUIRE) == 0) {
		const char *env = getenv("LIBSIM_NODE_DIR");
		int state = 1;

		if (env && env[0] == '/') {
			int fd = opath(AT_FDCWD, env, 0);

			if (fd >= 0 && fd_path(fd, node_dir, sizeof(node_dir)) == 1) {
				state = 2;
			} else if (fd == -EACCES && strlen(env) < sizeof(node_dir)) {
				/*
				 * A directory above it that the command's uid
				 * may not search (a 0700 mkdtemp): the starter
				 * resolved the path as root (start.c), and the
				 * working directory leads there.
				 */
				strcpy(node_dir, env);
				state = 2;
			}
			close_fd(fd);
		}
		if (env)
			unsetenv("LIBSIM_NODE_DIR");
		__atomic_store_n(&node_dir_state, state, __ATOMIC_RELEASE);
	}
	return node_dir_state == 2 ? node_dir : NULL;
}

static int in_node_dir(const char *real)
{
	const char *dir = shim_node_dir();

	return dir && shim_under(real, dir);
}

int shim_fd_in_node_dir(int fd)
{
	char real[PATH_MAX];

	return fd_path(fd, real, sizeof(real)) == 1 && in_node_dir(real);
}

/*
 * The tool's own /proc/<pid>: a user may read all of its own process
 * (/proc/self/fd is 0500), and it is no host file.
 */
static int own_proc(const char *real)
{
	char dir[32];

	snprintf(dir, sizeof(dir), "/proc/%ld", shim_host(SYS_getpid, 0, 0, 0, 0, 0, 0));
	return shim_under(real, dir);
}

static int refuse(const char *shown, const char *real, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * path as a message shows it: under the results directory (the node
 * directory's grandparent) as "<results>/...".  A run's output lands in
 * summary.json, which must not depend on where the results are written.
 */
static const char *in_results(const char *path, char *buf, size_t len)
{
	const char *dir = shim_node_dir();
	size_t n, p;
	int up;

	if (!dir || !path)
		return path;
	n = strlen(dir);
	for (up = 0; up < 2 && n > 1; up++) {
		while (n > 1 && dir[n - 1] != '/')
			n--;
		if (n > 1)
			n--;
	}
	if (n <= 1)
		return path;
	if (!strncmp(path, dir, n) && (path[n] == '/' || !path[n])) {
		snprintf(buf, len, "<results>%s", path + n);
		return buf;
	}
	/* A directory the results directory is in: where that is differs from run to run. */
	p = strlen(path);
	if (p < n && !strncmp(path, dir, p) && (dir[p] == '/' || p == 1)) {
		snprintf(buf, len, "a directory above <results>");
		return buf;
	}
	return path;
}

/* Why a lookup is refused, naming the directory that stops it as a message shows paths. */
static int refuse_dir(const char *shown, const char *real, int reading, const char *dir)
{
	char b[PATH_MAX + 32];

	return refuse(shown, real, "%s host files that not every user may %s is refused (%s is not searchable by every user)",
		      reading ? "reading" : "looking up", reading ? "read" : "reach", in_results(dir, b, sizeof(b)));
}

/* Prints "libsim: SHOWN[ -> REAL]: WHY"; returns -1 with errno EACCES. */
static int refuse(const char *shown, const char *real, const char *fmt, ...)
{
	char why[512], a[PATH_MAX + 16], b[PATH_MAX + 16];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (real && real[0] && strcmp(real, shown))
		shim_say("%s -> %s: %s", in_results(shown, a, sizeof(a)),
			 in_results(real, b, sizeof(b)), why);
	else
		shim_say("%s: %s", in_results(shown, a, sizeof(a)), why);
	errno = EACCES;
	return -1;
}

static int refuse_write(const char *shown, const char *real)
{
	char buf[PATH_MAX + 16];
	const char *dir = shim_node_dir();

	if (dir)
		return refuse(shown, real, "writing host files is refused (a node's files are under %s)",
			      in_results(dir, buf, sizeof(buf)));
	return refuse(shown, real, "writing host files is refused (this command has no node directory)");
}

/*
 * Every directory above real ("/", "/a", "/a/b" for "/a/b/c"; and real
 * itself when self) is searchable by every user: 0, else -1 with the
 * first one that is not in dir.
 */
static int searchable(const char *real, int self, char *dir, size_t len)
{
	char p[PATH_MAX];
	size_t n = strlen(real), i;

	if (n >= sizeof(p))
		return -1;
	memcpy(p, real, n + 1);
	for (i = 0; i <= n; i++) {
		const char *d = i == 0 ? "/" : p;
		struct stat st;
		char c = p[i];

		if ((i < n && c != '/') || (i == n && !self))
			continue;
		p[i] = '\0';
		if (shim_host(SYS_newfstatat, AT_FDCWD, (long)d, (long)&st, 0, 0, 0) < 0 ||
		    !(st.st_mode & S_IXOTH)) {
			snprintf(dir, len, "%s", d);
			return -1;
		}
		p[i] = c;
	}
	return 0;
}

/* Devices by number: what a tool may read (all) and write (null, zero, full). */
static int harmless_device(dev_t rdev, int write)
{
	if (major(rdev) != 1)
		return 0;
	switch (minor(rdev)) {
	case 3:		/* null */
	case 5:		/* zero */
	case 7:		/* full */
		return 1;
	case 8:		/* random */
	case 9:		/* urandom */
		return !write;
	}
	return 0;
}

/* May the tool use the file open (O_PATH) as fd for how?  0, or -1/EACCES. */
static int check_file(int fd, int how, const char *shown)
{
	char real[PATH_MAX], dir[PATH_MAX];
	int use = how & SHIM_USE;
	struct stat st;
	int where;

	if (shim_host(SYS_fstat, fd, (long)&st, 0, 0, 0, 0) < 0)
		return -1;
	where = fd_path(fd, real, sizeof(real));
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
		if (use == SHIM_LOOK || (S_ISCHR(st.st_mode) && harmless_device(st.st_rdev, use != SHIM_READ)))
			return 0;
		return refuse(shown, where == 1 ? real : NULL, "host devices other than null, zero, full, random and urandom are refused");
	}
	/* Its own pipes and sockets (through /dev/stdout, /proc/self/fd/N): not files of the host. */
	if (where == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		return 0;
	if (where < 0)
		return refuse(shown, NULL, "a host file whose path cannot be told is refused");
	if (in_node_dir(real)) {
		if (use != SHIM_READ && use != SHIM_LOOK && (st.st_mode & (S_ISUID | S_ISGID)) && !S_ISDIR(st.st_mode))
			return refuse(shown, real, "changing setuid and setgid files is refused");
		return 0;
	}
	if ((use == SHIM_READ || use == SHIM_LOOK) && own_proc(real))
		return 0;
	switch (use) {
	case SHIM_READ:
		if (!(st.st_mode & S_IROTH))
			return refuse(shown, real, "reading host files that not every user may read is refused (mode %04o)",
				      (unsigned int)(st.st_mode & 07777));
		if (searchable(real, 0, dir, sizeof(dir)))
			return refuse_dir(shown, real, 1, dir);
		return 0;
	case SHIM_LOOK:
		if (searchable(real, 0, dir, sizeof(dir)))
			return refuse_dir(shown, real, 0, dir);
		return 0;
	default:
		return refuse_write(shown, real);
	}
}

/*
 * Splits path into its directory, opened O_PATH relative to dirfd, and
 * its last component (trailing slashes dropped).  The directory or -errno.
 */
static int parent_of(int dirfd, const char *path, char *name, size_t len)
{
	char dir[PATH_MAX];
	size_t n = strlen(path);
	const char *slash;

	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (!slash) {
		if (n >= len)
			return -ENAMETOOLONG;
		memcpy(name, dir, n + 1);
		return opath(dirfd, ".", 0);
	}
	if (strlen(slash + 1) >= len)
		return -ENAMETOOLONG;
	strcpy(name, slash + 1);
	if (slash == dir)
		return opath(dirfd, "/", 0);
	dir[slash - dir] = '\0';
	return opath(dirfd, dir, 0);
}

/* Whether a name may be created or removed in directory pfd: 0, or -1/EACCES. */
static int check_entry(int pfd, const char *name, const char *shown)
{
	char real[PATH_MAX];

	if (fd_path(pfd, real, sizeof(real)) != 1)
		return refuse(shown, NULL, "a host directory whose path cannot be told is refused");
	if (!in_node_dir(real)) {
		size_t n = strlen(real);

		snprintf(real + n, sizeof(real) - n, "%s%s", n > 1 ? "/" : "", name);
		return refuse_write(shown, real);
	}
	return 0;
}

/*
 * A path that does not resolve (err): the kernel's error, unless the
 * tool would learn something about a place not every user can reach, or
 * means to write outside the node's directory.
 */
static int missing(int dirfd, const char *path, int how, int err, const char *shown)
{
	char abs[PATH_MAX], dir[PATH_MAX] = "?";
	int use = how & SHIM_USE;

	if (shim_normalize_at(dirfd, path, abs, sizeof(abs)))
		return refuse(shown, NULL, "a host path that cannot be told is refused");
	if (use == SHIM_WRITE || use == SHIM_ENTRY) {
		if (!in_node_dir(abs))
			return refuse_write(shown, abs);
		errno = err;
		return -1;
	}
	/*
	 * In the node's own directory the program may look anywhere, whatever
	 * the directories above it are (a results directory in a 0700 one:
	 * the program reaches it as its working directory).
	 */
	if (in_node_dir(abs)) {
		errno = err;
		return -1;
	}
	/* Elsewhere the deepest directory that exists must be searchable by every user. */
	while (abs[1]) {
		char *slash = strrchr(abs, '/');
		char real[PATH_MAX];
		int fd, ok;

		if (slash == abs)
			abs[1] = '\0';
		else
			*slash = '\0';
		fd = opath(AT_FDCWD, abs, 0);
		if (fd < 0)
			continue;
		ok = fd_path(fd, real, sizeof(real)) == 1 &&
		     (in_node_dir(real) || own_proc(real) || searchable(real, 1, dir, sizeof(dir)) == 0);
		close_fd(fd);
		if (!ok)
			return refuse_dir(shown, NULL, 0, dir);
		break;
	}
	errno = err;
	return -1;
}

/*
 * A file to create or write (SHIM_CREATE) that does not exist: the name
 * its last dangling symbolic link points to, followed by hand, so the
 * directory it is created in is the one checked.  Fills t (directory and
 * name), or -1.
 */
static int create_target(int dirfd, const char *path, int how, struct shim_target *t, const char *shown)
{
	char target[PATH_MAX];
	int pfd = parent_of(dirfd, path, t->name, sizeof(t->name));
	int hops;

	if (pfd < 0)
		return missing(dirfd, path, how, -pfd, shown);
	for (hops = 0; hops < MAX_HOPS; hops++) {
		struct stat st;
		long n;
		int next;

		if (shim_host(SYS_newfstatat, pfd, (long)t->name, (long)&st, AT_SYMLINK_NOFOLLOW, 0, 0) < 0) {
			if (errno != ENOENT) {
				close_fd(pfd);
				return -1;
			}
			break;
		}
		if (!S_ISLNK(st.st_mode) || (how & SHIM_NOFOLLOW)) {
			/* It exists after all (or is the link itself): the file is what is checked. */
			int fd = opath(pfd, t->name, how & SHIM_NOFOLLOW);

			close_fd(pfd);
			if (fd < 0) {
				errno = -fd;
				return -1;
			}
			t->name[0] = '\0';
			if (check_file(fd, how, shown)) {
				close_fd(fd);
				return -1;
			}
			t->fd = fd;
			return SHIM_PATH_HOST;
		}
		n = shim_host(SYS_readlinkat, pfd, (long)t->name, (long)target, sizeof(target) - 1, 0, 0);
		if (n <= 0) {
			close_fd(pfd);
			return -1;
		}
		target[n] = '\0';
		next = parent_of(target[0] == '/' ? AT_FDCWD : pfd, target, t->name, sizeof(t->name));
		close_fd(pfd);
		if (next < 0)
			return missing(AT_FDCWD, target, how, -next, shown);
		pfd = next;
	}
	if (hops == MAX_HOPS) {
		close_fd(pfd);
		errno = ELOOP;
		return -1;
	}
	if (check_entry(pfd, t->name, shown)) {
		close_fd(pfd);
		return -1;
	}
	t->fd = pfd;
	return SHIM_PATH_HOST;
}

/* Judges host path path for how (see shim_classify); messages name it shown, the program's name for it. */
static int classify_host(int dirfd, const char *path, const char *shown, int how, struct shim_target *t)
{
	int use = how & SHIM_USE;
	int fd;

	if (use == SHIM_ENTRY) {
		int pfd = parent_of(dirfd, path, t->name, sizeof(t->name));

		/* "." and ".." are never created or removed: the kernel refuses them in t->fd. */
		if (pfd < 0)
			return missing(dirfd, path, how, -pfd, shown);
		if (check_entry(pfd, t->name, shown)) {
			close_fd(pfd);
			return -1;
		}
		t->fd = pfd;
		return SHIM_PATH_HOST;
	}
	fd = opath(dirfd, path, how & SHIM_NOFOLLOW);
	if (fd == -ENOENT && (how & SHIM_CREATE))
		return create_target(dirfd, path, how, t, shown);
	if (fd < 0)
		return missing(dirfd, path, how, -fd, shown);
	if (check_file(fd, how, shown)) {
		close_fd(fd);
		return -1;
	}
	t->fd = fd;
	return SHIM_PATH_HOST;
}

/*
 * Where path (relative to host directory dirfd) leads, for how: NODE
 * (t->node is the node's absolute path), HOST (t->fd, t->name: what to
 * use, see struct shim_target; release with shim_target_done), or DENY
 * (errno set; a refusal was printed).
 */
int shim_classify(int dirfd, const char *path, int how, struct shim_target *t)
{
	char abs[PATH_MAX], real[PATH_MAX], host[PATH_MAX];
	const char *shown = path;
	int have_abs, fd, r;

	t->fd = -1;
	t->name[0] = '\0';
	t->node[0] = '\0';
	if (!path) {
		errno = EFAULT;
		return SHIM_PATH_DENY;
	}
	/*
	 * A name in the node's view (/root/...) is judged, and used, as the
	 * host path it stands for: the rules below hold for what it reaches.
	 */
	switch (shim_view_host(dirfd, path, host, sizeof(host))) {
	case 1:
		path = host;
		break;
	case -1:
		return SHIM_PATH_DENY;
	}
	have_abs = shim_normalize_at(dirfd, path, abs, sizeof(abs)) == 0;
	if (have_abs && shim_path_forwarded(abs)) {
		if (strlen(abs) >= sizeof(t->node)) {
			errno = ENAMETOOLONG;
			return SHIM_PATH_DENY;
		}
		strcpy(t->node, abs);
		return SHIM_PATH_NODE;
	}
	/* A host path that leads into /proc/sys (a link, a working directory there) is the node's too. */
	fd = opath(dirfd, path, 0);
	if (fd >= 0) {
		r = fd_path(fd, real, sizeof(real));
		close_fd(fd);
		if (r == 1 && shim_path_forwarded(real) && strlen(real) < sizeof(t->node)) {
			strcpy(t->node, real);
			return SHIM_PATH_NODE;
		}
	}
	return classify_host(dirfd, path, shown, how, t) < 0 ? SHIM_PATH_DENY : SHIM_PATH_HOST;
}

void shim_target_done(struct shim_target *t)
{
	int e = errno;

	close_fd(t->fd);
	t->fd = -1;
	errno = e;
}

int shim_reopen(int fd, int flags)
{
	char link[64];

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	return (int)shim_host(SYS_openat, AT_FDCWD, (long)link,
			      flags & ~(O_CREAT | O_EXCL | O_NOFOLLOW), 0, 0, 0);
}

int shim_host_fd_check(int fd, int how, const char *call)
{
	char shown[64];

	snprintf(shown, sizeof(shown), "%s on descriptor %d", call, fd);
	return check_file(fd, how, shown);
}

/*
 * Opens what shim_classify() found (HOST) with open()'s flags and mode,
 * and releases it.  The new descriptor takes the number of the O_PATH one
 * (dup3), the lowest that was free: a tool that closes 0 and opens a file
 * gets 0, as with a plain open().
 */
int shim_open_target(struct shim_target *t, int flags, int mode)
{
	long fd;

	/* A created file never gets setuid or setgid bits. */
	mode &= ~(S_ISUID | S_ISGID);
	if (t->name[0])
		fd = shim_host(SYS_openat, t->fd, (long)t->name, flags | O_NOFOLLOW, mode, 0, 0);
	else if ((flags & O_TMPFILE) == O_TMPFILE)
		fd = shim_host(SYS_openat, t->fd, (long)".", flags, mode, 0, 0);
	else if (flags & O_PATH)
		fd = shim_host(SYS_fcntl, t->fd, F_DUPFD_CLOEXEC, 0, 0, 0, 0);
	else
		fd = shim_reopen(t->fd, flags);
	if (fd >= 0 && shim_host(SYS_dup3, fd, t->fd, flags & O_CLOEXEC, 0, 0, 0) >= 0) {
		close_fd((int)fd);
		fd = t->fd;
		t->fd = -1;
	}
	shim_target_done(t);
	return (int)fd;
}
