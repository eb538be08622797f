// SPDX-License-Identifier: GPL-2.0-only
/** Runs a topology with process apps through the CLI and reads their entries of summary.json (the process app's tests). */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessResult } from '../../apps/process';
import { TWO_HOSTS_NODES } from '../../sim/bench/workloads';
import { runCli } from './cli';

/** Debian's python3 (PATH may find a pyenv shim under /root, which programs run as nobody cannot reach). */
export const PYTHON = '/usr/bin/python3';

/** A process app's entry in summary.json, as the tests read it. */
export type ProcessEntry = ProcessResult;

/** Two hosts on one 100 Mbit/s link with 5 ms of delay; a test appends its `apps:`. */
export const TWO_HOSTS = `duration: 10s\n${TWO_HOSTS_NODES}`;

/** A YAML scalar holding `s` as is. */
export const yamlString = (s: string): string => JSON.stringify(s);

/** `python3 -c PROGRAM` as a cmd: (the program's single quotes become double ones). */
export const pythonCmd = (program: string): string => yamlString(`${PYTHON} -c '${program.replace(/'/g, '"')}'`);

/** What a run wrote: its process entries, summary.json's text and the results directory. */
export interface ProcessRun {
  readonly entries: ProcessEntry[];
  readonly summary: string;
  readonly out: string;
}

/** Runs `topology` (written into `dir`) with --allow-exec and `extra` options; throws unless it exits 0. */
export function runProcesses(dir: string, topology: string, extra: readonly string[] = []): ProcessRun {
  // Programs run as nobody and reach their files by absolute paths too (getcwd): the results must be
  // where every user may search, as a user's results directory usually is (mkdtemp makes 0700).
  chmodSync(dir, 0o755);
  const file = join(dir, 't.yaml');
  writeFileSync(file, topology);
  const out = join(dir, 'out');
  const r = runCli(['run', file, '--allow-exec', '--out', out, ...extra], { timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.err}`);
  const summary = readFileSync(join(out, 'summary.json'), 'utf8');
  return { entries: (JSON.parse(summary) as { apps: ProcessEntry[] }).apps, summary, out };
}
