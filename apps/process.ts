// SPDX-License-Identifier: GPL-2.0-only
/**
 * The process app: a real, unmodified program (iperf3, ping, curl,
 * python3 ...) run on a node while simulated time advances, as ns-3 DCE
 * runs one.  Its sockets, pipes-to-nothing and sleeps are the node
 * kernel's; it runs only while simulated time stands still, one program at
 * a time, and its blocking calls wait in simulated time (sim/exec/
 * program-steps.ts).  Its result is the program's exit and output.
 */
import type { Logger } from '../sim/core/logger';
import { formatTime } from '../sim/core/time';
import type { Node } from '../sim/node/node';
import { AppBase } from './app-base';
import type { ProcessAppSpec } from './process-params';
import type { ProgramLauncher } from './program-launcher';
import { ProgramHandle } from '../sim/exec/program-steps';

/** Output kept in summary.json per stream; the rest is cut with a marker. */
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
  /** Why it could not run or was killed by libsim, or null. */
  error: string | null;
}

const seconds = (ns: bigint): number => Number(ns) / 1e9;

function kept(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= PROCESS_OUTPUT_KEPT) return text;
  return `${bytes.subarray(0, PROCESS_OUTPUT_KEPT).toString('utf8')}\n[cut: ${bytes.length} bytes in all]\n`;
}

export class ProcessApp extends AppBase<ProcessResult> {
  private readonly argv: readonly string[];
  private startNs: bigint | null = null;
  private outcome: { exit: number | null; signal: string | null; endNs: bigint; syscalls: number } | null = null;
  private stdout = '';
  private stderr = '';
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
    const running = this.launcher.run(this.node.name, program, this.argv, this.spec.cmd, this.spec.stop, this.handle);
    this.running = running.catch(() => undefined);
    const done = await running;
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
      stdout: kept(this.stdout),
      stderr: kept(this.stderr),
      error: this.error,
    };
  }
}
