// SPDX-License-Identifier: GPL-2.0-only
/**
 * Logging: one pino root logger per run, child loggers per component and node, simulated time on every
 * record.
 */
import pino from 'pino';
import type { DestinationStream, Level, Logger } from 'pino';
import { formatTime } from './time';
import type { SimTime } from './time';

/** The logger type returned here: pino's, re-exported so callers need not import pino. */
export type { Logger } from 'pino';

/** Reads the current simulated time; typically `() => simulator.now`. */
export type SimClock = () => SimTime;

/** Options of {@link createRootLogger}. */
export interface RootLoggerOptions {
  /** Lowest level written, or 'silent'. */
  level: Level | 'silent';
  /** Read on every record to fill the `simTime` field. */
  clock: SimClock;
  /** Where the JSON lines go; default: stdout. */
  destination?: DestinationStream;
}

/** Fields that identify where a record comes from. */
export interface LogContext {
  /** The part of the simulator, e.g. 'link', 'kernel', 'app.ping'. */
  component: string;
  /** The node's name, when the record is about one node. */
  node?: string;
}

/**
 * Creates the root logger. Every record (of the root and of all its children) carries `simTime`, the
 * clock's time formatted by `formatTime`. Wall-clock time, pid and hostname are left out on purpose: they
 * would make two runs of the same experiment produce different logs, and diffing logs of two runs is how
 * non-determinism is found.
 */
export function createRootLogger(options: RootLoggerOptions): Logger {
  const clock = options.clock;
  const config = {
    level: options.level,
    base: null,
    timestamp: false,
    mixin: (): { simTime: string } => ({ simTime: formatTime(clock()) }),
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}

/** A child logger whose records carry `component` and, when given, `node`. */
export function childLogger(parent: Logger, context: LogContext): Logger {
  const bindings: Record<string, string> = { component: context.component };
  if (context.node !== undefined) bindings['node'] = context.node;
  return parent.child(bindings);
}
