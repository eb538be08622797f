// SPDX-License-Identifier: GPL-2.0-only
/**
 * The report's drawing helpers: axis ticks (traces/report/svg.ts) and the
 * layout of the topology graph (topology-graph.ts).
 */
import { expect } from 'chai';
import { layoutGraph } from '../../../traces/report/topology-graph';
import { coord, niceTicks } from '../../../traces/report/svg';

describe('report drawing helpers', () => {
  it('picks 1-2-5 ticks that cover the range', () => {
    expect(niceTicks(0, 95.6)).to.deep.equal({ ticks: [0, 20, 40, 60, 80, 100], decimals: 0 });
    // (10.55 − 0.52) / 5 is just above 2: the step becomes 5.
    expect(niceTicks(0.52, 10.55).ticks).to.deep.equal([0, 5, 10, 15]);
    expect(niceTicks(10, 10.4).decimals).to.equal(1);
    const t = niceTicks(10, 10.4);
    expect(t.ticks[0]).to.be.at.most(10);
    expect(t.ticks[t.ticks.length - 1]).to.be.at.least(10.4);
    // An empty range still gives an axis.
    expect(niceTicks(5, 5).ticks.length).to.be.greaterThan(1);
    expect(coord(-0.001)).to.equal('0.00');
  });

  it('lays a graph out the same way every time, nodes apart and inside the picture', () => {
    const nodes = ['d1', 'd2', 'r1', 'r2', 's1', 's2'];
    const edges = [
      ['s1', 'r1'],
      ['s2', 'r1'],
      ['r1', 'r2'],
      ['r2', 'd1'],
      ['r2', 'd2'],
    ].map(([a, b]) => ({ a: a!, b: b!, label: '' }));
    const p = layoutGraph(nodes, edges);
    expect([...layoutGraph(nodes, edges)]).to.deep.equal([...p]);
    const pts = nodes.map((n) => p.get(n)!);
    for (const [x, y] of pts) {
      expect(x).to.be.within(60, 700);
      expect(y).to.be.within(60, 360);
    }
    for (let i = 0; i < pts.length; i++) {
      for (let j = i + 1; j < pts.length; j++) {
        expect(Math.hypot(pts[i]![0] - pts[j]![0], pts[i]![1] - pts[j]![1])).to.be.greaterThan(40);
      }
    }
  });
});
