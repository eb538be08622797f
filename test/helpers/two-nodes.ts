// SPDX-License-Identifier: GPL-2.0-only
/**
 * Two real nodes, "a" and "b", each with eth0, joined by a TestLink and
 * configured from NodeSpecs through node-config: a = 10.0.0.1/24 +
 * fd00::1/64, b = 10.0.0.2/24 + fd00::2/64.  Devices are created and
 * connected before addresses are configured, so that every frame of the
 * bring-up reaches the wire.
 */
import { Simulator } from '../../sim/core/simulator';
import { Node } from '../../sim/node/node';
import { configureNode, createInterfaces } from '../../sim/node/node-config';
import type { NodeDevice } from '../../sim/node/node-device';
import type { NodeSpec } from '../../sim/topology/topology';
import { TestLink } from './test-link';

/** One-way delay of the test link: 5 ms. */
export const LINK_DELAY = 5_000_000n;

/** The NodeSpec of test node n (1 or 2): eth0 with 10.0.0.n/24 and fd00::n/64. */
export function hostSpec(name: string, n: number, extra: Partial<NodeSpec> = {}): NodeSpec {
  return {
    name,
    interfaces: [
      {
        name: 'eth0',
        mtu: null,
        addresses: [
          { family: 4, address: `10.0.0.${n}`, prefixLength: 24 },
          { family: 6, address: `fd00::${n}`, prefixLength: 64 },
        ],
      },
    ],
    routes: [],
    sysctls: [],
    ...extra,
  };
}

/** What twoNodes() builds. */
export interface TwoNodes {
  sim: Simulator;
  a: Node;
  b: Node;
  da: NodeDevice;
  db: NodeDevice;
  link: TestLink;
  /** Closes both kernels. */
  close(): void;
}

/** Boots and configures a and b at time 0 (seeds 1 and 2 unless given). */
export function twoNodes(seeds: [bigint, bigint] = [1n, 2n], delay: bigint = LINK_DELAY): TwoNodes {
  const sim = new Simulator();
  const a = new Node(sim, 'a', seeds[0]);
  const b = new Node(sim, 'b', seeds[1]);
  a.boot();
  b.boot();
  const sa = hostSpec('a', 1);
  const sb = hostSpec('b', 2);
  const [da] = createInterfaces(a, sa);
  const [db] = createInterfaces(b, sb);
  const link = new TestLink(sim, da!, db!, delay);
  configureNode(a, sa);
  configureNode(b, sb);
  return {
    sim,
    a,
    b,
    da: da!,
    db: db!,
    link,
    close: (): void => {
      a.close();
      b.close();
    },
  };
}
