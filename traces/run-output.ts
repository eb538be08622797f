// SPDX-License-Identifier: GPL-2.0-only
/**
 * What a Simulation hands out while it runs, to whoever keeps the
 * results (traces/results-writer.ts for the CLI).  The simulation itself
 * writes no file: it gives its log stream, its nodes' scratch paths, its
 * network for observers to subscribe to, its programs' output and its
 * kernels' logs; what to do with them is the output's business.
 */
import type { DestinationStream } from 'pino';
import type { PointToPointLink } from '../sim/net/point-to-point-link';
import type { Node } from '../sim/node/node';
import type { ProgramOutput } from './program-outputs';

/** The models of a run, once built: what observers subscribe to (their devices' and links' taps). */
export interface SimNetwork {
  /** Every node, in topology order; each with its devices, in name order. */
  readonly nodes: readonly Node[];
  /** Every link, in topology order. */
  readonly links: readonly PointToPointLink[];
}

/** Where a Simulation's output goes. */
export interface RunOutput {
  /** Where the run's log records go (JSON lines). */
  readonly logDestination: DestinationStream;
  /** The directory a node's programs write into (created by whoever runs them). */
  scratchDir(node: string): string;
  /**
   * Called once, when every device and link exists and is connected but
   * before any node is configured, so that an observer subscribed here
   * sees every frame, those of bring-up included.
   */
  attach(network: SimNetwork): void;
  /**
   * Where the whole output of the process app at `index` in `apps:` on
   * `node` goes as it arrives: open files, kept only if the run succeeds.
   * @throws OutputFileError if they cannot be created
   */
  programOutput(index: number, node: string): ProgramOutput;
  /** A node's kernel log, when the node is closed: at the end of every run, failed or not. */
  kernelLog(node: string, lines: readonly string[]): void;
}
