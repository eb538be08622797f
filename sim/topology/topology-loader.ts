// SPDX-License-Identifier: GPL-2.0-only
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { quote, quoteIfNeeded } from '../core/quote';
import { parseIpAddress, parseIpPrefix } from './ip-prefix';
import { splitCommand } from '../../apps/command-line';
import {
  AddressSpec, AppSpec, AppType, CommandSpec, InterfaceSpec, NodeSpec, RouteSpec, Topology,
} from './topology';
import { InputFileError } from './input-file-error';
import { readInputFile } from './input-file';
import type { SourceRef } from './source-ref';
import { TopologyError } from './topology-error';
import { MAX_SIZE_BYTES, parseBytes, parseDuration, parseRate } from './units';
import { YamlCursor } from './yaml-cursor';
import { readLinks } from './link-loader';
import { allowedKeys } from './param-reader';
import { LINK_EVENT_PARAMS, LINK_PARAMS } from '../net/point-to-point-link-params';
import { readChecks } from './check-loader';
import { overReported, overReportedReason } from './report-intervals';
import { keptKernelsById, kernelCacheDir } from '../kernel/kernel-store';

const TOP_KEYS = ['duration', 'seed', 'nodes', 'links', 'apps', 'traces', 'checks'] as const;
const NODE_KEYS = ['interfaces', 'routes', 'sysctls', 'run', 'kernel'] as const;
const RUN_KEYS = ['at', 'cmd', 'stdin', 'allow-fail'] as const;
const IFACE_KEYS = ['addresses', 'mtu'] as const;
const ROUTE_KEYS = ['to', 'via', 'dev', 'metric', 'table'] as const;
const PING_KEYS = ['type', 'node', 'to', 'count', 'interval', 'start', 'size', 'ttl'] as const;
const TCP_BULK_KEYS = ['type', 'node', 'to', 'port', 'start', 'duration', 'bytes', 'congestion', 'interval', 'write'] as const;
const TCP_SINK_KEYS = ['type', 'node', 'port', 'start', 'interval'] as const;
const UDP_CBR_KEYS = ['type', 'node', 'to', 'port', 'start', 'duration', 'rate', 'size', 'interval', 'sport'] as const;
const UDP_SINK_KEYS = ['type', 'node', 'port', 'start', 'interval'] as const;
const UDP_ECHO_KEYS = ['type', 'node', 'to', 'port', 'count', 'interval', 'start', 'size'] as const;
const UDP_ECHO_SERVER_KEYS = ['type', 'node', 'port', 'start'] as const;
const TRACE_KEYS = ['pcap'] as const;

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
  top: TOP_KEYS,
  node: NODE_KEYS,
  iface: IFACE_KEYS,
  route: ROUTE_KEYS,
  run: RUN_KEYS,
  link: allowedKeys(LINK_PARAMS),
  linkEvent: allowedKeys(LINK_EVENT_PARAMS),
  ping: PING_KEYS,
  apps: APP_KEYS,
  traces: TRACE_KEYS,
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
  const top = root.map(TOP_KEYS);
  const nodesAt = top.get('nodes');
  if (!nodesAt)
    throw root.error('missing nodes:');
  const nodes = readNodes(nodesAt, file, options);
  const links = top.get('links')?.present() ? readLinks(top.get('links')!, nodes) : [];
  const apps = top.get('apps')?.present() ? readApps(top.get('apps')!, nodes) : [];
  const checks = readChecks(top.get('checks'), { nodes, links, apps });
  const duration = top.get('duration')?.parsed(parseDuration) ?? 10_000_000_000n;
  const over = overReported(apps, duration);
  if (over !== null) {
    const entry = top.get('apps')!.seq()[over.index]!;
    throw (entry.map(null).get('interval') ?? entry).error(overReportedReason(over.count, duration));
  }
  return {
    file,
    duration,
    seed: BigInt(top.get('seed')?.integer(0, Number.MAX_SAFE_INTEGER) ?? 1),
    nodes,
    links,
    apps,
    traces: {
      pcap: top.get('traces')?.map(TRACE_KEYS).get('pcap')?.boolean() ?? true,
    },
    checks,
  };
}

function readNodes(at: YamlCursor, file: string, options: LoadOptions): NodeSpec[] {
  const nodes: NodeSpec[] = [];
  for (const [name, node] of at.map(null)) {
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,31}$/.test(name))
      throw node.error('a node name is a letter then letters, digits, _ or - (at most 32)');
    nodes.push(readNode(name, node, file, options));
  }
  if (nodes.length === 0)
    throw at.error('no nodes');
  return nodes.sort((x, y) => (x.name < y.name ? -1 : 1));
}

function readNode(name: string, at: YamlCursor, file: string, options: LoadOptions): NodeSpec {
  const keys = at.present() ? at.map(NODE_KEYS) : new Map<string, YamlCursor>();
  const interfaces: InterfaceSpec[] = [];
  for (const [ifname, iface] of keys.get('interfaces')?.map(null) ?? []) {
    if (!/^[A-Za-z0-9_.-]{1,15}$/.test(ifname) || ifname === '.' || ifname === '..' || ifname === 'lo')
      throw iface.error('an interface name is 1 to 15 letters, digits, _ . or - (not lo)');
    interfaces.push(readInterface(ifname, iface));
  }
  interfaces.sort((x, y) => (x.name < y.name ? -1 : 1));
  const routes = (keys.get('routes')?.seq() ?? []).map((r) => readRoute(r, interfaces));
  const sysctls: Array<[string, string, SourceRef]> = [];
  for (const [key, value] of keys.get('sysctls')?.map(null) ?? []) {
    if (!/^[a-z0-9_]+([./][A-Za-z0-9_.-]+)+$/.test(key))
      throw value.error('not a sysctl name (e.g. net.ipv4.ip_forward)');
    sysctls.push([key, value.string(), value.source()]);
  }
  const run = readRun(keys.get('run'));
  const kernelAt = keys.get('kernel');
  const kernel = options.kernels !== undefined ? options.kernels.get(name) ?? null
    : kernelAt ? kernelAt.parsed((text) => resolveKernel(text, file)) : null;
  return { name, interfaces, routes, sysctls, run, kernel, ...(kernelAt ? { kernelSource: kernelAt.source() } : {}) };
}

/**
 * `kernel:` -- a library file (relative to the topology file's directory)
 * or the id of a build kept in the cache (the SHA-256 prefix that
 * `libsim kernels` lists).  Returns the absolute path.
 */
function resolveKernel(text: string, file: string): string {
  const path = isAbsolute(text) ? text : resolve(dirname(file), text);
  if (existsSync(path)) {
    if (!statSync(path).isFile())
      throw new Error(`${quoteIfNeeded(text)}: not a file`);
    return path;
  }
  if (/^[0-9a-f]{8,64}$/i.test(text)) {
    const kept = keptKernelsById(text);
    if (kept.length === 1)
      return kept[0]!;
    if (kept.length > 1)
      throw new Error(`${quoteIfNeeded(text)}: names ${kept.length} kept builds; give more digits (libsim kernels lists them)`);
    throw new Error(`${quoteIfNeeded(text)}: no such file, and no build with this id in ${kernelCacheDir()} (libsim kernels lists them)`);
  }
  throw new Error(`${quoteIfNeeded(text)}: no such file`);
}

/**
 * `run:` -- strings run at 0, or { at, cmd, stdin, allow-fail } maps.
 * Sorted by time; the sort is stable, so entries at one time keep their
 * order.
 */
function readRun(at: YamlCursor | undefined): CommandSpec[] {
  if (!at?.present())
    return [];
  const commands = at.seq().map((entry): CommandSpec => {
    let cmdAt = entry;
    let time = 0n;
    let allowFail = false;
    let stdin: string | null = null;
    if (!isScalarEntry(entry)) {
      const keys = entry.map(RUN_KEYS);
      const c = keys.get('cmd');
      if (!c)
        throw entry.error('a run entry is a command, or { at: <time>, cmd: <command>, stdin: <text>, allow-fail: true|false }');
      cmdAt = c;
      time = keys.get('at')?.parsed(parseDuration) ?? 0n;
      allowFail = keys.get('allow-fail')?.boolean() ?? false;
      stdin = keys.get('stdin')?.string() ?? null;
    }
    const cmd = cmdAt.string();
    const argv = cmdAt.parsed(splitCommand);
    return { at: time, cmd, argv, allowFail, stdin, path: entry.path, line: entry.line() };
  });
  return commands.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
}

function isScalarEntry(at: YamlCursor): boolean {
  try {
    at.string();
    return true;
  } catch {
    return false;
  }
}

function readInterface(name: string, at: YamlCursor): InterfaceSpec {
  const keys = at.present() ? at.map(IFACE_KEYS) : new Map<string, YamlCursor>();
  const addresses: AddressSpec[] = (keys.get('addresses')?.seq() ?? []).map((a) => ({ ...a.parsed(parseIpPrefix), source: a.source() }));
  return { name, addresses, mtu: keys.get('mtu')?.integer(68, 65535) ?? null, source: at.source() };
}

function readRoute(at: YamlCursor, interfaces: readonly InterfaceSpec[]): RouteSpec {
  const keys = at.map(ROUTE_KEYS);
  const toAt = keys.get('to');
  if (!toAt)
    throw at.error('missing to: (a prefix such as 10.1.0.0/16, or default)');
  const toText = toAt.string();
  const to = toText === 'default' ? null : toAt.parsed(parseIpPrefix);
  const via = keys.get('via') ? keys.get('via')!.parsed(parseIpAddress) : null;
  const dev = keys.get('dev')?.string() ?? null;
  if (dev !== null && !interfaces.some((i) => i.name === dev))
    throw keys.get('dev')!.error(`no interface ${quote(dev)} on this node`);
  if (!via && !dev)
    throw at.error('a route needs via:, dev: or both');
  const family = to?.family ?? via?.family ?? 4;
  if (via && to && via.family !== to.family)
    throw keys.get('via')!.error(`${via.address} is not of the same family as ${toText}`);
  return {
    to,
    family,
    via: via?.address ?? null,
    dev,
    metric: keys.get('metric')?.integer(0, 0xffffffff) ?? null,
    table: keys.get('table')?.integer(1, 0xfffffffe) ?? null,
    source: at.source(),
  };
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
