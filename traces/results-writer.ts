// SPDX-License-Identifier: GPL-2.0-only
/**
 * The one writer of a results directory's content: libsim.log, kernel/,
 * nodes/ (the programs' scratch directories), pcap/, apps/ (the process
 * apps' whole output), commands/, summary.json, report.html, and the
 * record of the run (topology.yaml, run.json).  The simulation writes no file; it hands this writer what it
 * has through the RunOutput interface (traces/run-output.ts), which this
 * class fulfils.  Where the directory is and how it replaces an earlier
 * run's (staging, lock, swap) is the CLI's ResultsDirectory
 * (sim/cli/results-directory.ts); this writer only fills the directory it
 * is given.
 *
 * Life: construct (opens the log), give it to the Simulation as its
 * output, then finish() after a successful run or discard() after a
 * failed one, writeRecord() if wanted, and close() in every case.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { makeDirs } from '../sim/core/make-dirs';
import type { Topology } from '../sim/topology/topology';
import type { SimNetwork } from './run-output';
import { writeFileAtomically } from './atomic-file';
import { commandLogs } from './command-log';
import { writeJson } from './json-writer';
import { PcapRecorder } from './pcap-recorder';
import { ProgramOutputs } from './program-outputs';
import type { ProgramOutput } from './program-outputs';
import { writeReport } from './report-writer';
import {
  COMMANDS_DIR,
  KERNEL_LOG_DIR,
  LOG_FILE,
  PCAP_DIR,
  REPORT_FILE,
  RUN_RECORD,
  SCRATCH_DIR,
  SUMMARY_FILE,
  TOPOLOGY_COPY,
} from './result-names';
import type { RunSummary } from './run-summary';

/** What a results writer writes besides the logs. */
export interface ResultsWriterOptions {
  /** A pcap per device (pcap/). */
  readonly pcap: boolean;
}

/** Writes one run's results into one directory. */
export class ResultsWriter {
  /** libsim.log's stream: the destination of the run's root logger. */
  readonly logDestination: pino.DestinationStream & { end(): void };
  private readonly pcaps: PcapRecorder | null;
  private readonly outputs: ProgramOutputs;
  private closed = false;

  /**
   * Creates `dir` if missing, opens libsim.log and makes kernel/ (both
   * exist for every run, failed or not: they say what happened).
   * @throws the file system's error when `dir` cannot be written
   */
  constructor(
    readonly dir: string,
    options: ResultsWriterOptions,
  ) {
    makeDirs(dir);
    this.logDestination = pino.destination({ dest: join(dir, LOG_FILE), sync: true });
    mkdirSync(join(dir, KERNEL_LOG_DIR), { recursive: true });
    this.pcaps = options.pcap ? new PcapRecorder(join(dir, PCAP_DIR)) : null;
    this.outputs = new ProgramOutputs(dir);
  }

  /** RunOutput: a node's scratch directory, `nodes/<node>`. */
  scratchDir(node: string): string {
    return join(this.dir, SCRATCH_DIR, node);
  }

  /** RunOutput: opens a pcap per device of `network` on its taps, when pcaps are wanted. */
  attach(network: SimNetwork): void {
    this.pcaps?.attach(network.nodes);
  }

  /** RunOutput: `apps/<index>-<node>.stdout` and `.stderr`, open (as `.partial` until finish()). */
  programOutput(index: number, node: string): ProgramOutput {
    return this.outputs.open(index, node);
  }

  /** RunOutput: `kernel/<node>.log`, one line per kernel log line. */
  kernelLog(node: string, lines: readonly string[]): void {
    writeFileSync(join(this.dir, KERNEL_LOG_DIR, `${node}.log`), lines.map((l) => `${l}\n`).join(''));
  }

  /**
   * The results of a run that succeeded: commands/<node>.txt for each node
   * that ran commands, summary.json, report.html (when `report`), then the
   * programs' output files and the pcaps, renamed into place last: a whole
   * file written during the run exists only beside the rest of its run's
   * results.
   */
  finish(summary: RunSummary, topology: Topology, options: { readonly report: boolean }): void {
    const logs = commandLogs(
      summary.nodes.map((n) => n.name),
      summary.commands,
    );
    if (logs.length > 0) {
      mkdirSync(join(this.dir, COMMANDS_DIR), { recursive: true });
      for (const { node, text } of logs) writeFileSync(join(this.dir, COMMANDS_DIR, `${node}.txt`), text);
    }
    writeJson(join(this.dir, SUMMARY_FILE), summary);
    if (options.report) writeReport(join(this.dir, REPORT_FILE), summary, topology);
    this.outputs.close();
    this.pcaps?.close();
  }

  /**
   * The record of the run: the topology as run (its text, byte for byte)
   * and the provenance record (sim/cli/provenance.ts), as JSON.
   */
  writeRecord(topologyText: string, record: object): void {
    writeFileAtomically(join(this.dir, TOPOLOGY_COPY), topologyText);
    writeJson(join(this.dir, RUN_RECORD), record);
  }

  /** After a failed run: removes the pcaps and output files being written, which would be incomplete.  Never throws. */
  discard(): void {
    this.outputs.abort();
    this.pcaps?.abort();
  }

  /**
   * Ends libsim.log, and removes the output files finish() did not rename
   * (`libsim exec` keeps no results of its apps).  Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.outputs.abort();
    this.logDestination.end();
  }
}
