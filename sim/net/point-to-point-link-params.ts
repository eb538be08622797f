// SPDX-License-Identifier: GPL-2.0-only
/**
 * The parameters of a point-to-point link (point-to-point-link.ts), declared
 * once: their kinds, units, defaults and bounds, from which the link's
 * types, the topology loader's checks of `links:` entries and the JSON
 * Schema all follow.  Defaults are those a user would expect of a plain
 * Ethernet cable: 1 Gbit/s, no delay, 1500-byte MTU, a 100-packet queue.
 */
import { choice, duration, integer, limit, nested, probability, rate } from '../core/param';
import type { Given, ParamsOf, QueueLimit } from '../core/param';
import { withDefaults } from '../core/param-defaults';

/** A link's keys in a topology file, in the order messages list them. */
export const LINK_PARAMS = {
  endpoints: nested({
    doc: 'the two devices it joins, node:interface each',
    required: 'missing endpoints: [node:interface, node:interface]',
  }),
  rate: rate({ doc: 'transmission rate of each direction, e.g. 100Mbps, 1Gbit', default: 1_000_000_000n }),
  delay: duration({ doc: 'one-way propagation delay', default: 0n }),
  mtu: integer({ doc: 'largest frame payload; longer frames are dropped', min: 68, max: 65535, default: 1500 }),
  queue: limit({
    doc: 'drop-tail limit per direction: packets (e.g. 100) or bytes (e.g. 64KB)',
    maxPackets: 1_000_000,
    default: { queuePackets: 100, queueBytes: null },
  }),
  loss: probability({ doc: 'probability that a frame is lost, e.g. 1% or 0.01', default: 0 }),
  jitter: duration({ doc: 'largest extra delay per frame, uniform; never reorders a direction', default: 0n }),
  events: nested({ doc: 'carrier changes at given times' }),
} as const;

/** A link event's keys: the link goes down or up at a time. */
export const LINK_EVENT_PARAMS = {
  at: duration({ doc: 'when', required: 'a link event is { at: <time>, state: up | down }' }),
  state: choice({
    doc: 'the carrier from then on',
    values: ['up', 'down'],
    required: 'a link event is { at: <time>, state: up | down }',
  }),
} as const;

/** One end of a link: a node's interface. */
export interface Endpoint {
  readonly node: string;
  readonly iface: string;
}

/** The link goes down or up at `at` (ns). */
export interface LinkEvent {
  readonly at: bigint;
  readonly up: boolean;
}

/**
 * What the link does with frames: rate (bit/s), delay and jitter (ns),
 * mtu (bytes), loss (0..1) and its queue limit.
 */
export type LinkParams = Omit<ParamsOf<typeof LINK_PARAMS>, 'queue'> & QueueLimit;

/** A point-to-point link: its two ends, its parameters and its carrier changes. */
export type LinkSpec = { readonly a: Endpoint; readonly b: Endpoint } & LinkParams & {
    readonly events: readonly LinkEvent[];
  };

/** A link's parameters from what a file gave, the link's defaults applied. */
export function linkParams(given: Given<typeof LINK_PARAMS>): LinkParams {
  const { queue, ...rest } = withDefaults(LINK_PARAMS, given);
  return { ...rest, ...queue };
}

/** A link event from what a file gave. */
export function linkEvent(given: Given<typeof LINK_EVENT_PARAMS>): LinkEvent {
  return { at: given.at, up: given.state === 'up' };
}
