// SPDX-License-Identifier: GPL-2.0-only
/**
 * A node's scratch directory changes owner around each command that runs
 * as an unprivileged identity (sim/exec/exec-identity.ts): lent to the
 * command before it starts, so it can write there (and overwrite what
 * earlier commands wrote), and taken back after its whole process group
 * is gone, so the results belong to whoever ran libsim and the command's
 * uid owns no host file once it has ended.
 *
 * The walk follows no symbolic link (links change owner themselves,
 * lchown), stays on the directory's file system, and visits entries in
 * byte order of their names, one directory descriptor open at a time:
 * it goes down through /proc/self/fd/N/name (O_NOFOLLOW) and back up
 * through "..", checking that it lands where it came from, so no path
 * grows with the depth and a tree deeper than PATH_MAX is walked whole.
 * Its work is one lstat per entry, and a command can create no more
 * entries than its wall-clock bound lets it.  Names are bytes, not text:
 * a name that is not UTF-8 is still found.
 *
 * Lending changes only what libsim's own identity owns, and no file with
 * another name (a hard link): a name elsewhere would change owner too.
 * Taking back changes what the command's identity owns.
 */
import { closeSync, constants, fchownSync, fstatSync, lchownSync, lstatSync, openSync, readdirSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import type { HostIdentity } from './exec-identity';
import { ScratchOwnerError } from './scratch-owner-error';

/** libuv opens every descriptor close-on-exec. */
const DIRECTORY = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** One directory on the way down: its entries, the next to visit, and who it is. */
interface Frame {
  names: Buffer[];
  next: number;
  dev: bigint;
  ino: bigint;
}

/**
 * Gives `dir` and everything in it that `owner` owns to `command`
 * (directories, and files with one name).  Returns the entries changed.
 * @throws ScratchOwnerError
 */
export function lendScratch(dir: string, owner: HostIdentity, command: HostIdentity): number {
  return chownTree(dir, (st) => st.uid === BigInt(owner.uid) && (st.isDirectory() || st.nlink === 1n), command);
}

/**
 * Gives `dir` and everything in it that `command` owns (or whose group is
 * its gid) back to `owner`.  Returns the entries changed.
 * @throws ScratchOwnerError
 */
export function reclaimScratch(dir: string, command: HostIdentity, owner: HostIdentity): number {
  return chownTree(dir, (st) => st.uid === BigInt(command.uid) || st.gid === BigInt(command.gid), owner);
}

/** The path of `name` in the directory open as `fd`, as bytes. */
function at(fd: number, name: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`/proc/self/fd/${fd}/`), typeof name === 'string' ? Buffer.from(name) : name]);
}

function entries(fd: number): Buffer[] {
  return readdirSync(at(fd, ''), { encoding: 'buffer' }).sort(Buffer.compare);
}

function fail(dir: string, what: string, e?: unknown): never {
  const why = e instanceof Error ? `: ${e.message}` : '';
  throw new ScratchOwnerError(`${JSON.stringify(dir)}: ${what}${why}`);
}

/** Changes the owner of `dir` and of every entry beneath it that `pick` selects to `to`. */
function chownTree(dir: string, pick: (st: BigIntStats) => boolean, to: HostIdentity): number {
  let fd: number;
  try {
    fd = openSync(dir, DIRECTORY);
  } catch (e) {
    fail(dir, 'cannot open the scratch directory', e);
  }
  let changed = 0;
  try {
    const top = fstatSync(fd, { bigint: true });
    if (pick(top)) {
      fchownSync(fd, to.uid, to.gid);
      changed++;
    }
    const stack: Frame[] = [{ names: entries(fd), next: 0, dev: top.dev, ino: top.ino }];
    for (;;) {
      const frame = stack[stack.length - 1]!;
      if (frame.next === frame.names.length) {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent === undefined) break;
        const up = openSync(at(fd, '..'), DIRECTORY);
        closeSync(fd);
        fd = up;
        const st = fstatSync(fd, { bigint: true });
        if (st.dev !== parent.dev || st.ino !== parent.ino) fail(dir, 'a directory moved while its owner was changed');
        continue;
      }
      const name = frame.names[frame.next++]!;
      const path = at(fd, name);
      const st = lstatSync(path, { bigint: true });
      if (pick(st)) {
        lchownSync(path, to.uid, to.gid);
        changed++;
      }
      // Another file system mounted here is not the command's (it has no capability to mount).
      if (!st.isDirectory() || st.dev !== top.dev) continue;
      const down = openSync(path, DIRECTORY);
      const opened = fstatSync(down, { bigint: true });
      if (opened.dev !== st.dev || opened.ino !== st.ino) {
        closeSync(down);
        fail(dir, 'a directory was replaced while its owner was changed');
      }
      closeSync(fd);
      fd = down;
      stack.push({ names: entries(fd), next: 0, dev: opened.dev, ino: opened.ino });
    }
  } catch (e) {
    if (e instanceof ScratchOwnerError) throw e;
    fail(dir, "cannot change the owner of the scratch directory's files", e);
  } finally {
    closeSync(fd);
  }
  return changed;
}
