// SPDX-License-Identifier: GPL-2.0-only
/**
 * Reads a topology file into a Topology: strict YAML, every key checked by
 * the table of the model it configures (nodes: sim/node/node-params.ts,
 * links: sim/net/point-to-point-link-params.ts, apps: the catalog of kinds
 * the caller gives), every error naming file, path and line.  The loader
 * names no default: each model applies its own.
 */
import { LineCounter, parseDocument } from 'yaml';
import { readApps } from './app-loader';
import type { AppCatalog } from './app-kind';
import { readChecks } from './check-loader';
import { InputFileError } from './input-file-error';
import { readInputFile } from './input-file';
import { readLinks } from './link-loader';
import { readNodes } from './node-loader';
import { readEntry } from './param-reader';
import { overReported, overReportedReason } from './report-intervals';
import type { Topology } from './topology';
import { TopologyError } from './topology-error';
import { runParams, TOPOLOGY_PARAMS, TRACE_PARAMS, traceParams } from './topology-params';
import { YamlCursor } from './yaml-cursor';

/** How a topology is loaded. */
export interface LoadOptions {
  /** The kinds of app it may use (apps/app-kinds.ts: the loader cannot import apps/). */
  readonly apps: AppCatalog;
  /**
   * Each node's library, by node name, instead of what `kernel:` says
   * (`libsim reproduce`: a copy of the file whose `kernel:` paths were
   * relative to the original, run on the builds its record names).
   */
  readonly kernels?: ReadonlyMap<string, string>;
}

/**
 * A topology file's text: a regular file of UTF-8 text of at most 64 MiB (see input-file.ts).
 * @throws TopologyError naming the file and why it cannot be used
 */
export function readTopologyText(file: string): string {
  try {
    return readInputFile(file);
  } catch (err) {
    if (err instanceof InputFileError) throw new TopologyError(file, '', 0, err.message);
    throw err;
  }
}

/** Reads and checks a topology file; throws TopologyError. */
export function loadTopology(file: string, options: LoadOptions): Topology {
  return parseTopology(readTopologyText(file), file, options);
}

/** Checks a topology given as YAML text; `file` names it in errors. */
export function parseTopology(text: string, file: string, options: LoadOptions): Topology {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const reason = e.message.replace(/ at line \d+, column \d+.*$/s, '');
    throw new TopologyError(file, '', lines.linePos(e.pos[0]).line, `not valid YAML: ${reason}`);
  }
  const root = new YamlCursor(file, lines, '', doc.contents, 0, doc);
  if (!root.present()) throw root.error('the file is empty (expected nodes:, links:, ...)');
  const top = readEntry(root, TOPOLOGY_PARAMS);
  const nodes = readNodes(top.key('nodes')!, {
    file,
    ...(options.kernels !== undefined ? { kernels: options.kernels } : {}),
  });
  const linksAt = top.key('links');
  const links = linksAt?.present() ? readLinks(linksAt, nodes) : [];
  const appsAt = top.key('apps');
  const apps = appsAt?.present() ? readApps(appsAt, nodes, options.apps) : [];
  const checks = readChecks(top.key('checks'), { nodes, links, apps });
  const run = top.build(runParams);
  const over = overReported(apps, options.apps, run.duration);
  if (over !== null) {
    const entry = appsAt!.seq()[over.index]!;
    throw (entry.map(null).get('interval') ?? entry).error(overReportedReason(over.count, run.duration));
  }
  const tracesAt = top.key('traces');
  const traces = tracesAt !== undefined ? readEntry(tracesAt, TRACE_PARAMS).build(traceParams) : traceParams({});
  return { file, ...run, nodes, links, apps, traces, checks };
}
