// SPDX-License-Identifier: GPL-2.0-only
/**
 * `nodes:` of a topology file: each node's interfaces, routes, sysctls,
 * `run:` commands and `kernel:`, read by the node's tables
 * (sim/node/node-params.ts) and the command's (command-params.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { splitCommand } from './command-words';
import { quoteIfNeeded } from '../core/quote';
import { keptKernelsById, kernelCacheDir } from '../kernel/kernel-store';
import { INTERFACE_PARAMS, interfaceParams, NODE_PARAMS, ROUTE_PARAMS, routeParams } from '../node/node-params';
import type { AddressSpec, InterfaceSpec, NodeSpec, RouteSpec } from '../node/node-params';
import { COMMAND_PARAMS, commandParams } from '../node/command-params';
import type { CommandSpec } from '../node/command-params';
import { parseIpPrefix } from '../node/ip-prefix';
import { readEntry } from './param-reader';
import type { SourceRef } from '../core/source-ref';
import type { YamlCursor } from './yaml-cursor';

/** A node's name: a letter, then letters, digits, _ or - (at most 32). */
export const NODE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
/** An interface's name, as the kernel takes it (IFNAMSIZ); not `.`, `..` or `lo`, checked apart. */
export const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;
/** A sysctl's dotted name. */
export const SYSCTL_NAME = /^[a-z0-9_]+([./][A-Za-z0-9_.-]+)+$/;

/** How nodes are read. */
export interface NodeReadOptions {
  /** The topology file (a relative `kernel:` is relative to its directory). */
  readonly file: string;
  /** Each node's library by node name, instead of what `kernel:` says (see LoadOptions). */
  readonly kernels?: ReadonlyMap<string, string>;
}

/** Reads `nodes:`, sorted by name; throws TopologyError. */
export function readNodes(at: YamlCursor, options: NodeReadOptions): NodeSpec[] {
  const nodes: NodeSpec[] = [];
  for (const [name, node] of at.map(null)) {
    if (!NODE_NAME.test(name)) throw node.error('a node name is a letter then letters, digits, _ or - (at most 32)');
    nodes.push(readNode(name, node, options));
  }
  if (nodes.length === 0) throw at.error('no nodes');
  return nodes.sort((x, y) => (x.name < y.name ? -1 : 1));
}

function readNode(name: string, at: YamlCursor, options: NodeReadOptions): NodeSpec {
  const entry = readEntry(at, NODE_PARAMS, { mayBeEmpty: true });
  const interfaces: InterfaceSpec[] = [];
  for (const [ifname, iface] of entry.key('interfaces')?.map(null) ?? []) {
    if (!INTERFACE_NAME.test(ifname) || ifname === '.' || ifname === '..' || ifname === 'lo') {
      throw iface.error('an interface name is 1 to 15 letters, digits, _ . or - (not lo)');
    }
    interfaces.push(readInterface(ifname, iface));
  }
  interfaces.sort((x, y) => (x.name < y.name ? -1 : 1));
  const ifnames = interfaces.map((i) => i.name);
  const routes = (entry.key('routes')?.seq() ?? []).map((r) => readRoute(r, ifnames));
  const sysctls: Array<[string, string, SourceRef]> = [];
  for (const [key, value] of entry.key('sysctls')?.map(null) ?? []) {
    if (!SYSCTL_NAME.test(key)) throw value.error('not a sysctl name (e.g. net.ipv4.ip_forward)');
    sysctls.push([key, value.string(), value.source()]);
  }
  const run = readRun(entry.key('run'));
  const kernelAt = entry.key('kernel');
  const kernel =
    options.kernels !== undefined
      ? (options.kernels.get(name) ?? null)
      : kernelAt
        ? kernelAt.parsed((text) => resolveKernel(text, options.file))
        : null;
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
    if (!statSync(path).isFile()) throw new Error(`${quoteIfNeeded(text)}: not a file`);
    return path;
  }
  if (/^[0-9a-f]{8,64}$/i.test(text)) {
    const kept = keptKernelsById(text);
    if (kept.length === 1) return kept[0]!;
    if (kept.length > 1) {
      throw new Error(
        `${quoteIfNeeded(text)}: names ${kept.length} kept builds; give more digits (libsim kernels lists them)`,
      );
    }
    throw new Error(
      `${quoteIfNeeded(text)}: no such file, and no build with this id in ${kernelCacheDir()} (libsim kernels lists them)`,
    );
  }
  throw new Error(`${quoteIfNeeded(text)}: no such file`);
}

/**
 * `run:` -- strings run at 0, or { at, cmd, stdin, allow-fail } maps.
 * Sorted by time; the sort is stable, so entries at one time keep their
 * order.
 */
function readRun(at: YamlCursor | undefined): CommandSpec[] {
  if (!at?.present()) return [];
  const commands = at.seq().map((entry): CommandSpec => {
    if (isScalarEntry(entry)) {
      return {
        ...commandParams({ cmd: entry.string() }),
        argv: entry.parsed(splitCommand),
        path: entry.path,
        line: entry.line(),
      };
    }
    const command = readEntry(entry, COMMAND_PARAMS);
    const params = command.build(commandParams);
    return { ...params, argv: command.key('cmd')!.parsed(splitCommand), path: entry.path, line: entry.line() };
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
  const entry = readEntry(at, INTERFACE_PARAMS, { mayBeEmpty: true });
  const addresses: AddressSpec[] = (entry.key('addresses')?.seq() ?? []).map((a) => ({
    ...a.parsed(parseIpPrefix),
    source: a.source(),
  }));
  return { name, addresses, ...entry.build(interfaceParams), source: at.source() };
}

function readRoute(at: YamlCursor, ifnames: readonly string[]): RouteSpec {
  return { ...readEntry(at, ROUTE_PARAMS).build((given) => routeParams(given, ifnames)), source: at.source() };
}
