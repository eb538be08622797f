// SPDX-License-Identifier: GPL-2.0-only
/**
 * The process app: a real, unmodified program (iperf3, ping, curl,
 * python3 ...) run on a node while simulated time advances, as ns-3 DCE
 * runs one.  Its sockets, pipes-to-nothing and sleeps are the node
 * kernel's; it runs only while simulated time stands still, one program at
 * a time, and its blocking calls wait in simulated time (sim/exec/
 * program-steps.ts).  Its result is the program's exit and output: the
 * first 64 KiB of each stream in summary.json, and each stream whole in a
 * file of the results directory (written as it arrives, by whoever
 * launches the program).
 */
import type { Logger } from '../sim/core/logger';
import { formatTime } from '../sim/core/time';
import type { Node } from '../sim/node/node';
import { AppBase } from './app-base';
import type { ProcessAppSpec } from './process-params';
import type { OutputFiles, ProgramLauncher } from './program-launcher';
import { ProgramHandle } from '../sim/exec/program-steps';

/** Output kept in summary.json per stream; the rest is cut with a marker (the whole is in the stream's file). */
export const PROCESS_OUTPUT_KEPT = 64 * 1024;

/** A process app's entry in summary.json. */
export interface ProcessResult {
  type: 'process';
  node: string;
  cmd: string;
  argv: string[];
  /** Exit status, or null (killed by a signal, or not ended). */
  exit: number | null;
  /** The signal that ended it, or null. */
  signal: string | null;
  /** Simulated times it started and ended, s (null: not yet). */
  start_s: number | null;
  end_s: number | null;
  /** System calls it made in the node's kernel. */
  syscalls: number;
  /** The first 64 KiB of each stream (a marker says when more was cut). */
  stdout: string;
  stderr: string;
  /** Each stream whole, in a file: its path relative to the results directory, or null (it never ran). */
  stdout_file: string | null;
  stderr_file: string | null;
  /** Why it could not run or was killed by libsim, or null. */
  error: string | null;
}

const seconds = (ns: bigint): number => Number(ns) / 1e9;

export class ProcessApp extends AppBase<ProcessResult> {
  private readonly argv: readonly string[];
  private startNs: bigint | null = null;
  private outcome: { exit: number | null; signal: string | null; endNs: bigint; syscalls: number } | null = null;
  private stdout = '';
  private stderr = '';
  private files: OutputFiles | null = null;
  private readonly handle = new ProgramHandle();
  private running: Promise<unknown> | null = null;

  constructor(
    node: Node,
    private readonly spec: ProcessAppSpec,
    private readonly launcher: ProgramLauncher,
    logger?: Logger,
  ) {
    super(node, 'process', 'client', spec.start, logger);
    this.argv = spec.argv;
  }

  protected async run(): Promise<void> {
    const program = this.launcher.resolve(this.argv);
    this.startNs = this.node.now();
    this.log?.info({ cmd: this.spec.cmd, at: formatTime(this.startNs) }, 'process started');
    const launched = this.launcher.run({
      node: this.node.name,
      program,
      argv: this.argv,
      cmd: this.spec.cmd,
      env: this.spec.env,
      keptBytes: PROCESS_OUTPUT_KEPT,
      stopAt: this.spec.stop,
      handle: this.handle,
    });
    this.files = launched.files;
    this.running = launched.done.catch(() => undefined);
    const done = await launched.done;
    const r = done.result;
    this.outcome = { exit: r.exit, signal: r.signal, endNs: done.endNs, syscalls: r.syscalls };
    this.stdout = r.stdout;
    this.stderr = r.stderr;
    this.log?.info({ exit: r.exit, signal: r.signal, at: formatTime(done.endNs) }, 'process ended');
    this.stop(done.overBound === null ? null : new Error(done.overBound));
  }

  /** Stops the program if it still runs (SIGTERM, then SIGKILL) and waits until it has ended. */
  async end(): Promise<void> {
    if (this.running === null || this.outcome !== null) return;
    this.handle.terminate();
    await this.running;
    // run()'s continuation records the outcome: give it its turn.
    await new Promise((r) => setImmediate(r));
  }

  result(): ProcessResult {
    return {
      type: 'process',
      node: this.node.name,
      cmd: this.spec.cmd,
      argv: [...this.argv],
      exit: this.outcome?.exit ?? null,
      signal: this.outcome?.signal ?? null,
      start_s: this.startNs === null ? null : seconds(this.startNs),
      end_s: this.outcome === null ? null : seconds(this.outcome.endNs),
      syscalls: this.outcome?.syscalls ?? 0,
      stdout: this.stdout,
      stderr: this.stderr,
      stdout_file: this.files?.stdout ?? null,
      stderr_file: this.files?.stderr ?? null,
      error: this.error,
    };
  }
}
