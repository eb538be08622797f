// SPDX-License-Identifier: GPL-2.0-only
/**
 * Runs a real program (ip, tc, sysctl, ...) against one node's kernel.
 *
 * The program is a child process started with the exec shim preloaded
 * (sim/exec/shim) and a UNIX socket on its fd 3 (Node's extra stdio
 * pipe).  The shim sends each system call it forwards as a request
 * (sim/exec/exec-protocol.ts); this side runs it on a kernel task of the node
 * -- one process task per command, so the command has a file table of its
 * own -- at the node's current simulated time, and answers.  The caller
 * holds simulated time while the promise of run() is pending
 * (Simulator.hold), so the whole command happens at one instant.
 *
 * Standard input is /dev/null unless the caller gives text for it (`stdin:`
 * of a `run:` entry or a check), which is written to a pipe and closed, so
 * a tool reading its input to the end (`ip -batch -`) sees end of file
 * after it.
 *
 * The program's working directory is the node's scratch directory on the
 * host (`scratchDir`, created when a command runs; <out>/nodes/<node> in a
 * run), the only place the shim lets it write host files (LIBSIM_NODE_DIR);
 * without one it writes no host file at all and works in `/`.  The program
 * knows the directory as /root (NODE_DIR_VIEW: its getcwd, $PWD, $TMPDIR),
 * never by its host path, which differs from run to run.
 *
 * The environment is libsim's, never the host's: a fixed PATH, LC_ALL=C
 * and TZ=UTC, and the variables the shim reads (LD_PRELOAD, LIBSIM_*).  A
 * program in simulated time (runTimed, a process app) also gets HOME and
 * TMPDIR, and its `env:`, which may replace those defaults but never the
 * shim's; its output goes whole to its sinks (the results' files) as it
 * arrives, and its result keeps only the first TimedRun.keptBytes.
 *
 * After the command, every kernel descriptor it left open is closed and
 * the task is reused by the node's next command.  A command that runs
 * longer than its wall-clock bound is killed (SIGKILL) and reported.
 *
 * Each command leads a process group of its own (spawned detached, through
 * libsim-exec-start, beside the shim, which confines it before the
 * program's libraries run: Landlock keeps its writes in the scratch
 * directory, it has no capabilities, and a seccomp filter refuses host
 * sockets, setsid, setpgid and every way to start a process -- whatever
 * the program does, shim or no shim).  When it ends -- exit, timeout or
 * failure -- the whole group is killed (sim/exec/process-group.ts), and the
 * command is over only once no member runs; a member that outlived it is
 * named on its stderr.
 *
 * When libsim runs as root, the command runs as an unprivileged uid and
 * gid (sim/exec/exec-identity.ts; the starter changes to them), so the host
 * kernel's own permission checks hold what the shim's rules say whatever
 * the program does; the scratch directory is lent to that identity for
 * the command and taken back once its group is gone
 * (sim/exec/scratch-owner.ts), so results belong to whoever ran libsim.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import { constants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { childLogger } from '../core/logger';
import type { Logger } from '../core/logger';
import { formatTime } from '../core/time';
import { KernelError, KernelFaultError } from '../kernel/errors';
import { SYS } from '../kernel/syscall-numbers';
import type { Node } from '../node/node';
import { CallServer } from './call-server';
import { SharedChannel } from './shared-channel';
import { CommandNotFoundError } from './command-not-found-error';
import { ProgramSteps } from './program-steps';
import type { TimedRun } from './program-steps';
import { CommandSurvivorsError } from './command-survivors-error';
import { CommandTimeoutError } from './command-timeout-error';
import { commandIdentity, ownIdentity } from './exec-identity';
import { emptyGroup, groupMembers, killGroup, trackGroup, untrackGroup } from './process-group';
import type { GroupMember } from './process-group';
import { lendScratch, reclaimScratch } from './scratch-owner';
import { NODE_DIR_VIEW } from './node-view';

/** What each call of a busy loop costs a program in simulated time (CallServer.spinPause), ns. */
const SPIN_STEP_NS = 1000n;

/** Default wall-clock bound of one command, ms. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;
/** Output kept per stream; a command that writes more is cut (and says so). */
const MAX_OUTPUT = 8 << 20;
/** How long a command's output pipes may stay open after its group is gone, ms. */
const PIPE_CLOSE_BOUND_MS = 1000;

/** How the runner runs commands. */
export interface CommandRunnerOptions {
  /** Wall-clock bound per command, ms (default 10 s). */
  timeoutMs?: number;
  /** The shim; default sim/exec/shim/build/libsim-exec-shim.so of this checkout, or $LIBSIM_EXEC_SHIM. */
  shimPath?: string;
  /** Parent logger; commands log as {component: 'exec', node}. */
  logger?: Logger;
  /**
   * The node's scratch directory: the programs' working directory and the
   * only place they may write host files (created when a command runs).
   * Without it they write no host file and run in `/`.
   */
  scratchDir?: string;
}

/** What one command did, JSON-able apart from the bigint time. */
export interface CommandResult {
  node: string;
  /** Simulated time it ran at, ns. */
  at_ns: bigint;
  /** The command line as written. */
  cmd: string;
  /** Exit status, or null if killed by a signal. */
  exit: number | null;
  /** The signal that killed it, or null. */
  signal: string | null;
  stdout: string;
  stderr: string;
  /** System calls it made in the node's kernel. */
  syscalls: number;
}

/** How a program that lived in simulated time ended (runTimed). */
export interface TimedOutcome {
  readonly result: CommandResult;
  /** Simulated time it ended at, ns. */
  readonly endNs: bigint;
  /** Why libsim killed it (a step over its wall-clock bound), or null. */
  readonly overBound: string | null;
}

/** The shim of this checkout: found by walking up from this file (works from sim/exec/ and dist/sim/exec/). */
export function defaultShimPath(): string {
  const env = process.env['LIBSIM_EXEC_SHIM'];
  if (env) return env;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'sim', 'exec', 'shim', 'build', 'libsim-exec-shim.so');
    if (existsSync(candidate)) return candidate;
    dir = resolve(dir, '..');
  }
  return resolve(__dirname, 'shim', 'build', 'libsim-exec-shim.so');
}

/** Runs commands on one node, one at a time. */
export class CommandRunner {
  private readonly log: Logger | undefined;
  private readonly timeoutMs: number;
  private readonly shimPath: string;
  private readonly scratchDir: string | null;
  /** The kernel task commands run on; null until first needed or after one was left busy (and ended). */
  private task: number | null = null;

  constructor(
    private readonly node: Node,
    options: CommandRunnerOptions = {},
  ) {
    this.log =
      options.logger === undefined ? undefined : childLogger(options.logger, { component: 'exec', node: node.name });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.shimPath = options.shimPath ?? defaultShimPath();
    this.scratchDir = options.scratchDir === undefined ? null : resolve(options.scratchDir);
  }

  /**
   * Runs `program` with `argv` (argv[0] as the program sees it) at the
   * node's current simulated time, with `stdin` as its standard input
   * (null: /dev/null).  Resolves with its exit status and output whatever
   * the status -- also when the node's kernel faulted during it (the
   * program is killed, a line on its stderr says so); rejects only if it
   * could not be run or finish: CommandNotFoundError (no shim),
   * CommandTimeoutError, ExecProtocolError, ScratchOwnerError, or the
   * KernelFaultError of a node already dead.
   */
  async run(
    program: string,
    argv: readonly string[],
    cmd: string,
    stdin: string | null = null,
  ): Promise<CommandResult> {
    return (await this.start(program, argv, cmd, stdin, null)).result;
  }

  /**
   * Runs `program` as a process that lives in simulated time (see
   * TimedRun), from now until it exits or is stopped; its standard input
   * is /dev/null.  Resolves as run() does, with the time it ended at.
   */
  runTimed(program: string, argv: readonly string[], cmd: string, timed: TimedRun): Promise<TimedOutcome> {
    return this.start(program, argv, cmd, null, timed);
  }

  private async start(
    program: string,
    argv: readonly string[],
    cmd: string,
    stdin: string | null,
    timed: TimedRun | null,
  ): Promise<TimedOutcome> {
    if (!existsSync(this.shimPath)) {
      throw new CommandNotFoundError(`exec shim not built: ${this.shimPath} (run npm run build)`);
    }
    if (/[\s:]/.test(this.shimPath)) {
      // LD_PRELOAD splits on blanks and colons.
      throw new CommandNotFoundError(
        `exec shim path ${JSON.stringify(this.shimPath)} has a blank or colon: LD_PRELOAD cannot name it`,
      );
    }
    const starter = join(dirname(this.shimPath), 'libsim-exec-start');
    if (!existsSync(starter)) throw new CommandNotFoundError(`exec shim not built: ${starter} (run npm run build)`);
    if (this.scratchDir !== null) mkdirSync(this.scratchDir, { recursive: true });
    const identity = commandIdentity();
    const lent = identity !== null && this.scratchDir !== null ? this.scratchDir : null;
    if (lent !== null) lendScratch(lent, ownIdentity(), identity!);
    let shared: SharedChannel | null = null;
    try {
      shared = SharedChannel.create();
      return await this.spawnAndServe(
        shared,
        starter,
        identity === null ? [] : ['--as', `${identity.uid}:${identity.gid}`],
        program,
        argv,
        cmd,
        stdin,
        timed,
      );
    } finally {
      // Only once nothing of the command runs: its group is empty, or it never started.
      // No call of it is served after this.
      shared?.close();
      if (lent !== null) reclaimScratch(lent, identity!, ownIdentity());
    }
  }

  /**
   * run() once the scratch directory is the command's: `as` are the
   * starter's options for the identity, `shared` the memory the program
   * shares with its call server.
   */
  private async spawnAndServe(
    shared: SharedChannel,
    starter: string,
    as: readonly string[],
    program: string,
    argv: readonly string[],
    cmd: string,
    stdin: string | null,
    timed: TimedRun | null,
  ): Promise<TimedOutcome> {
    // A process has a task (a process of the node's kernel) of its own, ended with it.
    if (timed === null && this.task === null) this.task = this.node.createTask(0);
    const task = timed === null ? this.task! : this.node.createTask(0);
    const at = this.node.now();
    const where = `node ${this.node.name} at ${formatTime(at)}`;
    // Loaded here, on the first command, not at start: node:child_process
    // (with net and dgram) costs ~7 ms, and most runs have no commands.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    const landlockAbiMax = process.env['LIBSIM_LANDLOCK_ABI_MAX'];
    const child = spawn(starter, [...as, program, argv[0] ?? program, ...argv.slice(1)], {
      // A group of its own, killed whole at the end (setsid: no terminal either).
      detached: true,
      // 3: the channel socket (the doorbell), 4: the memory shared with the shim.
      stdio: [stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe', 'pipe', shared.fd],
      cwd: this.scratchDir ?? '/',
      env: {
        // Nothing of the host's environment: output depends on the node only.
        PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
        LC_ALL: 'C',
        TZ: 'UTC',
        // Its working directory as it knows it: the shim shows the scratch directory as NODE_DIR_VIEW,
        // whose host path would differ between runs (what a shell's pwd prints).
        PWD: this.scratchDir === null ? '/' : NODE_DIR_VIEW,
        // A process's home is nobody's: what it looks up there is absent, never the host user's;
        // its temporary files (iperf3's buffer, Python's tempfile) go to the node's directory.
        ...(timed !== null
          ? { HOME: '/nonexistent', ...(this.scratchDir !== null ? { TMPDIR: NODE_DIR_VIEW } : {}) }
          : {}),
        // A process's env: replaces those defaults (they only shape what the program sees; Landlock and
        // seccomp hold whatever they say) ...
        ...timed?.env,
        // ... but never what the shim needs: the loader refuses these names, and they come last, so a
        // spec made without the loader cannot replace them either.
        LD_PRELOAD: this.shimPath,
        LIBSIM_SHIM_FD: '3',
        LIBSIM_SHM_FD: '4',
        LIBSIM_NOW_NS: at.toString(),
        ...(timed !== null ? { LIBSIM_TIMED: '1' } : {}),
        ...(this.scratchDir !== null ? { LIBSIM_NODE_DIR: this.scratchDir } : {}),
        // Tests pretend to be an older host kernel with it (the starter can only lower its Landlock ABI).
        ...(landlockAbiMax !== undefined ? { LIBSIM_LANDLOCK_ABI_MAX: landlockAbiMax } : {}),
      },
    });
    if (child.pid !== undefined) trackGroup(child.pid);
    shared.closeFd();
    const channel = child.stdio[3] as Socket;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let failure: Error | null = null;
    // A process keeps the start of each stream for its result and hands the whole to its sinks as it
    // arrives, so a program that writes gigabytes costs no memory; a command keeps up to MAX_OUTPUT.
    const keep = timed?.keptBytes ?? MAX_OUTPUT;
    const sinks = timed?.output ?? null;
    let sinkFailed = false;

    const killAll = (): void => {
      if (child.pid !== undefined) killGroup(child.pid);
    };
    const fail = (e: Error): void => {
      if (failure === null) failure = e;
      killAll();
    };
    const collect =
      (into: Buffer[], which: 'out' | 'err') =>
      (chunk: Buffer): void => {
        const before = which === 'out' ? outBytes : errBytes;
        if (which === 'out') outBytes += chunk.length;
        else errBytes += chunk.length;
        // Cut at exactly `keep` bytes, not at a chunk's end: how a pipe splits output varies from run to run.
        if (before < keep) {
          into.push(before + chunk.length <= keep ? chunk : Buffer.from(chunk.subarray(0, keep - before)));
        }
        const sink = which === 'out' ? sinks?.stdout : sinks?.stderr;
        if (sink === undefined || sinkFailed) return;
        try {
          sink.write(chunk);
        } catch (e) {
          // Output that cannot be recorded whole (a full disk) ends the program: its results would lie.
          sinkFailed = true;
          fail(e instanceof Error ? e : new Error(String(e)));
        }
      };
    if (stdin !== null) {
      // A program that exits without reading all of it closes the pipe
      // (EPIPE): what it did read is all that matters, as in a shell.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(stdin);
    }
    child.stdout!.on('data', collect(out, 'out'));
    child.stderr!.on('data', collect(err, 'err'));
    const steps =
      timed === null
        ? null
        : new ProgramSteps(timed, killAll, () => this.node.now(), `node ${this.node.name}: ${program}`);
    const server = new CallServer(
      shared,
      channel,
      this.node,
      task,
      where,
      {
        failed: fail,
        waits: () => steps?.release(),
        runs: () => steps?.hold(),
        stepped: () => steps?.nextStep(),
        queued: (waiting) => steps?.waitsForRun(waiting),
      },
      { spinStepNs: timed === null ? null : SPIN_STEP_NS },
      this.log,
    );
    if (steps !== null) {
      steps.hold();
      const terminate = (): void => steps.terminate(() => server.deliverSignal(constants.signals.SIGTERM));
      timed!.handle.bind(terminate);
      if (timed!.stopAt !== null) timed!.schedule(timed!.stopAt, terminate);
    }

    let timedOut = false;
    /** At a timeout: the processes the command started, besides itself. */
    let started: GroupMember[] = [];
    // A process's bound is per step (ProgramSteps); a command's is for the whole of it.
    const timer =
      timed !== null
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            if (child.pid !== undefined) started = groupMembers(child.pid).filter((m) => m.pid !== child.pid);
            killAll();
          }, this.timeoutMs);

    const closed = new Promise<void>((resolveClose) => child.on('close', () => resolveClose()));
    const status = await new Promise<{ code: number | null; signal: string | null }>((resolveExit, rejectExit) => {
      child.on('error', (e) => rejectExit(new CommandNotFoundError(`${where}: cannot run ${program}: ${e.message}`)));
      child.on('exit', (code, signal) => resolveExit({ code, signal }));
    }).finally(() => {
      clearTimeout(timer);
      server.stop();
    });
    const endAt = this.node.now();
    try {
      // The leader is gone: so must be everything it started, holding its pipes or not.
      const group = await emptyGroup(child.pid!);
      untrackGroup(child.pid!);
      if (group.left.length > 0) {
        // The next command gets a fresh task; this one ends with its calls.
        if (timed === null) this.task = null;
        if (!this.node.isDead()) this.node.exitTask(task);
        throw new CommandSurvivorsError(
          `${where}: "${cmd}": ${describeMembers(group.left)} of the command still ran ` +
            'after SIGKILL to its process group',
        );
      }
      // The kernel tasks of its threads end with it (their calls still pending are killed).
      server.endThreads();
      await Promise.race([closed, new Promise((r) => setTimeout(r, PIPE_CLOSE_BOUND_MS))]);
      child.stdout!.destroy();
      child.stderr!.destroy();
      channel.destroy();

      // The node's kernel died under the command: what the command did up to
      // then is still its result, with the fault said on its stderr.
      // (Set by the callbacks above: TypeScript cannot see that.)
      const failed = failure as Error | null;
      const fault = failed instanceof KernelFaultError ? failed : null;
      // A call still pending in the kernel keeps the task busy: it is ended
      // (the call killed, its process's files closed) and the next command
      // gets a fresh one.  A dead kernel has nothing left to end.
      if (fault !== null) {
        if (timed === null) this.task = null;
      } else if (timed !== null) {
        // A process's task ends with it: its descriptors close as a process's do at exit.
        this.node.exitTask(task);
      } else if (server.busy) {
        this.task = null;
        this.node.exitTask(task);
      } else {
        await this.closeLeftovers(task, server.fds.highest);
      }

      // A process's marker says how much there was: its whole output is in its files.
      const cut = (bytes: number): string =>
        bytes <= keep ? '' : timed !== null ? `\n[cut: ${bytes} bytes in all]\n` : '\n[output cut]\n';
      const stdout = Buffer.concat(out).toString('utf8') + cut(outBytes);
      const stderr =
        Buffer.concat(err).toString('utf8') +
        cut(errBytes) +
        (fault !== null
          ? `libsim: the kernel of ${this.node.name} faulted during this command, which was killed: ${fault.message}\n`
          : '') +
        (group.killed.length > 0
          ? `libsim: ${describeMembers(group.killed)} outlived the command and ${group.killed.length === 1 ? 'was' : 'were'} killed\n`
          : '');
      const result: CommandResult = {
        node: this.node.name,
        at_ns: at,
        cmd,
        exit: status.code,
        signal: status.signal,
        stdout,
        stderr,
        syscalls: server.syscalls,
      };
      // A failed command is logged even at the default level (warn); --log-level info shows them all.
      const record = { cmd, exit: status.code, signal: status.signal, stdout, stderr, syscalls: server.syscalls };
      if (status.code === 0) this.log?.info(record, 'command');
      else this.log?.warn(record, 'command');
      if (failed !== null && fault === null) throw failed;
      if (timedOut) {
        throw new CommandTimeoutError(
          `${where}: "${cmd}" did not finish within its wall-clock bound of ${this.timeoutMs} ms and was killed ` +
            (started.length + group.killed.length > 0
              ? `(with ${describeMembers([...started, ...group.killed])} it started) `
              : '') +
            '(simulated time stands still while a command runs: it cannot wait for the network)',
        );
      }
      return { result, endNs: endAt, overBound: steps?.overBound ?? null };
    } finally {
      // Whatever happened, time goes on once the program and its task are gone.
      steps?.end();
    }
  }

  /** Closes the kernel descriptors a finished command left open. */
  private async closeLeftovers(task: number, maxFd: number): Promise<void> {
    for (let fd = 0; fd <= maxFd; fd++) {
      try {
        await this.node.syscall(task, SYS.close, [fd]);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
      }
    }
  }
}

/** "2 processes (sleep, sleep)": names only, sorted (pids differ from run to run). */
function describeMembers(members: readonly { comm: string }[]): string {
  const names = members
    .map((m) => m.comm)
    .sort()
    .join(', ');
  return `${members.length} process${members.length === 1 ? '' : 'es'} (${names})`;
}
