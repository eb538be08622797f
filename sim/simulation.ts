// SPDX-License-Identifier: GPL-2.0-only
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { App, AppResult } from '../apps/app';
import { createApp, isServer } from '../apps/app-factory';
import { resultLine } from '../apps/result-line';
import { resolveProgram } from '../apps/command-line';
import type { CommandResult } from '../apps/command-runner';
import { checkCommands, NodeCommands } from '../apps/node-commands';
import { PcapRecorder } from '../traces/pcap-recorder';
import { createRootLogger, Logger } from './core/logger';
import { quote, quoteIfNeeded } from './core/quote';
import { Rng } from './core/rng';
import { formatTime, SimTime } from './core/time';
import { settleByMacrotask } from './core/settle';
import { Simulator } from './core/simulator';
import { LinkCounters, PointToPointLink } from './net/point-to-point-link';
import { configureNode, createInterfaces } from './node/node-config';
import { Node } from './node/node';
import { NodeDeviceCounters } from './node/device-counter';
import { NodeSpec, Topology } from './topology/topology';
import { KernelApiError, KernelFaultError } from './kernel/errors';
import { bootCmdline, faultsAt, InjectedFault, wildAccess } from './fault-injection';
import { InputError } from './cli/input-error';
import { makeDirs } from './core/make-dirs';
import { judgeCommand, judgeExpect } from './check/check-evaluator';
import type { CheckResult } from './check/check-result';
import { linkNameOf } from './topology/check-loader';
import { atSource } from './topology/source-ref';

/** Where a run writes and what it records. */
export interface SimulationOptions {
  /** Results directory (created). */
  readonly outDir: string;
  /** Write a pcap per device. */
  readonly pcap: boolean;
  /** pino level of libsim.log. */
  readonly logLevel: string;
  /** Let `run:` commands (and exec) run programs outside the allowlist. */
  readonly allowExec?: boolean;
  /** Wall-clock bound per command, ms (default 10 s). */
  readonly commandTimeoutMs?: number;
  /** The liblinux every node loads (`--kernel`); default kernel/build/liblinux.so. */
  readonly libraryPath?: string;
  /**
   * A wall clock in ms, given only to measure timings() (`--timings`, the
   * benchmarks).  The simulation never reads one itself: nothing it
   * computes may depend on the machine.  Without it timings() are 0.
   */
  readonly stopwatch?: () => number;
  /**
   * Tests only; nothing on the command line sets it.  Makes one node's
   * kernel fault with a real wild access (sim/fault-injection.ts).
   */
  readonly injectFault?: InjectedFault;
}

/** A node's kernel fault, as summary.json reports it. */
export interface FaultRecord {
  readonly node: string;
  readonly time_ns: bigint;
  readonly message: string;
}

/** A node's part of summary.json: its kernel's activity and its devices. */
export interface NodeSummary {
  readonly name: string;
  /** Its kernel's release. */
  readonly kernel: string;
  /** kernel.tainted at the end of the run (0: no WARN, no oops); null when the kernel died. */
  readonly tainted: number | null;
  /** Entries into its kernel, all kinds, and those made for its timers. */
  readonly entries: number;
  readonly deadlineRuns: number;
  readonly devices: ReadonlyArray<{ readonly name: string } & NodeDeviceCounters>;
}

/**
 * Where a run's wall-clock time went, for `--timings` and the benchmarks.
 * Measured, not simulated: never part of summary.json, which must not
 * depend on the machine.
 */
export interface RunTimings {
  readonly nodes: number;
  /** Loading the nodes' private library copies, ms, all nodes. */
  readonly loadMs: number;
  /** Booting their kernels, ms, all nodes. */
  readonly bootMs: number;
  /** The whole build (load, boot, devices, links, configuration, apps), ms. */
  readonly buildMs: number;
  /** Simulating, ms. */
  readonly runMs: number;
  readonly events: number;
  /** Peak resident memory of the process, MiB. */
  readonly peakRssMib: number;
}

/**
 * Everything summary.json holds: what the experiment (topology content,
 * seed, options, kernel build) decides, nothing about where or when it
 * ran -- that is the provenance record's (run.json).
 */
export interface RunSummary {
  /** The nodes' kernel release; several, comma-separated, when nodes run different ones. */
  readonly kernel: string;
  readonly seed: bigint;
  readonly duration_ns: bigint;
  readonly apps: readonly AppResult[];
  readonly links: readonly LinkCounters[];
  readonly nodes: readonly NodeSummary[];
  /** Every `run:` command in the order it ran, with its exit status and output. */
  readonly commands: readonly CommandResult[];
  readonly faults: readonly FaultRecord[];
  /** Every check of `checks:`, in file order. */
  readonly checks: readonly CheckResult[];
}

/**
 * One run of a topology: builds the models (nodes on their own kernels,
 * links, apps, traces) from a checked Topology, runs them on one
 * Simulator, and collects the results.  Everything is created and
 * iterated in name order so that a seed fully determines the run.
 */
export class Simulation {
  // A turn of the event loop every 1,000 events (~5 us each): Ctrl-C is handled within a few ms.
  private readonly sim = new Simulator({ progress: { everyEvents: 1000, onProgress: (now) => this.onProgress(now) }, yieldEvery: 1000 });
  private readonly nodes = new Map<string, Node>();
  /** Each node's kernel release, read at boot (the library is closed when the record is written). */
  private readonly releases = new Map<string, string>();
  private readonly links: PointToPointLink[] = [];
  private readonly apps: App[] = [];
  private readonly pcaps: PcapRecorder;
  private readonly commands = new Map<string, NodeCommands>();
  private readonly commandResults: CommandResult[] = [];
  /** Results of the command checks, by index in `checks:`. */
  private readonly commandChecks = new Map<number, CheckResult>();
  private readonly logger: Logger;
  private readonly logFile: pino.DestinationStream & { end(): void };
  private onProgress: (now: SimTime) => void = () => undefined;
  private readonly wall = { loadMs: 0, bootMs: 0, buildMs: 0, runMs: 0 };
  private readonly stopwatch: () => number;

  constructor(private readonly topology: Topology, private readonly options: SimulationOptions) {
    makeDirs(options.outDir);
    this.pcaps = new PcapRecorder(join(options.outDir, 'pcap'));
    this.stopwatch = options.stopwatch ?? ((): number => 0);
    this.logFile = pino.destination({ dest: join(options.outDir, 'libsim.log'), sync: true });
    this.logger = createRootLogger({
      level: options.logLevel as 'info',
      clock: () => this.sim.now,
      destination: this.logFile,
    });
  }

  /** Builds and runs to the topology's duration; returns the summary. */
  async run(onProgress: (now: SimTime) => void = () => undefined): Promise<RunSummary> {
    this.onProgress = onProgress;
    let summary: RunSummary;
    try {
      const t0 = this.stopwatch();
      await this.setUp();
      this.scheduleChecks();
      const t1 = this.stopwatch();
      await this.sim.runAsync(this.topology.duration);
      this.wall.buildMs = t1 - t0;
      this.wall.runMs = this.stopwatch() - t1;
      summary = this.summary();
      this.writeCommandOutputs();
      // Renamed into place only once everything else succeeded.
      this.pcaps.close();
    } catch (err) {
      this.discardTraces();
      throw err;
    } finally {
      this.tearDown();
    }
    return summary;
  }

  /** Wall-clock time of the last run(), by phase. */
  timings(): RunTimings {
    return {
      nodes: this.nodes.size,
      ...this.wall,
      events: this.sim.eventsRun,
      peakRssMib: process.resourceUsage().maxRSS / 1024,
    };
  }

  /**
   * `libsim exec`: simulates up to `at` (its events at `at` included),
   * then runs `argv` on node `nodeName` and returns what it did, whatever
   * its exit status.  No pcap or summary is written.
   * @throws InputError for an unknown node; the errors of run() and of the command runner
   */
  async exec(nodeName: string, at: SimTime, argv: readonly string[]): Promise<CommandResult> {
    if (!this.topology.nodes.some((n) => n.name === nodeName))
      throw new InputError(`no node ${quote(nodeName)} in ${quoteIfNeeded(this.topology.file)}`);
    let program: string;
    try {
      program = resolveProgram(argv[0]!, this.options.allowExec ?? false, argv);
    } catch (err) {
      throw new InputError((err as Error).message);
    }
    try {
      await this.setUp();
      await this.sim.runAsync(at);
      const result = await this.commands.get(nodeName)!.runNow(program, argv, argv.join(' '));
      return result;
    } finally {
      this.discardTraces();
      this.tearDown();
    }
  }

  /** Removes the traces still open: incomplete, so a failed run leaves no partial pcap. */
  private discardTraces(): void {
    this.pcaps.abort();
  }

  /** Checks the commands, builds the models, runs the commands at 0 and schedules the later ones. */
  private async setUp(): Promise<void> {
    checkCommands(this.topology, this.options.allowExec ?? false);
    await this.build();
    const fault = this.options.injectFault;
    for (const [name, c] of this.commands) {
      const node = this.nodes.get(name)!;
      if (faultsAt(fault, 'commands', node))
        this.survives(node, () => wildAccess(node, fault.kind));
      await c.runInitial();
    }
    for (const c of this.commands.values())
      c.scheduleTimed();
    if (fault !== undefined && typeof fault.at === 'bigint') {
      const node = this.nodes.get(fault.node);
      if (node !== undefined)
        this.sim.schedule(fault.at, () => this.survives(node, () => wildAccess(node, fault.kind)));
    }
  }

  /*
   * A command check at T runs after what was scheduled for T before it:
   * link events, app starts and the run: commands at T.  Like those, it
   * holds simulated time while its program runs.
   */
  private scheduleChecks(): void {
    this.topology.checks.forEach((spec, i) => {
      if (spec.kind !== 'command')
        return;
      const program = resolveProgram(spec.argv[0]!, this.options.allowExec ?? false, spec.argv);
      this.sim.schedule(spec.at, () => this.sim.hold((async (): Promise<void> => {
        const node = this.nodes.get(spec.node)!;
        if (node.isDead()) {
          this.commandChecks.set(i, judgeCommand(spec, null, `the kernel of ${spec.node} is dead`));
          return;
        }
        try {
          const r = await this.commands.get(spec.node)!.runNow(program, spec.argv, spec.cmd, spec.stdin);
          this.commandChecks.set(i, judgeCommand(spec, r));
        } catch (err) {
          if (!(err instanceof KernelFaultError))
            throw err;
          this.commandChecks.set(i, judgeCommand(spec, null, err.message));
        }
      })()));
    });
  }

  /** Every check's result, in file order; app and link checks judged now (the end of the run). */
  private checkResults(apps: readonly AppResult[], links: readonly LinkCounters[]): CheckResult[] {
    const end = this.topology.duration;
    return this.topology.checks.map((spec, i) => {
      switch (spec.kind) {
        case 'command':
          return this.commandChecks.get(i) ??
            judgeCommand(spec, null, `the run ended before ${formatTime(spec.at)}`);
        case 'app': {
          const a = apps[spec.app]!;
          return judgeExpect(spec, a, a.node, end, `${a.type} on ${a.node}`);
        }
        case 'link': {
          const l = links.find((c) => c.name === spec.link)!;
          return judgeExpect(spec, l.directions, null, end);
        }
      }
    });
  }

  private tearDown(): void {
    this.writeKernelLogs();
    for (const node of this.nodes.values())
      node.close();
    this.logFile.end();
  }

  /** The library file each node runs and its release, in name order (for the provenance record). */
  nodeKernels(): Array<{ node: string; path: string; release: string }> {
    return [...this.nodes.values()].map((n) => ({ node: n.name, path: n.kernel.path, release: this.releases.get(n.name)! }));
  }

  /** The fault of node `name`'s kernel, or null while it lives. */
  faultOf(name: string): FaultRecord | null {
    const f = this.nodes.get(name)?.fault();
    return f ? { node: name, time_ns: f.time, message: f.message } : null;
  }

  /** Human-readable result lines for the terminal. */
  report(): string[] {
    const lines = this.apps.map((a) => resultLine(a.result()));
    for (const node of this.nodes.values()) {
      const f = node.fault();
      if (f)
        lines.push(`kernel fault on ${node.name} at ${f.time} ns: ${f.message}`);
    }
    return lines;
  }

  /*
   * Order matters: devices exist and are wired (and traced) before any
   * node is configured, so the frames of bring-up (IPv6 router
   * solicitations, MLD reports) reach the links and the pcaps.
   *
   * A node whose kernel faults on the way -- in boot, creating its
   * devices, being configured -- is dead from then on, as for a fault
   * later in the run: it keeps its devices (those its kernel never made
   * exist on the host side only), its links carry nothing into it, and
   * the other nodes are built and run.
   */
  private async build(): Promise<void> {
    const t = this.topology;
    const rng = new Rng(t.seed);
    const nodeSpecs = withLinkMtus(t);
    for (const spec of nodeSpecs) {
      const seedRng = rng.split(`node ${spec.name}`);
      const seed = (BigInt(seedRng.nextU32()) << 32n) | BigInt(seedRng.nextU32());
      const t0 = this.stopwatch();
      const node = this.newNode(spec, seed);
      // Registered first, so that it is closed even if its boot fails.
      this.nodes.set(spec.name, node);
      const t1 = this.stopwatch();
      this.survives(node, () => node.boot(this.sim.now));
      this.releases.set(spec.name, node.kernel.kernelVersion());
      this.wall.loadMs += t1 - t0;
      this.wall.bootMs += this.stopwatch() - t1;
      if (!this.survives(node, () => createInterfaces(node, spec)))
        createInterfaces(node, spec);
      // Booting 1,000 nodes takes seconds: a turn of the event loop after each lets Ctrl-C in.
      await settleByMacrotask();
    }
    for (const spec of t.links) {
      const name = linkNameOf(spec);
      // Named by its endpoints, so its random streams do not depend on
      // where it stands in the file.
      const link = new PointToPointLink(this.sim, spec, rng.split(`link ${name}`), name);
      const ends = [[spec.a, 'a'], [spec.b, 'b']] as const;
      const devices = ends.map(([ep, side]) => {
        const device = this.nodes.get(ep.node)!.device(ep.iface)!;
        device.connect(link.attach(side, device));
        return device;
      });
      link.onStateChange((up) => devices.forEach((device) => device.setCarrier(up)));
      this.links.push(link);
    }
    if (this.options.pcap)
      this.pcaps.attach([...this.nodes.values()]);
    const fault = this.options.injectFault;
    for (const spec of nodeSpecs) {
      const node = this.nodes.get(spec.name)!;
      if (faultsAt(fault, 'configuration', node))
        this.survives(node, () => wildAccess(node, fault.kind));
      if (!node.isDead())
        this.survives(node, () => configureNode(node, spec));
    }
    for (const spec of nodeSpecs) {
      this.commands.set(spec.name, new NodeCommands(this.sim, this.nodes.get(spec.name)!, spec.run ?? [], {
        allowExec: this.options.allowExec ?? false,
        ...(this.options.commandTimeoutMs !== undefined ? { timeoutMs: this.options.commandTimeoutMs } : {}),
        logger: this.logger,
        scratchDir: join(this.options.outDir, 'nodes', spec.name),
      }, (r) => this.commandResults.push(r)));
    }
    // Results in file order; servers start first, so that a server and a
    // client starting at the same time find the server ready.
    for (const spec of t.apps)
      this.apps.push(createApp(this.nodes.get(spec.node)!, spec, this.logger));
    for (const server of [true, false])
      t.apps.forEach((spec, i) => {
        if (isServer(spec) === server)
          this.apps[i]!.start();
      });
  }

  /**
   * Runs one step of building `node`: false when its kernel faulted (the
   * node recorded the fault and is dead), which ends that node, not the run.
   */
  private survives(node: Node, step: () => void): boolean {
    try {
      step();
      return true;
    } catch (err) {
      if (err instanceof KernelFaultError && node.isDead())
        return false;
      throw err;
    }
  }

  /** A node on its own library (`kernel:`) or the run's. */
  private newNode(spec: NodeSpec, seed: bigint): Node {
    const libraryPath = spec.kernel ?? this.options.libraryPath;
    const cmdline = bootCmdline(this.options.injectFault, spec.name);
    try {
      return new Node(this.sim, spec.name, seed, this.logger, {
        ...(libraryPath !== undefined ? { libraryPath } : {}),
        ...(cmdline !== undefined ? { cmdline } : {}),
      });
    } catch (err) {
      // A library named in the topology is input; the default one failing is not.
      if (err instanceof KernelApiError && spec.kernel) {
        const reason = `${quoteIfNeeded(spec.kernel)}: not a liblinux shared library (${err.message})`;
        const at = spec.kernelSource;
        throw new InputError(at !== undefined ? atSource(at.file, at.path, at.line, reason) : `node ${spec.name}: kernel ${reason}`);
      }
      throw err;
    }
  }

  private summary(): RunSummary {
    const faults: FaultRecord[] = [];
    for (const node of this.nodes.values()) {
      const f = node.fault();
      if (f)
        faults.push({ node: node.name, time_ns: f.time, message: f.message });
    }
    const apps = this.apps.map((a) => a.result());
    const links = this.links.map((l) => l.counters());
    const nodes = [...this.nodes.values()].map((n): NodeSummary => {
      const counters = n.counters();
      const devices = n.devices().map((d) => ({ name: d.name, ...d.counters() }));
      // Read after every counter, so that this entry (and anything it might
      // send) is counted nowhere.
      const tainted = n.isDead() ? null : Number(n.sysctlGet('kernel.tainted'));
      return { name: n.name, kernel: this.releases.get(n.name)!, tainted, ...counters, devices };
    });
    return {
      kernel: [...new Set(nodes.map((n) => n.kernel))].join(', '),
      seed: this.topology.seed,
      duration_ns: this.topology.duration,
      apps,
      links,
      nodes,
      commands: [...this.commandResults],
      faults,
      checks: this.checkResults(apps, links),
    };
  }

  /** commands/<node>.txt: each command of the node, its status and its output, in the order run. */
  private writeCommandOutputs(): void {
    if (this.commandResults.length === 0)
      return;
    const dir = join(this.options.outDir, 'commands');
    mkdirSync(dir, { recursive: true });
    for (const node of this.nodes.values()) {
      const mine = this.commandResults.filter((r) => r.node === node.name);
      if (mine.length === 0)
        continue;
      writeFileSync(join(dir, `${node.name}.txt`), mine.map(formatCommand).join(''));
    }
  }

  private writeKernelLogs(): void {
    const dir = join(this.options.outDir, 'kernel');
    mkdirSync(dir, { recursive: true });
    for (const node of this.nodes.values())
      writeFileSync(join(dir, `${node.name}.log`), node.kernel.logLines().map((l) => `${l}\n`).join(''));
  }
}

/** One command as commands/<node>.txt shows it. */
function formatCommand(r: CommandResult): string {
  const status = r.exit !== null ? `exit ${r.exit}` : `killed by ${r.signal}`;
  const stderr = r.stderr === '' ? '' : `--- stderr\n${r.stderr}${r.stderr.endsWith('\n') ? '' : '\n'}`;
  const stdout = r.stdout === '' || r.stdout.endsWith('\n') ? r.stdout : `${r.stdout}\n`;
  return `$ ${r.cmd}    # at ${formatTime(r.at_ns)}, ${status}\n${stdout}${stderr}`;
}


/**
 * An interface without its own MTU takes its link's, so that a link with
 * `mtu: 1400` does not see (and drop) 1500-byte frames.
 */
function withLinkMtus(t: Topology): NodeSpec[] {
  const linkMtu = new Map<string, number>();
  for (const l of t.links) {
    linkMtu.set(`${l.a.node}:${l.a.iface}`, l.mtu);
    linkMtu.set(`${l.b.node}:${l.b.iface}`, l.mtu);
  }
  return t.nodes.map((n) => ({
    ...n,
    interfaces: n.interfaces.map((i) => ({ ...i, mtu: i.mtu ?? linkMtu.get(`${n.name}:${i.name}`) ?? null })),
  }));
}
