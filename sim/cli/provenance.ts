// SPDX-License-Identifier: GPL-2.0-only
/**
 * The provenance record of a run (run.json): everything about the
 * environment it ran in -- versions, the command line, the kernel builds
 * and host tools used, wall-clock times, the host -- kept apart from
 * summary.json, which holds only what the experiment decides.  It also
 * holds what `libsim reproduce` needs to run the experiment again: the
 * seed and the options that change results.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { ALLOWED_TOOLS, resolveProgram } from '../exec/program-lookup';
import { defaultShimPath } from '../exec/command-runner';
import { commandIdentity } from '../exec/exec-identity';
import type { HostIdentity } from '../exec/exec-identity';
import { hostLandlockAbi } from '../exec/exec-sandbox';
import { debianSourceOf } from '../kernel/kernel-build';
import { probeEnvironment, ProbeResult } from './environment-probe';
import { sha256File, sha256Hex } from '../kernel/kernel-store';
import type { Topology } from '../topology/topology';
import { TOPOLOGY_COPY } from '../../traces/result-names';

/** The options of a run that change its results, as `libsim reproduce` passes them again. */
export interface ExperimentOptions {
  /** The seed the run used (the file's, or --seed), decimal. */
  readonly seed: string;
  /** Simulated time, ns, decimal (the file's, or --duration). */
  readonly duration_ns: string;
  readonly pcap: boolean;
  readonly report: boolean;
  readonly allowExec: boolean;
  /** Wall-clock bound of each command, ms. */
  readonly execTimeoutMs: number;
}

/** One kernel build and the nodes that ran it. */
export interface KernelRecord {
  readonly nodes: string[];
  readonly path: string;
  readonly sha256: string;
  readonly release: string;
  /** Version of Debian's linux-source-6.1 it was built from, when the build recorded it. */
  readonly debian: string | null;
}

/** A host program that ran against a node's kernel. */
export interface ToolRecord {
  readonly name: string;
  readonly path: string;
  readonly sha256: string;
  /** What its version option printed (allowlisted tools only), first line. */
  readonly version: string | null;
}

/** Everything run.json holds. */
export interface RunRecord {
  readonly libsim: { readonly version: string; readonly commit: string | null; readonly dirty: boolean | null };
  readonly node: string;
  /** The arguments libsim was called with. */
  readonly command: readonly string[];
  readonly cwd: string;
  readonly host: string;
  /** Wall-clock start and end, ISO 8601 UTC. */
  readonly started: string;
  readonly finished: string;
  readonly topology: { readonly path: string; readonly sha256: string; readonly copy: string };
  readonly experiment: ExperimentOptions;
  readonly kernels: readonly KernelRecord[];
  /**
   * The exec shim the tools ran with, the Landlock ABI of the host
   * kernel that confined them (0: none; see sim/exec/exec-sandbox.ts), and
   * the host uid and gid they ran as (null: as libsim itself, which is not
   * root; see sim/exec/exec-identity.ts); null when no tool ran.
   */
  readonly shim: {
    readonly path: string;
    readonly sha256: string;
    readonly landlockAbi: number | null;
    readonly commandIdentity: HostIdentity | null;
  } | null;
  readonly tools: readonly ToolRecord[];
}

/** How each allowlisted tool prints its version. */
const VERSION_FLAGS: Readonly<Record<string, string>> = {
  ip: '-V',
  tc: '-V',
  bridge: '-V',
  ss: '-V',
  nstat: '-V',
  sysctl: '--version',
};

/** The directory of libsim's package.json (this file is in sim/cli/ or dist/sim/cli/, or dist/bin/ bundled). */
function packageRoot(): string | null {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'libsim') return dir;
    } catch {
      // No package.json here: look further up.
    }
  }
  return null;
}

/** libsim's version, from its package.json. */
export function libsimVersion(): string {
  const root = packageRoot();
  if (root === null) return 'unknown';
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/** libsim's own git checkout: not one it happens to be installed inside. */
function gitRoot(): string | null {
  const root = packageRoot();
  return root !== null && existsSync(join(root, '.git')) ? root : null;
}

/** The kernel builds of a run, each with the nodes that ran it, in order of first node. */
export function kernelRecords(nodeKernels: readonly NodeKernel[], sha256: (path: string) => string): KernelRecord[] {
  const byPath = new Map<string, { nodes: string[]; release: string }>();
  for (const { node, path, release } of nodeKernels) {
    const entry = byPath.get(path) ?? { nodes: [], release };
    entry.nodes.push(node);
    byPath.set(path, entry);
  }
  return [...byPath].map(([path, { nodes, release }]) => ({
    nodes,
    path,
    sha256: sha256(path),
    release,
    debian: debianSourceOf(path),
  }));
}

/** Every program the topology runs (`run:` and command checks), resolved as the run resolves it. */
function toolPaths(t: Topology, allowExec: boolean): string[] {
  const paths = new Set<string>();
  for (const argv of [
    ...t.nodes.flatMap((n) => (n.run ?? []).map((c) => c.argv)),
    ...t.checks.flatMap((c) => (c.kind === 'command' ? [c.argv] : [])),
  ]) {
    try {
      paths.add(resolveProgram(argv[0]!, allowExec, argv));
    } catch {
      // The run refuses it with its own error; nothing to record.
    }
  }
  return [...paths].sort();
}

/** A node and the library it ran, with the release that library reported. */
export interface NodeKernel {
  readonly node: string;
  readonly path: string;
  readonly release: string;
}

/** What the caller knows of a run that this module cannot find out itself. */
export interface RunFacts {
  readonly topologyPath: string;
  readonly topologyText: string | Buffer;
  readonly experiment: ExperimentOptions;
  readonly nodeKernels: readonly NodeKernel[];
  readonly started: Date;
  readonly finished: Date;
}

/** The part of the record that takes wall time, under way beside the run. */
export interface ProvenanceStart {
  readonly tools: readonly string[];
  readonly probe: Promise<ProbeResult>;
}

/**
 * Starts the slow part of the record (hashes, git, the tools' versions) in
 * a worker thread, so that it runs on another core while the simulation
 * runs, not after it.
 * @param kernels the library files the nodes will load
 */
export function startProvenance(topology: Topology, allowExec: boolean, kernels: readonly string[]): ProvenanceStart {
  const tools = toolPaths(topology, allowExec);
  const shim = defaultShimPath();
  const probe = probeEnvironment({
    files: [...new Set([...kernels, ...tools, ...(tools.length > 0 ? [shim] : [])])],
    gitRoot: gitRoot(),
    versions: tools.flatMap((path) => {
      const flag = VERSION_FLAGS[path.split('/').at(-1)!];
      return flag !== undefined && ALLOWED_TOOLS.includes(path.split('/').at(-1)!) ? [{ path, flag }] : [];
    }),
  });
  // A run that fails never awaits it: its failure is not the one to report.
  probe.catch(() => undefined);
  return { tools, probe };
}

/** The provenance record of a finished run. */
export async function provenance(start: ProvenanceStart, f: RunFacts): Promise<RunRecord> {
  const found = await start.probe;
  // A file the probe could not hash (or was not asked about) is hashed here.
  const sha256 = (path: string): string => found.sha256[path] ?? sha256File(path);
  const tools = start.tools
    .map((path): ToolRecord => ({
      name: path.split('/').at(-1)!,
      path,
      sha256: sha256(path),
      version: found.versions[path] ?? null,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const shimPath = defaultShimPath();
  return {
    libsim: { version: libsimVersion(), ...found.git },
    node: process.version,
    command: process.argv.slice(2),
    cwd: process.cwd(),
    host: hostname(),
    started: f.started.toISOString(),
    finished: f.finished.toISOString(),
    topology: {
      path: f.topologyPath,
      sha256: sha256Hex(f.topologyText),
      copy: TOPOLOGY_COPY,
    },
    experiment: f.experiment,
    kernels: kernelRecords(f.nodeKernels, sha256),
    // The shim stands between every tool and the node's kernel.
    shim:
      tools.length > 0 && existsSync(shimPath)
        ? {
            path: shimPath,
            sha256: sha256(shimPath),
            landlockAbi: hostLandlockAbi(),
            commandIdentity: commandIdentity(),
          }
        : null,
    tools,
  };
}
