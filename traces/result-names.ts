// SPDX-License-Identifier: GPL-2.0-only
/**
 * The names of what a results directory holds, all of it written by the
 * results writer (traces/results-writer.ts); the CLI's results directory
 * (sim/cli/results-directory.ts) reads them to tell libsim's files from
 * the user's.
 */

/** The run's results: apps, links, nodes, commands, faults, checks (docs/summary-schema.md). */
export const SUMMARY_FILE = 'summary.json';
/** The page with the plots. */
export const REPORT_FILE = 'report.html';
/** The provenance record: where, when and with what the run was made. */
export const RUN_RECORD = 'run.json';
/** The topology's copy, byte for byte as run. */
export const TOPOLOGY_COPY = 'topology.yaml';
/** libsim's own log (JSON lines). */
export const LOG_FILE = 'libsim.log';
/** A pcap per device: `<node>-<interface>.pcap`. */
export const PCAP_DIR = 'pcap';
/** Each node's kernel log: `<node>.log`. */
export const KERNEL_LOG_DIR = 'kernel';
/** Each node's `run:` commands with their output: `<node>.txt`. */
export const COMMANDS_DIR = 'commands';
/** Each node's scratch directory, where its programs write: `<node>/`. */
export const SCRATCH_DIR = 'nodes';
/** The whole output of each process app: `<index>-<node>.stdout` and `.stderr` (programOutputFile). */
export const APPS_DIR = 'apps';

/**
 * The file of one output stream of the process app at `index` in `apps:`
 * (from 0, as `apps[0]` in messages) on `node`, relative to the results
 * directory: `apps/0-h1.stdout`.  Node names are letters, digits, _ and -,
 * so the name is a plain file name.
 */
export function programOutputFile(index: number, node: string, stream: 'stdout' | 'stderr'): string {
  return `${APPS_DIR}/${index}-${node}.${stream}`;
}

/** Every entry libsim writes at the top of a results directory. */
export const RESULT_ENTRIES: readonly string[] = [
  SUMMARY_FILE,
  REPORT_FILE,
  RUN_RECORD,
  TOPOLOGY_COPY,
  LOG_FILE,
  PCAP_DIR,
  KERNEL_LOG_DIR,
  COMMANDS_DIR,
  SCRATCH_DIR,
  APPS_DIR,
];

/** The entries that say why a run failed: what a failed run may leave behind. */
export const FAILURE_LOGS: readonly string[] = [LOG_FILE, KERNEL_LOG_DIR];
