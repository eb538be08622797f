// SPDX-License-Identifier: GPL-2.0-only
/**
 * What summary.json holds (docs/summary-schema.md): the types the
 * simulation fills in and the results writer and report read.  Here,
 * below both, so that neither imports the other for them.
 */
import type { AppResult } from '../apps/app-result';
import type { CommandResult } from '../sim/exec/command-runner';
import type { CheckResult } from '../sim/check/check-result';
import type { LinkCounters } from '../sim/net/point-to-point-link';
import type { NodeDeviceCounters } from '../sim/node/device-counter';

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
