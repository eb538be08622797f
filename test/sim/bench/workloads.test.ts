// SPDX-License-Identifier: GPL-2.0-only
/**
 * The benchmark workloads (sim/bench/workloads.ts) load as topologies of the
 * shape the benchmarks describe: W1, W2, W3 and the scale tree.
 */
import { expect } from 'chai';
import { tree, w1, w2, w3 } from '../../../sim/bench/workloads';
import { parseTopology } from '../../helpers/topology';

describe('bench/workloads', () => {
  it('W1 is two nodes on one 100 Mbit/s 5 ms link with one cubic flow for 10 s', () => {
    const t = parseTopology(w1().yaml, 'w1.yaml');
    expect(t.nodes.map((n) => n.name)).to.deep.equal(['h1', 'h2']);
    expect(t.links).to.have.length(1);
    expect(t.links[0]!.rate).to.equal(100_000_000n);
    expect(t.links[0]!.delay).to.equal(5_000_000n);
    expect(t.duration).to.equal(10_000_000_000n);
    expect(t.apps.map((a) => a.type)).to.deep.equal(['tcp-sink', 'tcp-bulk']);
  });

  it('W2 is a 10-node chain whose routes lead from the first node to the last and back', () => {
    const t = parseTopology(w2().yaml, 'w2.yaml');
    expect(t.nodes).to.have.length(10);
    expect(t.links).to.have.length(9);
    // Every node but the ends forwards; every node but the first has a default route back.
    for (const n of t.nodes) {
      expect(n.sysctls.some(([name, value]) => name === 'net.ipv4.ip_forward' && value === '1')).to.equal(true);
      if (n.name !== 'n00') expect(n.routes.some((r) => r.to === null)).to.equal(true);
      if (n.name < 'n08') expect(n.routes.some((r) => r.to?.address === '10.0.8.0')).to.equal(true);
    }
  });

  it('W3 is a hub with 99 leaves, each echoing 60 times, staggered by 1 ms', () => {
    const t = parseTopology(w3().yaml, 'w3.yaml');
    expect(t.nodes).to.have.length(100);
    expect(t.links).to.have.length(99);
    const echoes = t.apps.filter((a) => a.type === 'udp-echo');
    expect(echoes).to.have.length(99);
    expect(new Set(echoes.map((a) => a.start)).size).to.equal(99);
  });

  it('the scale tree has exactly the nodes asked for, joined by n-1 links', () => {
    const t = parseTopology(tree(1000).yaml, 'tree.yaml');
    expect(t.nodes).to.have.length(1000);
    expect(t.links).to.have.length(999);
    expect(t.apps.filter((a) => a.type === 'ping')).to.have.length(990);
    expect(() => tree(5, 9)).to.throw(RangeError);
  });
});
