// SPDX-License-Identifier: GPL-2.0-only
import { LineCounter, parseDocument } from 'yaml';
import { quote } from '../core/quote';
import { parseIpAddress } from './ip-prefix';
import type { AppSpec, AppType, NodeSpec, Topology } from './topology';
import { InputFileError } from './input-file-error';
import { readInputFile } from './input-file';
import { TopologyError } from './topology-error';
import { MAX_SIZE_BYTES, parseBytes, parseDuration, parseRate } from './units';
import { YamlCursor } from './yaml-cursor';
import { readLinks } from './link-loader';
import { allowedKeys, readEntry } from './param-reader';
import { readNodes } from './node-loader';
import { INTERFACE_PARAMS, NODE_PARAMS, ROUTE_PARAMS } from '../node/node-params';
import { COMMAND_PARAMS } from './command-params';
import { runParams, TOPOLOGY_PARAMS, TRACE_PARAMS, traceParams } from './topology-params';
import { LINK_EVENT_PARAMS, LINK_PARAMS } from '../net/point-to-point-link-params';
import { readChecks } from './check-loader';
import { overReported, overReportedReason } from './report-intervals';

const PING_KEYS = ['type', 'node', 'to', 'count', 'interval', 'start', 'size', 'ttl'] as const;
const TCP_BULK_KEYS = ['type', 'node', 'to', 'port', 'start', 'duration', 'bytes', 'congestion', 'interval', 'write'] as const;
const TCP_SINK_KEYS = ['type', 'node', 'port', 'start', 'interval'] as const;
const UDP_CBR_KEYS = ['type', 'node', 'to', 'port', 'start', 'duration', 'rate', 'size', 'interval', 'sport'] as const;
const UDP_SINK_KEYS = ['type', 'node', 'port', 'start', 'interval'] as const;
const UDP_ECHO_KEYS = ['type', 'node', 'to', 'port', 'count', 'interval', 'start', 'size'] as const;
const UDP_ECHO_SERVER_KEYS = ['type', 'node', 'port', 'start'] as const;

/** The keys of each app type (the JSON Schema's $defs carry the same names). */
const APP_KEYS = {
  'ping': PING_KEYS,
  'tcp-bulk': TCP_BULK_KEYS,
  'tcp-sink': TCP_SINK_KEYS,
  'udp-cbr': UDP_CBR_KEYS,
  'udp-sink': UDP_SINK_KEYS,
  'udp-echo': UDP_ECHO_KEYS,
  'udp-echo-server': UDP_ECHO_SERVER_KEYS,
} as const;
const APP_TYPES = Object.keys(APP_KEYS) as AppType[];

/** The keys each part of a topology may have (the JSON Schema must agree). */
export const TOPOLOGY_KEYS = {
  top: allowedKeys(TOPOLOGY_PARAMS),
  node: allowedKeys(NODE_PARAMS),
  iface: allowedKeys(INTERFACE_PARAMS),
  route: allowedKeys(ROUTE_PARAMS),
  run: allowedKeys(COMMAND_PARAMS),
  link: allowedKeys(LINK_PARAMS),
  linkEvent: allowedKeys(LINK_EVENT_PARAMS),
  ping: PING_KEYS,
  apps: APP_KEYS,
  traces: allowedKeys(TRACE_PARAMS),
} as const;

/** iperf3's port, and the echo service's. */
const DEFAULT_PORT = 5201;
const ECHO_PORT = 7;
/** Apps' defaults. */
const DEFAULT_APP_DURATION = 10_000_000_000n;
const DEFAULT_REPORT_INTERVAL = 100_000_000n;
const DEFAULT_WRITE = 131072;
const DEFAULT_CBR_RATE = 1_000_000n;
const DEFAULT_CBR_SIZE = 1000;
/** A udp-cbr datagram carries a 16-byte header: sequence number and send time. */
const MIN_CBR_SIZE = 16;
/** A udp-echo request carries its 4-byte sequence number. */
const MIN_ECHO_SIZE = 4;
/** Largest UDP payload in an IPv4 datagram. */
const MAX_UDP_PAYLOAD = 65507;

/** How a topology is loaded. */
export interface LoadOptions {
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
    if (err instanceof InputFileError)
      throw new TopologyError(file, '', 0, err.message);
    throw err;
  }
}

/** Reads and checks a topology file; throws TopologyError. */
export function loadTopology(file: string, options: LoadOptions = {}): Topology {
  return parseTopology(readTopologyText(file), file, options);
}

/** Checks a topology given as YAML text; `file` names it in errors. */
export function parseTopology(text: string, file: string, options: LoadOptions = {}): Topology {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const reason = e.message.replace(/ at line \d+, column \d+.*$/s, '');
    throw new TopologyError(file, '', lines.linePos(e.pos[0]).line, `not valid YAML: ${reason}`);
  }
  const root = new YamlCursor(file, lines, '', doc.contents, 0, doc);
  if (!root.present())
    throw root.error('the file is empty (expected nodes:, links:, ...)');
  const top = readEntry(root, TOPOLOGY_PARAMS);
  const nodes = readNodes(top.key('nodes')!, { file, ...(options.kernels !== undefined ? { kernels: options.kernels } : {}) });
  const linksAt = top.key('links');
  const links = linksAt?.present() ? readLinks(linksAt, nodes) : [];
  const appsAt = top.key('apps');
  const apps = appsAt?.present() ? readApps(appsAt, nodes) : [];
  const checks = readChecks(top.key('checks'), { nodes, links, apps });
  const run = top.build(runParams);
  const over = overReported(apps, run.duration);
  if (over !== null) {
    const entry = appsAt!.seq()[over.index]!;
    throw (entry.map(null).get('interval') ?? entry).error(overReportedReason(over.count, run.duration));
  }
  const tracesAt = top.key('traces');
  const traces = tracesAt !== undefined ? readEntry(tracesAt, TRACE_PARAMS).build(traceParams) : traceParams({});
  return { file, ...run, nodes, links, apps, traces, checks };
}

function readApps(at: YamlCursor, nodes: readonly NodeSpec[]): AppSpec[] {
  return at.seq().map((appAt) => {
    const typeAt = appAt.map(null).get('type');
    if (!typeAt)
      throw appAt.error(`missing type: (one of ${APP_TYPES.join(', ')})`);
    const type = typeAt.string() as AppType;
    if (!APP_TYPES.includes(type))
      throw typeAt.error(`unknown app type ${typeAt.text()} (one of ${APP_TYPES.join(', ')})`);
    const keys = appAt.map(APP_KEYS[type]);
    const node = readAppNode(appAt, keys, nodes, type);
    const start = keys.get('start')?.parsed(parseDuration) ?? 0n;
    const port = (def: number): number => keys.get('port')?.integer(1, 65535) ?? def;
    const interval = (def: bigint): bigint => positiveDuration(keys.get('interval')) ?? def;
    switch (type) {
      case 'ping': {
        const to = readTo(appAt, keys, type);
        return {
          type, node, to: to.address, family: to.family,
          count: keys.get('count')?.integer(1, 1_000_000) ?? 5,
          interval: interval(1_000_000_000n),
          start,
          size: keys.get('size')?.integer(0, 65507) ?? 56,
          ttl: keys.get('ttl')?.integer(1, 255) ?? null,
        };
      }
      case 'tcp-bulk': {
        const to = readTo(appAt, keys, type);
        const durationAt = keys.get('duration');
        const bytesAt = keys.get('bytes');
        if (durationAt && bytesAt)
          throw bytesAt.error('give duration: or bytes:, not both');
        const congestionAt = keys.get('congestion');
        const congestion = congestionAt?.string() ?? null;
        if (congestion !== null && !/^[a-z0-9_]{1,15}$/.test(congestion))
          throw congestionAt!.error(`${congestionAt!.text()} is not a congestion control name (e.g. cubic, reno, bbr)`);
        const bytes = bytesAt ? readBytes(bytesAt, 1n, null) : null;
        return {
          type, node, to: to.address, family: to.family, port: port(DEFAULT_PORT), start,
          duration: bytes !== null ? null : (positiveDuration(durationAt) ?? DEFAULT_APP_DURATION),
          bytes,
          congestion,
          interval: interval(DEFAULT_REPORT_INTERVAL),
          writeSize: Number(keys.get('write') ? readBytes(keys.get('write')!, 1n, 1n << 24n) : BigInt(DEFAULT_WRITE)),
        };
      }
      case 'tcp-sink':
      case 'udp-sink':
        return { type, node, port: port(DEFAULT_PORT), start, interval: interval(DEFAULT_REPORT_INTERVAL) };
      case 'udp-cbr': {
        const to = readTo(appAt, keys, type);
        return {
          type, node, to: to.address, family: to.family, port: port(DEFAULT_PORT), start,
          duration: positiveDuration(keys.get('duration')) ?? DEFAULT_APP_DURATION,
          rate: keys.get('rate')?.parsed(parseRate) ?? DEFAULT_CBR_RATE,
          size: keys.get('size') ? Number(readBytes(keys.get('size')!, BigInt(MIN_CBR_SIZE), BigInt(MAX_UDP_PAYLOAD))) : DEFAULT_CBR_SIZE,
          interval: interval(DEFAULT_REPORT_INTERVAL),
          sport: keys.get('sport')?.integer(1, 65535) ?? null,
        };
      }
      case 'udp-echo': {
        const to = readTo(appAt, keys, type);
        return {
          type, node, to: to.address, family: to.family, port: port(ECHO_PORT),
          count: keys.get('count')?.integer(1, 1_000_000) ?? 5,
          interval: interval(1_000_000_000n),
          start,
          size: keys.get('size') ? Number(readBytes(keys.get('size')!, BigInt(MIN_ECHO_SIZE), BigInt(MAX_UDP_PAYLOAD))) : 64,
        };
      }
      case 'udp-echo-server':
        return { type, node, port: port(ECHO_PORT), start };
    }
  });
}

function readAppNode(appAt: YamlCursor, keys: Map<string, YamlCursor>, nodes: readonly NodeSpec[], type: string): string {
  const nodeAt = keys.get('node');
  if (!nodeAt)
    throw appAt.error(`a ${type} app needs node:`);
  const node = nodeAt.string();
  if (!nodes.some((n) => n.name === node))
    throw nodeAt.error(`no node ${quote(node)}`);
  return node;
}

function readTo(appAt: YamlCursor, keys: Map<string, YamlCursor>, type: string): { address: string; family: 4 | 6 } {
  const toAt = keys.get('to');
  if (!toAt)
    throw appAt.error(`a ${type} app needs to: (the address to send to)`);
  return toAt.parsed(parseIpAddress);
}

/** A duration that must be positive, or undefined when absent. */
function positiveDuration(at: YamlCursor | undefined): bigint | undefined {
  if (!at)
    return undefined;
  const d = at.parsed(parseDuration);
  if (d <= 0n)
    throw at.error(`${at.text()} must be more than 0`);
  return d;
}

/** A byte count: a bare integer (bytes) or a size with its unit ("64KiB"), in [min, max] (default: any size). */
function readBytes(at: YamlCursor, min: bigint, max: bigint | null): bigint {
  const n = at.parsed(parseBytes);
  if (n < min || (max !== null && n > max))
    throw at.error(`${at.text()} is not within ${min}..${max ?? MAX_SIZE_BYTES} bytes`);
  return n;
}
