// SPDX-License-Identifier: GPL-2.0-only
/**
 * A node's `run:` list: programs resolved (and the allowlist enforced)
 * before anything runs, the commands at 0 run during setup in the order
 * written, and each later one from a simulator event at its time that
 * holds simulated time until the command has finished.  A non-zero exit
 * fails the run (CommandFailedError naming node, time, command and the
 * tool's error text) unless the entry allows it.
 */
import type { Logger } from '../core/logger';
import type { Simulator } from '../core/simulator';
import { quote } from '../core/quote';
import { formatTime } from '../core/time';
import { KernelFaultError } from '../kernel/errors';
import type { Node } from '../node/node';
import type { CommandSpec, Topology } from '../topology/topology';
import { TopologyError } from '../topology/topology-error';
import { resolveProgram } from './program-lookup';
import { CommandFailedError } from './command-failed-error';
import { CommandNotAllowedError } from './command-not-allowed-error';
import { CommandNotFoundError } from './command-not-found-error';
import { CommandRunner, DEFAULT_COMMAND_TIMEOUT_MS } from './command-runner';
import { NoLandlockError } from './no-landlock-error';
import type { CommandResult, TimedOutcome } from './command-runner';
import type { TimedRun } from './program-steps';

/** How a node's commands run. */
export interface NodeCommandsOptions {
  /** Run programs outside the allowlist. */
  allowExec: boolean;
  /** Wall-clock bound per command, ms. */
  timeoutMs?: number;
  logger?: Logger;
  /** The node's scratch directory on the host (see CommandRunnerOptions.scratchDir). */
  scratchDir?: string;
}

/**
 * Checks that `result` is a success, or allowed to fail.
 * @throws CommandFailedError
 */
export function checkExit(result: CommandResult, allowFail: boolean): void {
  if (result.exit === 0 || allowFail) return;
  const status = result.exit !== null ? `exited with status ${result.exit}` : `was killed by ${result.signal}`;
  const text = result.stderr.trim() || result.stdout.trim();
  throw new CommandFailedError(
    `node ${result.node} at ${formatTime(result.at_ns)}: ${quote(result.cmd)} ${status}${text ? `: ${text}` : ''}`,
  );
}

/**
 * Checks that every `run:` command and command check of `topology` names a program that
 * exists and may run (the allowlist unless `allowExec`).
 * @throws TopologyError naming the entry's path and line
 */
export function checkCommands(topology: Topology, allowExec: boolean): void {
  for (const n of topology.nodes) {
    for (const c of n.run ?? []) checkProgram(topology, c.argv, allowExec, c.path, c.line);
  }
  for (const c of topology.checks) {
    if (c.kind === 'command') checkProgram(topology, c.argv, allowExec, `${c.path}.cmd`, c.line);
  }
}

/**
 * Checks that the program of `argv` exists and may run.
 * @throws TopologyError naming `path` and `line` of `topology`'s file
 */
function checkProgram(
  topology: Topology,
  argv: readonly string[],
  allowExec: boolean,
  path: string,
  line: number,
): void {
  try {
    resolveProgram(argv[0]!, allowExec, argv);
  } catch (err) {
    if (
      err instanceof CommandNotAllowedError ||
      err instanceof CommandNotFoundError ||
      err instanceof NoLandlockError
    ) {
      throw new TopologyError(topology.file, path, line, err.message);
    }
    throw err;
  }
}

/** The `run:` commands of one node. */
export class NodeCommands {
  private readonly runner: CommandRunner;
  /** A process's bound per step, ms: a command's whole bound (--exec-timeout). */
  private readonly stepBoundMs: number;
  private readonly programs: string[];

  /**
   * Resolves every command's program.
   * @param onResult receives each finished command's result, in the order they ran
   * @throws CommandNotAllowedError, CommandNotFoundError
   */
  constructor(
    private readonly sim: Simulator,
    private readonly node: Node,
    private readonly specs: readonly CommandSpec[],
    options: NodeCommandsOptions,
    private readonly onResult: (r: CommandResult) => void,
  ) {
    this.programs = specs.map((s) => resolveProgram(s.argv[0]!, options.allowExec, s.argv));
    this.stepBoundMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.runner = new CommandRunner(node, {
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(options.scratchDir !== undefined ? { scratchDir: options.scratchDir } : {}),
    });
  }

  /** Runs the commands at time 0, in order. */
  async runInitial(): Promise<void> {
    for (let i = 0; i < this.specs.length && this.specs[i]!.at === 0n; i++) await this.runOne(i);
  }

  /** Schedules the commands after 0, each holding the simulator while it runs. */
  scheduleTimed(): void {
    this.specs.forEach((spec, i) => {
      if (spec.at === 0n) return;
      this.sim.schedule(spec.at, () => this.sim.hold(this.runOne(i)));
    });
  }

  /**
   * Runs another command now (libsim exec, a check) with `stdin` as its
   * standard input (null: /dev/null): its result whatever its exit status.
   */
  runNow(program: string, argv: readonly string[], cmd: string, stdin: string | null = null): Promise<CommandResult> {
    return this.runner.run(program, argv, cmd, stdin);
  }

  /**
   * Runs a program that lives in simulated time (a process app) from now
   * until it exits or is stopped (at `run.stopAt`, or through `run.handle`),
   * on this node's simulator and with its step bound.
   */
  runTimed(
    program: string,
    argv: readonly string[],
    cmd: string,
    run: Omit<TimedRun, 'hold' | 'schedule' | 'stepBoundMs'>,
  ): Promise<TimedOutcome> {
    return this.runner.runTimed(program, argv, cmd, {
      ...run,
      hold: (work) => this.sim.hold(work),
      schedule: (at, fn) => void this.sim.schedule(at, fn),
      stepBoundMs: this.stepBoundMs,
    });
  }

  /*
   * A node whose kernel has died (before or during the command) runs no
   * more commands: its fault is in the summary, and the run goes on, as for
   * any other fault.
   */
  private async runOne(i: number): Promise<void> {
    const spec = this.specs[i]!;
    if (this.node.isDead()) return;
    let result: CommandResult;
    try {
      result = await this.runner.run(this.programs[i]!, spec.argv, spec.cmd, spec.stdin);
    } catch (err) {
      if (err instanceof KernelFaultError) return;
      throw err;
    }
    this.onResult(result);
    // Its kernel died under it: the result says so and the run goes on,
    // as for any fault.
    if (this.node.isDead()) return;
    checkExit(result, spec.allowFail);
  }
}
