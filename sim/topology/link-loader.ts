// SPDX-License-Identifier: GPL-2.0-only
/**
 * `links:` of a topology file: each link's endpoints, its parameters (read
 * by the link's own table, sim/net/point-to-point-link-params.ts, which also
 * holds its defaults) and its carrier events.
 */
import { LINK_EVENT_PARAMS, LINK_PARAMS, linkEvent, linkParams } from '../net/point-to-point-link-params';
import type { Endpoint, LinkEvent, LinkSpec } from '../net/point-to-point-link-params';
import type { NodeSpec } from '../node/node-params';
import { quote } from '../core/quote';
import { readEntry } from './param-reader';
import type { YamlCursor } from './yaml-cursor';

/** An endpoint: `node:interface`. */
export const ENDPOINT = /^([^:]+):([^:]+)$/;

/** Reads `links:`; an interface may be on one link only.  Throws TopologyError. */
export function readLinks(at: YamlCursor, nodes: readonly NodeSpec[]): LinkSpec[] {
  const used = new Map<string, string>();
  return at.seq().map((linkAt) => {
    const entry = readEntry(linkAt, LINK_PARAMS);
    const endsAt = entry.key('endpoints')!;
    const ends = endsAt.seq();
    if (ends.length !== 2) throw endsAt.error('a point-to-point link has exactly two endpoints');
    const [a, b] = ends.map((e) => {
      const ep = readEndpoint(e, nodes);
      const key = `${ep.node}:${ep.iface}`;
      if (used.has(key)) throw e.error(`${key} is already on the link at ${used.get(key)}`);
      used.set(key, linkAt.path);
      return ep;
    });
    const params = entry.build(linkParams);
    return { a, b, ...params, events: (entry.key('events')?.seq() ?? []).map(readLinkEvent) };
  });
}

function readEndpoint(at: YamlCursor, nodes: readonly NodeSpec[]): Endpoint {
  const text = at.string();
  const m = ENDPOINT.exec(text);
  if (!m) throw at.error(`${at.text()} is not node:interface (e.g. h1:eth0)`);
  const node = nodes.find((n) => n.name === m[1]);
  if (!node) throw at.error(`no node ${quote(m[1]!)}`);
  if (!node.interfaces.some((i) => i.name === m[2])) {
    throw at.error(`node ${quote(m[1]!)} has no interface ${quote(m[2]!)}`);
  }
  return { node: m[1], iface: m[2] };
}

function readLinkEvent(at: YamlCursor): LinkEvent {
  return readEntry(at, LINK_EVENT_PARAMS).build(linkEvent);
}
