// SPDX-License-Identifier: GPL-2.0-only
/**
 * One run of a topology, from building its models to the summary: where
 * nodes and links, apps, `run:` commands and exec, and checks come together,
 * and what the CLI (sim/cli/commands.ts) drives.  It writes no file itself:
 * what it produces goes through the RunOutput it is given
 * (traces/run-output.ts).
 */
import type { App } from '../../apps/app';
import type { AppResult } from '../../apps/app-result';
import { createApp, isServer } from '../../apps/app-factory';
import { resultLine } from '../../apps/result-line';
import type { ProgramLauncher } from '../../apps/program-launcher';
import { resolveProgram } from '../exec/program-lookup';
import type { CommandResult } from '../exec/command-runner';
import { checkCommands, NodeCommands } from '../exec/node-commands';
import type { OutputSink } from '../exec/program-steps';
import type { FaultRecord, NodeSummary, RunSummary } from '../../traces/run-summary';
import { createRootLogger, Logger } from '../core/logger';
import { quote, quoteIfNeeded } from '../core/quote';
import { Rng } from '../core/rng';
import { formatTime, SimTime } from '../core/time';
import { settleByMacrotask } from '../core/settle';
import { Simulator } from '../core/simulator';
import { LinkCounters, PointToPointLink } from '../net/point-to-point-link';
import { configureNode, createInterfaces } from '../node/node-config';
import { Node } from '../node/node';
import { NodeSpec, Topology } from '../topology/topology';
import { KernelApiError, KernelFaultError } from '../kernel/errors';
import { bootCmdline, faultsAt, InjectedFault, wildAccess } from './fault-injection';
import { InputError } from '../core/input-error';
import { judgeCommand, judgeExpect } from '../check/check-evaluator';
import type { CheckResult } from '../check/check-result';
import { linkNameOf } from '../topology/check-loader';
import { atSource } from '../core/source-ref';
import type { RunOutput } from '../../traces/run-output';

/** Where a run's output goes and what it may do. */
export interface SimulationOptions {
  /** Where the log, the scratch directories and the kernels' logs go, and who observes the network. */
  readonly output: RunOutput;
  /** pino level of the log. */
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
   * kernel fault with a real wild access (sim/run/fault-injection.ts).
   */
  readonly injectFault?: InjectedFault;
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
 * One run of a topology: builds the models (nodes on their own kernels,
 * links, apps) from a checked Topology, runs them on one Simulator, and
 * collects the results.  Everything is created and iterated in name order
 * so that a seed fully determines the run.  It writes no file: its output
 * (log, scratch directories, kernel logs, observers of the network) goes
 * through options.output.
 */
export class Simulation {
  // A turn of the event loop every 1,000 events (~5 us each): Ctrl-C is handled within a few ms.
  private readonly sim = new Simulator({
    progress: { everyEvents: 1000, onProgress: (now) => this.onProgress(now) },
    yieldEvery: 1000,
  });
  private readonly nodes = new Map<string, Node>();
  /** Each node's kernel release, read at boot (the library is closed when the record is written). */
  private readonly releases = new Map<string, string>();
  private readonly links: PointToPointLink[] = [];
  private readonly apps: App<AppResult>[] = [];
  private readonly commands = new Map<string, NodeCommands>();
  private readonly commandResults: CommandResult[] = [];
  /** Results of the command checks, by index in `checks:`. */
  private readonly commandChecks = new Map<number, CheckResult>();
  private readonly logger: Logger;
  private onProgress: (now: SimTime) => void = () => undefined;
  private readonly wall = { loadMs: 0, bootMs: 0, buildMs: 0, runMs: 0 };
  private readonly stopwatch: () => number;

  constructor(
    private readonly topology: Topology,
    private readonly options: SimulationOptions,
  ) {
    this.stopwatch = options.stopwatch ?? ((): number => 0);
    this.logger = createRootLogger({
      level: options.logLevel as 'info',
      clock: () => this.sim.now,
      destination: options.output.logDestination,
    });
  }

  /**
   * Builds and runs to the topology's duration; returns the summary.
   * @throws TapSubscriberError if an observer of the network failed (sim/core/tap.ts), and what building and running throw
   */
  async run(onProgress: (now: SimTime) => void = () => undefined): Promise<RunSummary> {
    this.onProgress = onProgress;
    try {
      const t0 = this.stopwatch();
      await this.setUp();
      this.scheduleChecks();
      const t1 = this.stopwatch();
      await this.sim.runAsync(this.topology.duration);
      // Programs still running at the end are stopped, as at their stop time.
      await Promise.all(this.apps.map((a) => a.end?.()));
      this.wall.buildMs = t1 - t0;
      this.wall.runMs = this.stopwatch() - t1;
      const summary = this.summary();
      // Reading the summary enters the kernels too: an observer may have failed on what that sent.
      this.sim.checkFailure();
      return summary;
    } finally {
      this.tearDown();
    }
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
    if (!this.topology.nodes.some((n) => n.name === nodeName)) {
      throw new InputError(`no node ${quote(nodeName)} in ${quoteIfNeeded(this.topology.file)}`);
    }
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
      // The command ran outside any event: an observer that failed under it is noticed here.
      this.sim.checkFailure();
      return result;
    } finally {
      this.tearDown();
    }
  }

  /** Checks the commands, builds the models, runs the commands at 0 and schedules the later ones. */
  private async setUp(): Promise<void> {
    checkCommands(this.topology, this.options.allowExec ?? false);
    await this.build();
    const fault = this.options.injectFault;
    for (const [name, c] of this.commands) {
      const node = this.nodes.get(name)!;
      if (faultsAt(fault, 'commands', node)) this.survives(node, () => wildAccess(node, fault.kind));
      await c.runInitial();
    }
    for (const c of this.commands.values()) c.scheduleTimed();
    if (fault !== undefined && typeof fault.at === 'bigint') {
      const node = this.nodes.get(fault.node);
      if (node !== undefined) {
        this.sim.schedule(fault.at, () => this.survives(node, () => wildAccess(node, fault.kind)));
      }
    }
  }

  /*
   * A command check at T runs after what was scheduled for T before it:
   * link events, app starts and the run: commands at T.  Like those, it
   * holds simulated time while its program runs.
   */
  private scheduleChecks(): void {
    this.topology.checks.forEach((spec, i) => {
      if (spec.kind !== 'command') return;
      const program = resolveProgram(spec.argv[0]!, this.options.allowExec ?? false, spec.argv);
      this.sim.schedule(spec.at, () =>
        this.sim.hold(
          (async (): Promise<void> => {
            const node = this.nodes.get(spec.node)!;
            if (node.isDead()) {
              this.commandChecks.set(i, judgeCommand(spec, null, `the kernel of ${spec.node} is dead`));
              return;
            }
            try {
              const r = await this.commands.get(spec.node)!.runNow(program, spec.argv, spec.cmd, spec.stdin);
              this.commandChecks.set(i, judgeCommand(spec, r));
            } catch (err) {
              if (!(err instanceof KernelFaultError)) throw err;
              this.commandChecks.set(i, judgeCommand(spec, null, err.message));
            }
          })(),
        ),
      );
    });
  }

  /** Every check's result, in file order; app and link checks judged now (the end of the run). */
  private checkResults(apps: readonly AppResult[], links: readonly LinkCounters[]): CheckResult[] {
    const end = this.topology.duration;
    return this.topology.checks.map((spec, i) => {
      switch (spec.kind) {
        case 'command':
          return this.commandChecks.get(i) ?? judgeCommand(spec, null, `the run ended before ${formatTime(spec.at)}`);
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

  /** Hands out every node's kernel log, then closes the nodes (also when that failed). */
  private tearDown(): void {
    try {
      for (const node of this.nodes.values()) this.options.output.kernelLog(node.name, node.kernel.logLines());
    } finally {
      for (const node of this.nodes.values()) node.close();
    }
  }

  /** The library file each node runs and its release, in name order (for the provenance record). */
  nodeKernels(): Array<{ node: string; path: string; release: string }> {
    return [...this.nodes.values()].map((n) => ({
      node: n.name,
      path: n.kernel.path,
      release: this.releases.get(n.name)!,
    }));
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
      if (f) lines.push(`kernel fault on ${node.name} at ${f.time} ns: ${f.message}`);
    }
    return lines;
  }

  /*
   * Order matters: devices exist and are wired (and observed) before any
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
      if (!this.survives(node, () => createInterfaces(node, spec))) createInterfaces(node, spec);
      // Booting 1,000 nodes takes seconds: a turn of the event loop after each lets Ctrl-C in.
      await settleByMacrotask();
    }
    for (const spec of t.links) {
      const name = linkNameOf(spec);
      // Named by its endpoints, so its random streams do not depend on
      // where it stands in the file.
      const link = new PointToPointLink(this.sim, spec, rng.split(`link ${name}`), name);
      const ends = [
        [spec.a, 'a'],
        [spec.b, 'b'],
      ] as const;
      const devices = ends.map(([ep, side]) => {
        const device = this.nodes.get(ep.node)!.device(ep.iface)!;
        device.connect(link.attach(side, device));
        return device;
      });
      link.onStateChange((up) => devices.forEach((device) => device.setCarrier(up)));
      this.links.push(link);
    }
    this.options.output.attach({ nodes: [...this.nodes.values()], links: this.links });
    const fault = this.options.injectFault;
    for (const spec of nodeSpecs) {
      const node = this.nodes.get(spec.name)!;
      if (faultsAt(fault, 'configuration', node)) this.survives(node, () => wildAccess(node, fault.kind));
      if (!node.isDead()) this.survives(node, () => configureNode(node, spec));
    }
    for (const spec of nodeSpecs) {
      this.commands.set(
        spec.name,
        new NodeCommands(
          this.sim,
          this.nodes.get(spec.name)!,
          spec.run ?? [],
          {
            allowExec: this.options.allowExec ?? false,
            ...(this.options.commandTimeoutMs !== undefined ? { timeoutMs: this.options.commandTimeoutMs } : {}),
            logger: this.logger,
            scratchDir: this.options.output.scratchDir(spec.name),
          },
          (r) => this.commandResults.push(r),
        ),
      );
    }
    // Results in file order; servers start first, so that a server and a
    // client starting at the same time find the server ready.
    t.apps.forEach((spec, i) =>
      this.apps.push(createApp(this.nodes.get(spec.node)!, spec, this.launcherFor(i), this.logger)),
    );
    for (const server of [true, false]) {
      t.apps.forEach((spec, i) => {
        if (isServer(spec) === server) this.apps[i]!.start();
      });
    }
  }

  /**
   * How the process app at `index` in `apps:` runs its program: on its
   * node's command runner, its whole output streamed to the run's output
   * files.  A file that cannot be written fails the run (as a pcap does):
   * its results would lack what the program said.
   */
  private launcherFor(index: number): ProgramLauncher {
    const failing = <T>(work: () => T): T => {
      try {
        return work();
      } catch (err) {
        this.sim.fail(err as Error);
        throw err;
      }
    };
    const sink = (file: OutputSink): OutputSink => ({ write: (chunk) => failing(() => file.write(chunk)) });
    return {
      resolve: (argv) => resolveProgram(argv[0]!, this.options.allowExec ?? false, argv),
      run: (r) => {
        const output = failing(() => this.options.output.programOutput(index, r.node));
        const done = this.commands.get(r.node)!.runTimed(r.program, r.argv, r.cmd, {
          env: r.env,
          keptBytes: r.keptBytes,
          output: { stdout: sink(output.stdout), stderr: sink(output.stderr) },
          stopAt: r.stopAt,
          handle: r.handle,
        });
        return { files: output.files, done };
      },
    };
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
      if (err instanceof KernelFaultError && node.isDead()) return false;
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
        throw new InputError(
          at !== undefined ? atSource(at.file, at.path, at.line, reason) : `node ${spec.name}: kernel ${reason}`,
        );
      }
      throw err;
    }
  }

  private summary(): RunSummary {
    const faults: FaultRecord[] = [];
    for (const node of this.nodes.values()) {
      const f = node.fault();
      if (f) faults.push({ node: node.name, time_ns: f.time, message: f.message });
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
