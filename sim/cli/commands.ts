// SPDX-License-Identifier: GPL-2.0-only
/**
 * The commands of bin/libsim that simulate a topology: `libsim run`,
 * `libsim exec` and `libsim validate`, and what they share with `test` and
 * `reproduce`: runExperiment() (a Simulation whose results a ResultsWriter
 * writes), the command-line overrides of the topology (--seed, --duration,
 * --exec-timeout) and the exit code an error ends the command with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { APP_KINDS } from '../../apps/app-kinds';
import { DEFAULT_COMMAND_TIMEOUT_MS } from '../exec/command-runner';
import type { CommandResult } from '../exec/command-runner';
import { resolveProgram } from '../exec/program-lookup';
import { checkCommands } from '../exec/node-commands';
import { defaultLibraryPath } from '../kernel/liblinux';
import type { InjectedFault } from '../run/fault-injection';
import { Simulation } from '../run/simulation';
import type { RunTimings } from '../run/simulation';
import { loadTopology, parseTopology, readTopologyText } from '../topology/topology-loader';
import { Topology } from '../topology/topology';
import { overReported, overReportedReason } from '../topology/report-intervals';
import { parseDuration } from '../topology/units';
import { ResultsWriter } from '../../traces/results-writer';
import type { RunSummary } from '../../traces/run-summary';
import { EXIT, LibsimError } from '../core/errors';
import type { ExitCode } from '../core/errors';
import { oneLine, quoteIfNeeded } from '../core/quote';
import { InputError } from '../core/input-error';
import { onInterrupt } from './interrupts';
import { noteMissingLandlock, runsCommands } from './landlock-note';
import { checkKernelOption } from './kernel-option';
import { checkMemory } from './memory-estimate';
import { formatFailedCheck } from '../check/tap-writer';
import { ProgressLine } from './progress-line';
import { ResultsDirectory } from './results-directory';
import { ExperimentOptions, provenance, startProvenance } from './provenance';

/** Options of `libsim run`, as given on the command line. */
export interface CliOptions {
  file: string;
  out?: string;
  seed?: string;
  duration?: string;
  pcap: boolean;
  /** Write report.html (--no-report: not). */
  report: boolean;
  logLevel: string;
  verbose: boolean;
  /** Print where the wall-clock time went (--timings). */
  timings?: boolean;
  /** Run programs outside the allowlist in run: commands. */
  allowExec?: boolean;
  /** Wall-clock bound per command, e.g. "10s". */
  execTimeout?: string;
  /** Another liblinux build for every node. */
  kernel?: string;
  /** Run even when the nodes look too many for the memory available. */
  force?: boolean;
}

/** Options of `libsim exec`, as given on the command line. */
export interface ExecOptions {
  file: string;
  node: string;
  /** Simulated time to run the command at, e.g. "5s". */
  at: string;
  /** The command and its arguments. */
  argv: string[];
  out?: string;
  seed?: string;
  allowExec: boolean;
  execTimeout?: string;
  logLevel: string;
  /** Another liblinux build for every node. */
  kernel?: string;
  /** Run even when the nodes look too many for the memory available. */
  force?: boolean;
}

/**
 * Exit code for an error: the one its class declares (sim/core/errors.ts:
 * 2 bad input -- including a topology the kernel refuses, such as a route
 * via an unreachable gateway, or one that runs a node out of tasks or
 * memory --, 3 kernel fault, 70 internal error); 70 for an error that is
 * not libsim's own.
 */
export function exitCodeOf(err: Error): ExitCode {
  return err instanceof LibsimError ? err.exitCode : EXIT.INTERNAL;
}

/**
 * `libsim validate FILE`: 0 when the topology loads and its `run:`
 * programs exist and are allowed (the allowlist unless `allowExec`).
 */
export async function validateCommand(file: string, allowExec = false): Promise<number> {
  const t = loadTopology(file, { apps: APP_KINDS });
  checkCommands(t, allowExec);
  const commands = t.nodes.reduce((n, node) => n + (node.run?.length ?? 0), 0);
  process.stdout.write(
    `${oneLine(file)}: ok (${t.nodes.length} nodes, ${t.links.length} links, ${t.apps.length} apps` +
      `${commands > 0 ? `, ${commands} commands` : ''}${t.checks.length > 0 ? `, ${t.checks.length} checks` : ''})\n`,
  );
  return 0;
}

/** What a run needs besides the topology: where to write and the options that change results. */
export interface ExperimentRun {
  readonly outDir: string;
  readonly pcap: boolean;
  readonly report: boolean;
  readonly allowExec: boolean;
  readonly commandTimeoutMs: number;
  readonly logLevel: string;
  /** Every node's library unless its `kernel:` names another; default kernel/build/liblinux.so. */
  readonly libraryPath?: string;
  readonly stopwatch?: () => number;
  readonly onProgress?: (now: bigint) => void;
  /** Tests only (see TestHooks). */
  readonly injectFault?: InjectedFault;
  /**
   * The record of the run (topology.yaml and run.json), made once it ran
   * and written last; none when absent.
   */
  readonly record?: (simulation: Simulation) => Promise<{ readonly topologyText: string; readonly record: object }>;
}

/**
 * What a test may add to `libsim run` when it calls runCommand() itself;
 * nothing on the command line sets these.
 */
export interface TestHooks {
  /** Make a node's kernel fault (SimulationOptions.injectFault). */
  readonly injectFault?: InjectedFault;
}

/**
 * Runs a topology and has a ResultsWriter write its results into
 * `r.outDir`, a new empty directory: logs, pcaps, commands, summary.json,
 * (unless `r.report` is false) report.html and (with `r.record`) the
 * record of the run.  A failed run leaves its logs and no pcap.
 */
export async function runExperiment(
  topology: Topology,
  r: ExperimentRun,
): Promise<{ summary: RunSummary; simulation: Simulation }> {
  const results = new ResultsWriter(r.outDir, { pcap: r.pcap && topology.traces.pcap });
  try {
    const simulation = new Simulation(topology, {
      output: results,
      logLevel: r.logLevel,
      allowExec: r.allowExec,
      commandTimeoutMs: r.commandTimeoutMs,
      ...(r.libraryPath !== undefined ? { libraryPath: r.libraryPath } : {}),
      ...(r.stopwatch !== undefined ? { stopwatch: r.stopwatch } : {}),
      ...(r.injectFault !== undefined ? { injectFault: r.injectFault } : {}),
    });
    const summary = await simulation.run(r.onProgress);
    results.finish(summary, topology, { report: r.report });
    if (r.record !== undefined) {
      const { topologyText, record } = await r.record(simulation);
      results.writeRecord(topologyText, record);
    }
    return { summary, simulation };
  } catch (err) {
    results.discard();
    throw err;
  } finally {
    results.close();
  }
}

/**
 * `libsim run FILE`: simulates, writes pcaps, summary.json, (unless
 * --no-report) report.html, and last a copy of the topology and the
 * provenance record run.json.
 */
export async function runCommand(o: CliOptions, hooks: TestHooks = {}): Promise<number> {
  const started = new Date();
  const text = readTopologyText(o.file);
  const topology = withOverrides(parseTopology(text, o.file, { apps: APP_KINDS }), o);
  checkPcapDuration(topology, o.pcap);
  const kernel = checkKernelOption(o.kernel);
  checkMemory(topology.nodes.length, o.force ?? false);
  const outDir = o.out ?? join('results', basename(o.file, extname(o.file)));
  const experiment: ExperimentOptions = {
    seed: topology.seed.toString(),
    duration_ns: topology.duration.toString(),
    pcap: o.pcap,
    report: o.report !== false,
    allowExec: o.allowExec ?? false,
    execTimeoutMs: timeoutMs(o.execTimeout),
  };
  const defaultKernel = kernel.path ?? defaultLibraryPath();
  // Programs refused are refused now, before the note and before --out is touched.
  checkCommands(topology, experiment.allowExec);
  noteMissingLandlock(runsCommands(topology));
  const pending = startProvenance(
    topology,
    experiment.allowExec,
    topology.nodes.map((n) => n.kernel ?? defaultKernel),
  );
  const results = ResultsDirectory.open(outDir);
  const forgetResults = onInterrupt(
    () => results.discard(),
    `the unfinished run was removed; ${oneLine(quoteIfNeeded(outDir))} holds what it held before`,
  );
  const progress = new ProgressLine(topology.duration);
  const forgetProgress = onInterrupt(() => progress.done());
  let result;
  try {
    result = await runExperiment(topology, {
      outDir: results.staging,
      pcap: experiment.pcap,
      report: experiment.report,
      allowExec: experiment.allowExec,
      commandTimeoutMs: experiment.execTimeoutMs,
      logLevel: o.logLevel,
      ...(kernel.path !== undefined ? { libraryPath: kernel.path } : {}),
      // Wall time is read only when asked for, and only here, outside the simulation.
      ...(o.timings === true ? { stopwatch: (): number => performance.now() } : {}),
      onProgress: (now) => progress.update(now),
      ...(hooks.injectFault !== undefined ? { injectFault: hooks.injectFault } : {}),
      record: async (simulation) => ({
        topologyText: text,
        record: await provenance(pending, {
          topologyPath: o.file,
          topologyText: text,
          experiment,
          nodeKernels: simulation.nodeKernels(),
          started,
          finished: new Date(),
        }),
      }),
    });
    results.commit();
  } catch (err) {
    results.abandon();
    throw err;
  } finally {
    forgetResults();
    forgetProgress();
    progress.done();
  }
  const { summary, simulation } = result;
  for (const line of simulation.report()) process.stdout.write(`${line}\n`);
  process.stdout.write(`results: ${oneLine(outDir)}\n`);
  if (o.timings === true) process.stdout.write(`${formatTimings(simulation.timings())}\n`);
  if (summary.checks.length > 0) {
    const failed = summary.checks.filter((c) => !c.ok);
    process.stdout.write(`checks: ${summary.checks.length - failed.length} of ${summary.checks.length} ok\n`);
    for (const c of failed) process.stderr.write(`${formatFailedCheck(c)}\n`);
  }
  if (summary.faults.length > 0) return EXIT.KERNEL_FAULT;
  return summary.checks.some((c) => !c.ok) ? EXIT.CHECKS_FAILED : EXIT.OK;
}

/**
 * `libsim exec FILE NODE --at T -- cmd args...`: simulates up to T, runs
 * the command on the node, prints its output; exits with its status
 * (128 + signal if it was killed).  Results go to --out if given, else to
 * a temporary directory that is removed.
 */
export async function execCommand(o: ExecOptions): Promise<number> {
  const topology = withOverrides(loadTopology(o.file, { apps: APP_KINDS }), { seed: o.seed });
  const kernel = checkKernelOption(o.kernel);
  checkMemory(topology.nodes.length, o.force ?? false);
  let at: bigint;
  try {
    at = parseDuration(o.at);
  } catch (err) {
    throw new InputError(`--at: ${(err as Error).message}`);
  }
  if (o.argv.length === 0) throw new InputError('name the command to run after --, e.g. -- ip route');
  noteMissingLandlock(runnable(o.argv, o.allowExec));
  // --out is a results directory like run's: written beside, swapped in when done.
  const results = o.out !== undefined ? ResultsDirectory.open(o.out) : null;
  const outDir = results?.staging ?? mkdtempSync(join(tmpdir(), 'libsim-exec-'));
  const forgetOut =
    results !== null
      ? onInterrupt(
          () => results.discard(),
          `the unfinished run was removed; ${oneLine(quoteIfNeeded(o.out!))} holds what it held before`,
        )
      : onInterrupt(() => rmSync(outDir, { recursive: true, force: true }));
  try {
    const { r, faulted } = await execIn(topology, outDir, at, o, kernel.path);
    results?.commit();
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    // The node's kernel faulted under the command (its stderr says so).
    if (faulted) return EXIT.KERNEL_FAULT;
    if (r.exit !== null) return r.exit;
    const signal = r.signal as keyof typeof constants.signals | null;
    return 128 + (signal !== null ? (constants.signals[signal] ?? 0) : 0);
  } catch (err) {
    results?.abandon();
    throw err;
  } finally {
    forgetOut();
    if (results === null) rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * Simulates `topology` up to `at` and runs `o.argv` on `o.node`, with a
 * ResultsWriter in `outDir` for its logs and scratch directories (exec
 * writes no pcap and no summary).  `faulted`: the node's kernel faulted.
 */
async function execIn(
  topology: Topology,
  outDir: string,
  at: bigint,
  o: ExecOptions,
  libraryPath: string | undefined,
): Promise<{ r: CommandResult; faulted: boolean }> {
  const output = new ResultsWriter(outDir, { pcap: false });
  try {
    const simulation = new Simulation(topology, {
      output,
      logLevel: o.logLevel,
      allowExec: o.allowExec,
      commandTimeoutMs: timeoutMs(o.execTimeout),
      ...(libraryPath !== undefined ? { libraryPath } : {}),
    });
    const r = await simulation.exec(o.node, at, o.argv);
    return { r, faulted: simulation.faultOf(o.node) !== null };
  } finally {
    output.close();
  }
}

/** Whether `argv` names a program that may run (Simulation.exec refuses it, saying why, if not). */
function runnable(argv: readonly string[], allowExec: boolean): boolean {
  try {
    resolveProgram(argv[0]!, allowExec, argv);
    return true;
  } catch {
    return false;
  }
}

/**
 * The longest a Node timer waits, ms (2^31-1, about 24.8 days): setTimeout fires a longer one at once
 * (with a TimeoutOverflowWarning), which would kill every command at its start.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `--exec-timeout T` in ms; the default when not given.
 * @throws InputError when T is not a whole number of ms from 1ms to MAX_TIMER_MS
 *   (a Node timer counts whole ms: 1500us used to become 1 ms silently)
 */
export function timeoutMs(text: string | undefined): number {
  if (text === undefined) return DEFAULT_COMMAND_TIMEOUT_MS;
  let ns: bigint;
  try {
    ns = parseDuration(text);
  } catch (err) {
    throw new InputError(`--exec-timeout: ${(err as Error).message}`);
  }
  const ms = ns / 1_000_000n;
  if (ns % 1_000_000n !== 0n) {
    throw new InputError(`--exec-timeout ${quoteIfNeeded(text)}: a whole number of milliseconds (a timer counts ms)`);
  }
  if (ms < 1n) throw new InputError(`--exec-timeout ${quoteIfNeeded(text)}: at least 1ms`);
  if (ms > BigInt(MAX_TIMER_MS)) {
    throw new InputError(
      `--exec-timeout ${quoteIfNeeded(text)}: at most ${MAX_TIMER_MS}ms (about 24.8 days), the longest a timer waits`,
    );
  }
  return Number(ms);
}

/** The latest time a pcap record holds: its seconds field is 32 bits. */
const MAX_PCAP_TIME_NS = (1n << 32n) * 1_000_000_000n - 1n;

/**
 * A run that writes pcaps must end before their timestamps do.
 * @throws InputError naming the duration and how to run it without pcaps
 */
function checkPcapDuration(topology: Topology, pcap: boolean): void {
  if (pcap && topology.traces.pcap && topology.duration > MAX_PCAP_TIME_NS) {
    throw new InputError(
      `${quoteIfNeeded(topology.file)}: the run's duration (${topology.duration} ns) is longer than a pcap ` +
        'can timestamp (2^32 s, about 136 years); run it with --no-pcap or traces: { pcap: false }',
    );
  }
}

const MAX_SEED = (1n << 64n) - 1n;

export function withOverrides(t: Topology, o: { seed?: string | undefined; duration?: string | undefined }): Topology {
  let seed = t.seed;
  let duration = t.duration;
  if (o.seed !== undefined) {
    if (!/^\d+$/.test(o.seed)) throw new InputError(`--seed ${quoteIfNeeded(o.seed)}: not a non-negative integer`);
    seed = BigInt(o.seed);
    // The seed is 64 bits wide: a larger one would silently wrap.
    if (seed > MAX_SEED) {
      throw new InputError(`--seed ${quoteIfNeeded(o.seed)}: more than 64 bits (at most ${MAX_SEED})`);
    }
  }
  if (o.duration !== undefined) {
    try {
      duration = parseDuration(o.duration);
    } catch (err) {
      throw new InputError(`--duration: ${(err as Error).message}`);
    }
    const over = overReported(t.apps, APP_KINDS, duration);
    if (over !== null) {
      throw new InputError(
        `--duration ${quoteIfNeeded(o.duration)}: apps[${over.index}] of ${quoteIfNeeded(t.file)}: ` +
          overReportedReason(over.count, duration),
      );
    }
  }
  return { ...t, seed, duration };
}

/** The `--timings` line: key=value pairs, stable names (the benchmarks parse them). */
export function formatTimings(t: RunTimings): string {
  const perNode = (ms: number): string => (t.nodes === 0 ? '0' : (ms / t.nodes).toFixed(3));
  return [
    'timings:',
    `nodes=${t.nodes}`,
    `load_ms=${t.loadMs.toFixed(1)}`,
    `load_ms_per_node=${perNode(t.loadMs)}`,
    `boot_ms=${t.bootMs.toFixed(1)}`,
    `boot_ms_per_node=${perNode(t.bootMs)}`,
    `build_ms=${t.buildMs.toFixed(1)}`,
    `run_ms=${t.runMs.toFixed(1)}`,
    `events=${t.events}`,
    `peak_rss_mib=${t.peakRssMib.toFixed(1)}`,
  ].join(' ');
}
