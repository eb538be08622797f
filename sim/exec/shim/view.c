// SPDX-License-Identifier: GPL-2.0-only
/*
 * The node's view of its files: the names a program knows the node's host
 * directories by.  On the host the node's scratch directory is
 * <out>/nodes/<node> (LIBSIM_NODE_DIR, paths.c), and while a run is
 * written <out> is a staging directory named after libsim's pid, so a
 * program that printed its working directory or the name of a temporary
 * file printed something that changed from run to run and with the results
 * directory.  The program sees the directory as /root instead
 * (sim/exec/node-view.ts says why /root; the two must agree):
 *
 *  - a path it names in the view is replaced by the host path it stands
 *    for before paths.c judges it, so every rule holds for what the name
 *    reaches (shim_view_host);
 *  - a host path that comes back to it -- getcwd (cwd.c), readlink of
 *    /proc/self/cwd or /proc/self/fd/N, realpath (files.c) -- is shown
 *    under the view's name (shim_view_shown).
 *
 * Absolute names are matched after lexical normalization ("//", ".",
 * ".."), so "/root/x/../y" is the scratch directory's y, and "/root/.."
 * is "/" as on a real machine, never the host's parent of the scratch
 * directory (the results directory).  A name that never enters the view
 * is left as it is, for the host to resolve as before.  So is a name
 * relative to a directory in the view: the host walks it from the real
 * directory, as it did before there was a view ("../x" from /root is
 * <out>/nodes/x, judged as ever).  One relative to a directory outside it
 * ("root/x" from "/") is made absolute first, so it can lead in.
 *
 * The view is a table so that it can grow: a node's own /tmp, /run,
 * /var/lib, /var/log or /etc/<daemon> would each be one more entry, a
 * directory under the scratch directory; the longest match wins both ways.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "shim.h"

struct view_entry {
	const char *shown;	/* the name the program uses: absolute, normalized, not "/" */
	const char *sub;	/* what it stands for: a directory under the scratch directory ("" itself) */
};

static const struct view_entry view[] = {
	{ "/root", "" },
};

#define VIEW_ENTRIES (sizeof(view) / sizeof(view[0]))

/* The host directory entry e stands for: 0, or -1 (no scratch directory, or too long). */
static int host_dir(const struct view_entry *e, char *out, size_t len)
{
	const char *dir = shim_node_dir();
	int n;

	if (!dir)
		return -1;
	n = snprintf(out, len, "%s%s%s", dir, e->sub[0] ? "/" : "", e->sub);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* The entry normalized path is named under (the longest), or NULL. */
static const struct view_entry *by_shown(const char *path)
{
	const struct view_entry *best = NULL;
	size_t i;

	for (i = 0; i < VIEW_ENTRIES; i++)
		if (shim_under(path, view[i].shown) && (!best || strlen(view[i].shown) > strlen(best->shown)))
			best = &view[i];
	return best;
}

/* The entry whose host directory (copied to dir) host path path is in (the longest), or NULL. */
static const struct view_entry *by_host(const char *path, char *dir, size_t len)
{
	const struct view_entry *best = NULL;
	char d[PATH_MAX];
	size_t i;

	for (i = 0; i < VIEW_ENTRIES; i++) {
		if (host_dir(&view[i], d, sizeof(d)) || !shim_under(path, d) || strlen(d) >= len)
			continue;
		if (!best || strlen(d) > strlen(dir)) {
			best = &view[i];
			strcpy(dir, d);
		}
	}
	return best;
}

/*
 * Whether absolute path walks through the view and out of it with "..":
 * its lexical form is then where it leads ("/root/../etc" is /etc), not
 * where the host's own /root would take it.
 */
static int leaves_view(const char *path)
{
	char prefix[PATH_MAX], norm[PATH_MAX];
	const char *p;

	for (p = strstr(path, "/.."); p; p = strstr(p + 1, "/..")) {
		size_t n = (size_t)(p - path);

		if ((p[3] != '/' && p[3] != '\0') || n == 0 || n >= sizeof(prefix))
			continue;
		memcpy(prefix, path, n);
		prefix[n] = '\0';
		if (shim_normalize(prefix, norm, sizeof(norm)) == 0 && by_shown(norm))
			return 1;
	}
	return 0;
}

static int too_long(void)
{
	errno = ENAMETOOLONG;
	return -1;
}

int shim_view_host(int dirfd, const char *path, char *out, size_t len)
{
	char base[PATH_MAX], joined[2 * PATH_MAX + 2], norm[PATH_MAX], dir[PATH_MAX];
	const struct view_entry *e;
	int n;

	if (!path[0] || !shim_node_dir())
		return 0;
	if (path[0] != '/') {
		if (shim_base_dir(dirfd, base, sizeof(base)) || base[0] != '/' || by_host(base, dir, sizeof(dir)))
			return 0;
		snprintf(joined, sizeof(joined), "%s/%s", base, path);
		path = joined;
	}
	if (shim_normalize(path, norm, sizeof(norm)))
		return 0;
	e = by_shown(norm);
	if (!e) {
		if (!leaves_view(path))
			return 0;
		if (strlen(norm) >= len)
			return too_long();
		strcpy(out, norm);
		return 1;
	}
	if (host_dir(e, dir, sizeof(dir)))
		return too_long();
	n = snprintf(out, len, "%s%s", dir, norm + strlen(e->shown));
	if (n < 0 || (size_t)n >= len)
		return too_long();
	return 1;
}

int shim_view_shown(const char *path, char *out, size_t len)
{
	char dir[PATH_MAX];
	const struct view_entry *e;
	int n;

	if (path[0] != '/' || !(e = by_host(path, dir, sizeof(dir))))
		return 0;
	n = snprintf(out, len, "%s%s", e->shown, path + strlen(dir));
	if (n < 0 || (size_t)n >= len)
		return too_long();
	return 1;
}
