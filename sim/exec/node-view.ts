// SPDX-License-Identifier: GPL-2.0-only
/**
 * Where a program run on a node sees that node's scratch directory.
 *
 * On the host the directory is <out>/nodes/<node>, and during a run <out>
 * is a staging directory named after libsim's pid (`.<name>.partial-<pid>`),
 * so a program that printed its working directory printed something that
 * differs between runs and between results directories.  The exec shim
 * (sim/exec/shim/view.c, whose table must agree with this) shows the
 * directory to the program as /root instead, and takes /root/... to it:
 *
 * - /root is where a root session starts, and the program is root in its
 *   node (the shim says uid 0);
 * - its parent is "/", which exists on every host, so a tool that walks
 *   an absolute path from the top finds every directory above it: with
 *   /nodes/<node> or /var/lib/libsim/<node>, parents no host has,
 *   `mkdir -p /nodes/h1/a` tries to create /nodes (measured: refused);
 * - it is none of the directories a later per-node file view makes private
 *   (/run, /var/run, /var/lib, /var/log, /tmp, /etc/<daemon>), so those can
 *   be added to the shim's table beside it without nesting in it;
 * - the host's own /root is root's 0700 home, which a program run as uid
 *   65534 could never read anyway, so hiding it costs nothing.
 *
 * It does not name the node: every node's program sees its own /root, as
 * every Linux machine has its own.
 */
export const NODE_DIR_VIEW = '/root';
