// SPDX-License-Identifier: GPL-2.0-only
/**
 * Letting promise continuations run out between events (sim/core/settle.ts),
 * and giving up on ones that never block.
 */
import { expect } from 'chai';
import { SettleError } from '../../../sim/core/errors';
import { settleContinuations } from '../../../sim/core/settle';
import { Simulator } from '../../../sim/core/simulator';

/** An async chain `depth` calls deep: each level awaits the next, the innermost awaits `gate`. */
async function chain(depth: number, gate: Promise<void>, done: () => void): Promise<void> {
  if (depth === 0) {
    await gate;
    done();
    return;
  }
  await chain(depth - 1, gate, done);
  // Extra hops on the way back up, none of which asks for a settle.
  await null;
  await Promise.resolve();
}

describe('settleContinuations', () => {
  it('returns only after a long chain of continuations has run to its end', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let innermost = false;
    let outermost = false;
    void chain(200, gate, () => {
      innermost = true;
    }).then(() => {
      outermost = true;
    });
    release();
    await settleContinuations();
    expect(innermost).to.equal(true);
    // 200 levels × 3 hops each: far more than any fixed number of hops.
    expect(outermost).to.equal(true);
  });

  it('gives up on continuations that never block', async () => {
    let spinning = true;
    const spin = async (): Promise<void> => {
      while (spinning) await null;
    };
    try {
      void spin();
      const e = await settleContinuations().then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).to.be.instanceOf(SettleError);
    } finally {
      spinning = false;
    }
  });

  it("orders a deep continuation's event before later events in runAsync", async () => {
    const sim = new Simulator();
    const seen: Array<[string, bigint]> = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    void chain(50, gate, () => undefined).then(() => {
      sim.schedule(sim.now, () => seen.push(['follow-up', sim.now]));
    });
    sim.schedule(10n, () => {
      sim.requestSettle();
      release();
    });
    sim.schedule(11n, () => seen.push(['later', sim.now]));
    await sim.runAsync();
    expect(seen).to.deep.equal([
      ['follow-up', 10n],
      ['later', 11n],
    ]);
  });
});
