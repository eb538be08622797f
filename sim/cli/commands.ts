// SPDX-License-Identifier: GPL-2.0-only
import { mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { AppConfigError } from '../../apps/app-config-error';
import { KernelFaultError } from '../kernel/errors';
import { NodeConfigError } from '../node/node-config-error';
import type { RunTimings } from '../simulation';
import { buildSimulation } from '../topology/topology-builder';
import { loadTopology } from '../topology/topology-loader';
import { Topology } from '../topology/topology';
import { TopologyError } from '../topology/topology-error';
import { UnitError } from '../topology/unit-error';
import { parseDuration } from '../topology/units';
import { removeReport, writeReport } from '../../traces/report-writer';
import { removeSummary, writeSummary } from '../../traces/summary-writer';
import { InputError } from './input-error';
import { ProgressLine } from './progress-line';

/** Options of `libsim run`, as parsed by yargs. */
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
  timings?: boolean;
}

/**
 * Exit code for an error: 2 bad input (including a topology the kernel
 * refuses, such as a route via an unreachable gateway), 3 kernel fault,
 * 70 internal error.
 */
export function exitCodeOf(err: Error): number {
  if (err instanceof TopologyError || err instanceof UnitError || err instanceof InputError ||
      err instanceof NodeConfigError || err instanceof AppConfigError)
    return 2;
  if (err instanceof KernelFaultError)
    return 3;
  return 70;
}

/** `libsim validate FILE`: 0 when the topology loads. */
export async function validateCommand(file: string): Promise<number> {
  const t = loadTopology(file);
  process.stdout.write(`${file}: ok (${t.nodes.length} nodes, ${t.links.length} links, ${t.apps.length} apps)\n`);
  return 0;
}

/** `libsim run FILE`: simulates, writes pcaps, summary.json and (unless --no-report) report.html. */
export async function runCommand(o: CliOptions): Promise<number> {
  const topology = withOverrides(loadTopology(o.file), o);
  const outDir = o.out ?? join('results', basename(o.file, extname(o.file)));
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw new InputError(`--out ${outDir}: ${(err as Error).message}`);
  }
  const summaryPath = join(outDir, 'summary.json');
  const reportPath = join(outDir, 'report.html');
  removeSummary(summaryPath);
  // A report of an earlier run must not pass for this one's.
  removeReport(reportPath);
  const progress = new ProgressLine(topology.duration);
  const simulation = buildSimulation(topology, { outDir, pcap: o.pcap && topology.traces.pcap, logLevel: o.logLevel });
  let summary;
  try {
    summary = await simulation.run((now) => progress.update(now));
  } finally {
    progress.done();
  }
  writeSummary(summaryPath, summary);
  if (o.report !== false)
    writeReport(reportPath, summary, topology);
  for (const line of simulation.report())
    process.stdout.write(`${line}\n`);
  process.stdout.write(`results: ${outDir}\n`);
  if (o.timings === true) process.stdout.write(`${formatTimings(simulation.timings())}\n`);
  return summary.faults.length > 0 ? 3 : 0;
}

function withOverrides(t: Topology, o: CliOptions): Topology {
  let seed = t.seed;
  let duration = t.duration;
  if (o.seed !== undefined) {
    if (!/^\d+$/.test(o.seed))
      throw new InputError(`--seed ${o.seed}: not a non-negative integer`);
    seed = BigInt(o.seed);
  }
  if (o.duration !== undefined) {
    try {
      duration = parseDuration(o.duration);
    } catch (err) {
      throw new InputError(`--duration: ${(err as Error).message}`);
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
