// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checks of paths.c alone (make check): which paths belong to the node,
 * lexical normalization, and what a tool may do with host files -- write
 * only in the node's scratch directory, read only what every user may
 * read -- through relative paths, "..", symbolic links (dangling ones
 * too), directory descriptors and devices.  shim_host is the real system
 * call here; the rest of the shim is not linked.  Runs in a directory of
 * its own under $TMPDIR (or /tmp), removed at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "shim.h"

long shim_host(long nr, long a, long b, long c, long d, long e, long f)
{
	return syscall(nr, a, b, c, d, e, f);
}

static int failures;

static void expect_int(const char *what, long got, long want)
{
	if (got != want) {
		printf("FAIL %s: got %ld, want %ld\n", what, got, want);
		failures++;
	}
}

static void expect_norm(const char *in, const char *want)
{
	char out[256];

	if (shim_normalize(in, out, sizeof(out)) || strcmp(out, want)) {
		printf("FAIL normalize(%s): got %s, want %s\n", in, out, want);
		failures++;
	}
}

/* shim_classify's answer for (dirfd, path, how); the errno of a DENY in *err. */
static int classify(int dirfd, const char *path, int how, int *err)
{
	struct shim_target t;
	int c;

	errno = 0;
	c = shim_classify(dirfd, path, how, &t);
	if (err)
		*err = errno;
	if (c == SHIM_PATH_HOST)
		shim_target_done(&t);
	return c;
}

/* That (dirfd, path) is refused for how: DENY with EACCES. */
static void expect_refused(const char *what, int dirfd, const char *path, int how)
{
	int err, c = classify(dirfd, path, how, &err);

	if (c != SHIM_PATH_DENY || err != EACCES) {
		printf("FAIL %s (%s): got class %d errno %d, want a refusal (EACCES)\n", what, path, c, err);
		failures++;
	}
}

static void expect_host(const char *what, int dirfd, const char *path, int how)
{
	int err, c = classify(dirfd, path, how, &err);

	if (c != SHIM_PATH_HOST) {
		printf("FAIL %s (%s): got class %d errno %d, want HOST\n", what, path, c, err);
		failures++;
	}
}

static void expect_node(const char *what, int dirfd, const char *path, int how)
{
	int err, c = classify(dirfd, path, how, &err);

	if (c != SHIM_PATH_NODE) {
		printf("FAIL %s (%s): got class %d errno %d, want NODE\n", what, path, c, err);
		failures++;
	}
}

static void put(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || write(fd, text, strlen(text)) < 0 || fchmod(fd, mode) < 0) {
		perror(path);
		exit(2);
	}
	close(fd);
}

static void node_paths(void)
{
	static const char *const node[] = {
		"/proc/sys", "/proc/sys/net/ipv4/ip_forward", "/proc/net/dev", "/proc/self/net/dev",
		"/proc/thread-self/net", "/proc/123/net/route", "/sys", "/sys/class/net/eth0/mtu",
		"/proc/./sys/net", "//proc//sys", "/proc/self/../sys/kernel", "/etc/../proc/net",
	};
	static const char *const host[] = {
		"/proc", "/proc/self/status", "/proc/sysx", "/proc/self/netx", "/proc/12a/net",
		"/etc/iproute2/rt_tables", "/system", "/proc/sys/../cpuinfo", "relative/proc/sys",
	};
	struct shim_target t;
	size_t i;

	for (i = 0; i < sizeof(node) / sizeof(node[0]); i++)
		expect_int(node[i], shim_path_forwarded(node[i]), 1);
	for (i = 0; i < sizeof(host) / sizeof(host[0]); i++)
		expect_int(host[i], shim_path_forwarded(host[i]), 0);
	expect_norm("/a/./b//c/", "/a/b/c");
	expect_norm("/a/b/../../..", "/");
	expect_norm("/", "/");

	/* Relative to the working directory, and through a host symlink. */
	if (chdir("/proc/sys/net") == 0) {
		expect_int("relative ipv4/ip_forward", shim_classify(AT_FDCWD, "ipv4/ip_forward", SHIM_WRITE, &t),
			   SHIM_PATH_NODE);
		expect_int("relative path made absolute", strcmp(t.node, "/proc/sys/net/ipv4/ip_forward"), 0);
	}
	if (chdir("/") == 0)
		expect_int("/proc/self/net/dev via the host link",
			   classify(AT_FDCWD, "proc/self/net/dev", SHIM_READ, NULL), SHIM_PATH_NODE);
}

/*
 * base/nodes/h1 is the node's directory; base/outside a host directory
 * every user may search, with v (0644) and secret (0600); base/hidden one
 * only root may search, with f (0644).
 */
static void host_files(const char *base)
{
	char node[512], out[512], p[1024], q[1024];
	struct stat st;
	int outfd, nodefd, pipefd[2], err;
	struct shim_target t;
	int fd;

	snprintf(node, sizeof(node), "%s/nodes/h1", base);
	snprintf(out, sizeof(out), "%s/outside", base);
	snprintf(p, sizeof(p), "%s/nodes", base);
	if (mkdir(p, 0755) || mkdir(node, 0755) || mkdir(out, 0755) || chmod(base, 0755)) {
		perror(base);
		exit(2);
	}
	snprintf(p, sizeof(p), "%s/v", out);
	put(p, "victim\n", 0644);
	snprintf(p, sizeof(p), "%s/secret", out);
	put(p, "secret\n", 0600);
	snprintf(p, sizeof(p), "%s/hidden", base);
	if (mkdir(p, 0700)) {
		perror(p);
		exit(2);
	}
	snprintf(p, sizeof(p), "%s/hidden/f", base);
	put(p, "hidden\n", 0644);
	snprintf(p, sizeof(p), "%s/mine", node);
	put(p, "mine\n", 0600);
	/* Links a tool could have made in its directory. */
	snprintf(p, sizeof(p), "%s/v", out);
	snprintf(q, sizeof(q), "%s/out", node);
	if (symlink(p, q))
		exit(2);
	snprintf(p, sizeof(p), "%s/new", out);
	snprintf(q, sizeof(q), "%s/dangling", node);
	if (symlink(p, q))
		exit(2);
	snprintf(q, sizeof(q), "%s/chain", node);
	if (symlink("dangling", q))
		exit(2);
	snprintf(q, sizeof(q), "%s/up", node);
	if (symlink(out, q))
		exit(2);
	snprintf(q, sizeof(q), "%s/inside", node);
	if (symlink("sub/made", q) || mkdir(strcat(strcpy(p, node), "/sub"), 0755))
		exit(2);
	setenv("LIBSIM_NODE_DIR", node, 1);
	expect_int("node directory", strcmp(shim_node_dir() ? shim_node_dir() : "", node), 0);
	expect_int("... taken out of the environment", getenv("LIBSIM_NODE_DIR") == NULL, 1);
	if (chdir(node))
		exit(2);

	/* Writing: only in the node's directory. */
	expect_host("create a file in the node's directory", AT_FDCWD, "new", SHIM_WRITE | SHIM_CREATE);
	expect_host("write a file of the node's directory", AT_FDCWD, "mine", SHIM_WRITE);
	snprintf(p, sizeof(p), "%s/v", out);
	expect_refused("write a host file", AT_FDCWD, p, SHIM_WRITE);
	expect_refused("create a host file", AT_FDCWD, p, SHIM_WRITE | SHIM_CREATE);
	expect_refused("write a host file through ..", AT_FDCWD, "../../outside/v", SHIM_WRITE);
	expect_refused("write through a link out of the node's directory", AT_FDCWD, "out", SHIM_WRITE);
	expect_refused("create through a dangling link", AT_FDCWD, "dangling", SHIM_WRITE | SHIM_CREATE);
	expect_refused("create through a chain of links", AT_FDCWD, "chain", SHIM_WRITE | SHIM_CREATE);
	snprintf(p, sizeof(p), "%s/new", out);
	expect_int("the dangling link's target was not created", stat(p, &st), -1);
	expect_int("create through a link inside the node's directory",
		   shim_classify(AT_FDCWD, "inside", SHIM_WRITE | SHIM_CREATE, &t), SHIM_PATH_HOST);
	expect_int("... creates sub/made", strcmp(t.name, "made"), 0);
	shim_target_done(&t);
	expect_refused("a name in a host directory", AT_FDCWD, "../../outside/x", SHIM_ENTRY);
	expect_refused("a name through a link to a host directory", AT_FDCWD, "up/x", SHIM_ENTRY);
	expect_refused("remove the node's directory itself", AT_FDCWD, node, SHIM_ENTRY);
	expect_host("a name in the node's directory", AT_FDCWD, "x", SHIM_ENTRY);
	/* O_CREAT|O_EXCL does not follow: the link itself is the name, refused by the kernel (EEXIST). */
	expect_host("O_EXCL on a dangling link is the link's name", AT_FDCWD, "dangling", SHIM_ENTRY);
	expect_refused("write a missing host file", AT_FDCWD, "/nonexistent/x", SHIM_WRITE);
	expect_refused("chmod the link's target", AT_FDCWD, "out", SHIM_WRITE);
	expect_host("lchown the link itself", AT_FDCWD, "out", SHIM_WRITE | SHIM_NOFOLLOW);

	/* Directory descriptors. */
	outfd = open(out, O_RDONLY | O_DIRECTORY);
	nodefd = open(node, O_RDONLY | O_DIRECTORY);
	expect_refused("write relative to a host directory fd", outfd, "v", SHIM_WRITE);
	expect_refused("create relative to a host directory fd", outfd, "made", SHIM_WRITE | SHIM_CREATE);
	expect_host("create relative to the node's directory fd", nodefd, "made", SHIM_WRITE | SHIM_CREATE);
	expect_refused("escape from the node's directory fd", nodefd, "../../outside/v", SHIM_WRITE);

	/* Opening what was checked: created in the node's directory, nowhere else. */
	if (shim_classify(nodefd, "made", SHIM_WRITE | SHIM_CREATE, &t) == SHIM_PATH_HOST) {
		fd = shim_open_target(&t, O_WRONLY | O_CREAT | O_TRUNC, 04755);
		expect_int("open a new file of the node's directory", fd >= 0, 1);
		expect_int("... it exists", fstatat(nodefd, "made", &st, 0), 0);
		expect_int("... without setuid", st.st_mode & 07777, 0755);
		close(fd);
	}

	/* Reading: what every user may read. */
	expect_host("read a world-readable host file", outfd, "v", SHIM_READ);
	expect_refused("read a host file only its owner may read", outfd, "secret", SHIM_READ);
	snprintf(p, sizeof(p), "%s/hidden/f", base);
	expect_refused("read a file in a directory not every user may search", AT_FDCWD, p, SHIM_READ);
	expect_refused("look up a file in a directory not every user may search", AT_FDCWD, p, SHIM_LOOK);
	snprintf(p, sizeof(p), "%s/hidden/nonexistent", base);
	expect_refused("whether a file exists in such a directory", AT_FDCWD, p, SHIM_LOOK);
	snprintf(p, sizeof(p), "%s/nonexistent", out);
	expect_int("a missing file elsewhere: ENOENT", classify(AT_FDCWD, p, SHIM_READ, &err), SHIM_PATH_DENY);
	expect_int("... errno", err, ENOENT);
	expect_host("read the node's own 0600 file", AT_FDCWD, "mine", SHIM_READ);
	expect_host("stat secret (its directory is searchable)", outfd, "secret", SHIM_LOOK);
	if (stat("/etc/shadow", &st) == 0 && !(st.st_mode & S_IROTH))
		expect_refused("read /etc/shadow", AT_FDCWD, "/etc/shadow", SHIM_READ);
	expect_host("read /proc/self/status", AT_FDCWD, "/proc/self/status", SHIM_READ);
	expect_refused("write /proc/self/status", AT_FDCWD, "/proc/self/status", SHIM_WRITE);

	/* Devices by number, and the tool's own pipes. */
	expect_host("write /dev/null", AT_FDCWD, "/dev/null", SHIM_WRITE);
	/* The random devices are the node's: its generator, seeded with the run's seed. */
	expect_node("read /dev/urandom", AT_FDCWD, "/dev/urandom", SHIM_READ);
	expect_node("read /dev/random", AT_FDCWD, "/dev/./random", SHIM_READ);
	expect_host("read /dev/zero", AT_FDCWD, "/dev/zero", SHIM_READ);
	if (stat("/dev/kmsg", &st) == 0)
		expect_refused("read /dev/kmsg", AT_FDCWD, "/dev/kmsg", SHIM_READ);
	if (pipe(pipefd) == 0) {
		snprintf(p, sizeof(p), "/proc/self/fd/%d", pipefd[1]);
		expect_host("write its own pipe through /proc/self/fd", AT_FDCWD, p, SHIM_WRITE);
		close(pipefd[0]);
		close(pipefd[1]);
	}
	/* An O_RDONLY descriptor of a host file cannot be reopened for writing. */
	fd = openat(outfd, "v", O_RDONLY);
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	expect_refused("reopen a host file read for writing", AT_FDCWD, p, SHIM_WRITE);
	expect_int("fchmod-like calls on that descriptor", shim_host_fd_check(fd, SHIM_WRITE, "fchmod"), -1);
	close(fd);
	close(outfd);
	close(nodefd);
}

/* shim_view_host(AT_FDCWD, path) is want (NULL: no name of the view). */
static void expect_view_host(const char *path, const char *want)
{
	char out[PATH_MAX];
	int r = shim_view_host(AT_FDCWD, path, out, sizeof(out));

	if (r != (want != NULL) || (want && strcmp(out, want))) {
		printf("FAIL view_host(%s): got %d %s, want %s\n", path, r, r == 1 ? out : "", want ? want : "none");
		failures++;
	}
}

/* shim_view_shown(path) is want (NULL: shown as it is). */
static void expect_view_shown(const char *path, const char *want)
{
	char out[PATH_MAX];
	int r = shim_view_shown(path, out, sizeof(out));

	if (r != (want != NULL) || (want && strcmp(out, want))) {
		printf("FAIL view_shown(%s): got %d %s, want %s\n", path, r, r == 1 ? out : "", want ? want : "none");
		failures++;
	}
}

/*
 * The node's view (after host_files): /root is base/nodes/h1 both ways;
 * ".." out of /root is "/", never base/nodes; a name in the view is judged
 * as the file it reaches.
 */
static void view_paths(const char *base)
{
	char node[512], p[1024], q[1024];
	struct shim_target t;

	snprintf(node, sizeof(node), "%s/nodes/h1", base);
	expect_view_host("/root", node);
	snprintf(p, sizeof(p), "%s/mine", node);
	expect_view_host("/root/mine", p);
	expect_view_host("//root/./sub/../mine", p);
	expect_view_host("/etc/../root/mine", p);
	expect_view_host("/root/../etc/passwd", "/etc/passwd");
	expect_view_host("/root/..", "/");
	expect_view_host("/rootx/mine", NULL);
	expect_view_host("/etc/passwd", NULL);
	expect_view_host("/etc/../passwd", NULL);
	expect_view_shown(node, "/root");
	expect_view_shown(p, "/root/mine");
	snprintf(q, sizeof(q), "%sx/mine", node);
	expect_view_shown(q, NULL);
	snprintf(q, sizeof(q), "%s/nodes", base);
	expect_view_shown(q, NULL);
	expect_view_shown("/etc", NULL);

	/* Relative names: from a directory of the view, the host's walk as before; from elsewhere, into it. */
	if (chdir(node))
		exit(2);
	expect_view_host("mine", NULL);
	expect_view_host("../h1/mine", NULL);
	expect_host("a relative name in the node's directory", AT_FDCWD, "../h1/mine", SHIM_WRITE);
	if (chdir("/"))
		exit(2);
	expect_view_host("root/mine", p);
	expect_host("write by a name relative to / that leads into /root", AT_FDCWD, "root/mine", SHIM_WRITE);

	/* What a name of the view reaches is judged as any path. */
	expect_host("write the node's file by /root/...", AT_FDCWD, "/root/mine", SHIM_WRITE);
	expect_host("read the node's own 0600 file by /root/...", AT_FDCWD, "/root/mine", SHIM_READ);
	expect_int("create a file by /root/...", shim_classify(AT_FDCWD, "/root/sub/viewed", SHIM_WRITE | SHIM_CREATE, &t),
		   SHIM_PATH_HOST);
	expect_int("... named in the node's sub/", strcmp(t.name, "viewed"), 0);
	shim_target_done(&t);
	expect_refused("write through a link of the view out of it", AT_FDCWD, "/root/out", SHIM_WRITE);
	expect_refused("create through a dangling link of the view", AT_FDCWD, "/root/dangling", SHIM_WRITE | SHIM_CREATE);
	snprintf(q, sizeof(q), "/root/../%s/outside/v", base + 1);
	expect_refused("write a host file by .. out of /root", AT_FDCWD, q, SHIM_WRITE);
	expect_refused("/root/../nodes/h1 is not the node's directory", AT_FDCWD, "/root/../nodes/h1/mine", SHIM_WRITE);
	expect_refused("nor is /root/.. its parent", AT_FDCWD, "/root/../h1/mine", SHIM_WRITE);
	expect_refused("remove the node's directory by its view name", AT_FDCWD, "/root", SHIM_ENTRY);
}

int main(void)
{
	char base[256], cmd[300], log[300];
	const char *tmp = getenv("TMPDIR");
	int saved = dup(2), fd;
	FILE *f;
	char line[1024];
	int said = 0;

	umask(022);
	snprintf(base, sizeof(base), "%s/libsim-test-paths-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(base)) {
		perror("mkdtemp");
		return 2;
	}
	/* Refusals are printed on stderr: kept to check the line. */
	snprintf(log, sizeof(log), "%s.stderr", base);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
	/* After the node's directory is known: the first path judged reads it once. */
	host_files(base);
	node_paths();
	view_paths(base);
	dup2(saved, 2);
	f = fopen(log, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (strstr(line, "libsim: ../../outside/v -> ") &&
		    strstr(line, ": writing host files is refused (a node's files are under "))
			said |= 1;
		/* The program's name for the file, and where it leads as a message shows it. */
		if (strstr(line, "libsim: /root/out -> <results>/outside/v: writing host files is refused"))
			said |= 2;
	}
	if (f)
		fclose(f);
	expect_int("a refusal says what and why on stderr, naming a file as the program did", said, 3);
	unlink(log);
	if (chdir("/") == 0) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
		if (system(cmd) != 0)
			failures++;
	}
	printf("%s: %d failure(s)\n", failures ? "FAIL" : "ok - exec shim paths", failures);
	return failures != 0;
}
