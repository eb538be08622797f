// SPDX-License-Identifier: GPL-2.0-only
/**
 * The program of a command line (`run:` entries and `libsim exec`):
 * resolved against the allowlist, and checked to be one the exec shim can
 * be preloaded into.
 */
import {
  accessSync,
  closeSync,
  constants,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { quoteIfNeeded } from '../core/quote';
import { CommandNotAllowedError } from './command-not-allowed-error';
import { CommandNotFoundError } from './command-not-found-error';
import { commandIdentity } from './exec-identity';
import { requireLandlock } from './exec-sandbox';

/** The tools a node may run without --allow-exec (nstat only as NSTAT_SAFE says). */
export const ALLOWED_TOOLS: readonly string[] = ['ip', 'tc', 'sysctl', 'bridge', 'ss', 'nstat'];

/**
 * nstat (iproute2) reads the node's /proc/net/{snmp,netstat,snmp6}; but
 * unless told to ignore and not update its history (-a -s), it keeps that
 * history in a file of the host's /tmp, which would make one run depend on
 * another.  So without --allow-exec it runs only with -a and -s, and with
 * no option beyond these and -j, -p, -z (no -r reset, -d daemon, ...).
 */
const NSTAT_SAFE = { short: 'aspjz', long: ['--ignore', '--noupdate', '--json', '--pretty', '--zeros'] } as const;

/** Where the allowlisted tools are looked up (never $PATH). */
const SYSTEM_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findIn(dirs: readonly string[], name: string): string | null {
  for (const d of dirs) {
    const f = join(d, name);
    if (executable(f)) return f;
  }
  return null;
}

/**
 * Whether the shim can be preloaded into `file`: a dynamically linked ELF
 * (it has a PT_INTERP) or a #! script (its interpreter gets the shim).  A
 * static program would ignore LD_PRELOAD and reach the host directly.
 */
export function preloadable(file: string): boolean {
  const head = Buffer.alloc(4096);
  let n: number;
  const fd = openSync(file, 'r');
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (n >= 2 && head[0] === 0x23 && head[1] === 0x21) return true;
  // ELF64 little-endian: program headers at e_phoff, e_phnum of e_phentsize.
  if (n < 64 || head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2 || head[5] !== 1) return false;
  const phoff = Number(head.readBigUInt64LE(0x20));
  const phentsize = head.readUInt16LE(0x36);
  const phnum = head.readUInt16LE(0x38);
  for (let i = 0; i < phnum && phoff + (i + 1) * phentsize <= n; i++) {
    if (head.readUInt32LE(phoff + i * phentsize) === 3 /* PT_INTERP */) return true;
  }
  return false;
}

/** Symbolic links followed in one path, as the kernel's MAXSYMLINKS. */
const MAX_LINKS = 40;

/**
 * The first directory not searchable by every user that the kernel would
 * look in while it resolves `file` (an absolute path), following its
 * links as it does, or null.
 */
function firstClosedDirectory(file: string): string | null {
  let pending = file.split('/').filter((c) => c !== '');
  let dir = '/';
  let links = 0;
  while (pending.length > 0) {
    if ((statSync(dir).mode & constants.S_IXOTH) === 0) return dir;
    const name = pending.shift()!;
    if (name === '.') continue;
    // dir is always a real directory (links are resolved on the way), so its parent is the kernel's "..".
    if (name === '..') {
      dir = dirname(dir);
      continue;
    }
    const next = join(dir, name);
    if (!lstatSync(next).isSymbolicLink()) {
      dir = next;
      continue;
    }
    if (++links > MAX_LINKS) return next;
    const target = readlinkSync(next);
    pending = [...target.split('/').filter((c) => c !== ''), ...pending];
    if (target.startsWith('/')) dir = '/';
  }
  return null;
}

/**
 * Why a user other than the file's owner and group could not run `file`
 * (an absolute path), or null if every user may: every directory the
 * kernel looks in to find it (links followed) searchable by every user,
 * the file executable by every user, and a script also readable (its
 * interpreter reads it).  Commands run as uid 65534 when libsim runs as
 * root (sim/exec/exec-identity.ts), and the host kernel judges their exec.
 */
export function whyNotEveryoneMayRun(file: string): string | null {
  const closed = firstClosedDirectory(file);
  if (closed !== null) return `${quoteIfNeeded(closed)} is not searchable by every user`;
  const mode = statSync(file).mode;
  if ((mode & constants.S_IXOTH) === 0) {
    return `mode ${(mode & 0o7777).toString(8).padStart(4, '0')}: not executable by every user`;
  }
  const head = Buffer.alloc(2);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === '#!' && (mode & constants.S_IROTH) === 0) {
    return `mode ${(mode & 0o7777).toString(8).padStart(4, '0')}: a script not readable by every user`;
  }
  return null;
}

/** Whether `file` is one of the allowlisted tools, as found in the system directories. */
function isAllowlistedTool(file: string): boolean {
  const name = basename(file);
  const tool = ALLOWED_TOOLS.includes(name) ? findIn(SYSTEM_DIRS, name) : null;
  return tool !== null && realpathSync(tool) === realpathSync(file);
}

/** Refuses nstat options that would touch its history file in the host's /tmp (see NSTAT_SAFE). */
function checkNstatArguments(args: readonly string[]): void {
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a.startsWith('--')) {
      const k = NSTAT_SAFE.long.indexOf(a as (typeof NSTAT_SAFE.long)[number]);
      if (k < 0) refuseNstat(a);
      seen.add(NSTAT_SAFE.short[k]!);
    } else if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (!NSTAT_SAFE.short.includes(c)) refuseNstat(`-${c}`);
        seen.add(c);
      }
    }
  }
  if (!seen.has('a') || !seen.has('s')) refuseNstat(null);
}

function refuseNstat(option: string | null): never {
  const why = option === null ? 'needs -a and -s' : `may not use ${option}`;
  throw new CommandNotAllowedError(
    `nstat ${why}: without --allow-exec it runs only as nstat -a -s [-j] [-p] [-z] ` +
      "[PATTERN...], which never touches its history file in the host's /tmp",
  );
}

/**
 * The file to execute for a command's first word.  An allowlisted name is
 * found in the system directories (/usr/sbin, /usr/bin, /sbin, /bin); a
 * path is accepted only if it is one of those same files; `argv` (the whole
 * command) is checked for the tools that take only some options.  With
 * `allowExec` any dynamically linked program (or script) runs: a path as
 * given, a name through $PATH.
 * @throws CommandNotAllowedError, CommandNotFoundError
 */
export function resolveProgram(argv0: string, allowExec: boolean, argv: readonly string[] = [argv0]): string {
  const isPath = argv0.includes('/');
  const name = basename(argv0);
  if (allowExec) {
    const found = isPath
      ? executable(resolve(argv0))
        ? resolve(argv0)
        : null
      : findIn([...(process.env['PATH'] ?? '').split(':').filter((d) => isAbsolute(d)), ...SYSTEM_DIRS], argv0);
    if (found === null) throw new CommandNotFoundError(`${quoteIfNeeded(argv0)}: no such program`);
    // The backstops would keep it off the host, but it could never reach its node either: its results would lie.
    if (!preloadable(found)) {
      throw new CommandNotAllowedError(
        `${quoteIfNeeded(argv0)}: not a dynamically linked program (statically linked, or not ` +
          "an executable): the exec shim cannot be preloaded into it, so none of its calls would reach the node's kernel",
      );
    }
    const identity = commandIdentity();
    const why = identity === null ? null : whyNotEveryoneMayRun(found);
    if (why !== null) {
      throw new CommandNotAllowedError(
        `${quoteIfNeeded(argv0)}: not a program every user may run (${why}): ` +
          `commands run as uid ${identity!.uid}, not as root, so that the host kernel holds them to what every user may do`,
      );
    }
    if (!isAllowlistedTool(found)) requireLandlock(quoteIfNeeded(argv0));
    return found;
  }
  const refuse = (): never => {
    throw new CommandNotAllowedError(
      `${quoteIfNeeded(argv0)}: only ${ALLOWED_TOOLS.join(', ')} may run on a node (--allow-exec runs other programs)`,
    );
  };
  if (!ALLOWED_TOOLS.includes(name)) refuse();
  if (name === 'nstat') checkNstatArguments(argv.slice(1));
  const tool = findIn(SYSTEM_DIRS, name);
  if (tool === null) throw new CommandNotFoundError(`${name}: not installed (looked in ${SYSTEM_DIRS.join(', ')})`);
  if (isPath) {
    let real: string;
    try {
      real = realpathSync(argv0);
    } catch {
      throw new CommandNotFoundError(`${quoteIfNeeded(argv0)}: no such program`);
    }
    if (real !== realpathSync(tool)) refuse();
  }
  return tool;
}
