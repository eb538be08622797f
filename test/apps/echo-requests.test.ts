// SPDX-License-Identifier: GPL-2.0-only
/** EchoRequests on a stand-in node whose clock moves when the sender sleeps. */
import { expect } from 'chai';
import { EchoRequests } from '../../apps/echo-requests';
import { NS_PER_MS, NS_PER_S } from '../../sim/core/time';
import { KernelError } from '../../sim/kernel/errors';
import type { Node } from '../../sim/node/node';

/** now() and sleepUntil() only: all the sender uses. */
function clockNode(): { node: Node; set(t: bigint): void } {
  let t = 0n;
  const node = {
    now: (): bigint => t,
    sleepUntil: (at: bigint): Promise<void> => {
      t = at;
      return Promise.resolve();
    },
  } as unknown as Node;
  return {
    node,
    set: (v: bigint): void => {
      t = v;
    },
  };
}

describe('EchoRequests', () => {
  it('waits max(2 intervals, 1 s) after the last request', () => {
    expect(new EchoRequests(NS_PER_S, 3, 100n * NS_PER_MS).end).to.equal(NS_PER_S + 200n * NS_PER_MS + NS_PER_S);
    expect(new EchoRequests(NS_PER_S, 3, 2n * NS_PER_S).end).to.equal(NS_PER_S + 4n * NS_PER_S + 4n * NS_PER_S);
    expect(new EchoRequests(NS_PER_S, 0, NS_PER_S).end).to.equal(NS_PER_S);
    expect(new EchoRequests(NS_PER_S, 0, NS_PER_S).complete).to.equal(true);
  });

  it('sends each request at its time; counts refused sends with their errno', async () => {
    const { node } = clockNode();
    const r = new EchoRequests(NS_PER_S, 3, 10n * NS_PER_MS);
    const times: bigint[] = [];
    const refused: number[] = [];
    await r.sendAll(
      node,
      (i) => {
        times.push(node.now());
        return i === 1 ? Promise.reject(new KernelError(-101, 'sendto')) : Promise.resolve(0n);
      },
      (_e, i) => refused.push(i),
    );
    expect(times).to.deep.equal([NS_PER_S, NS_PER_S + 10n * NS_PER_MS, NS_PER_S + 20n * NS_PER_MS]);
    expect(refused).to.deep.equal([1]);
    const s = r.stats();
    expect([s.transmitted, s.sendErrors, s.sendErrorCodes]).to.deep.equal([3, 1, ['ENETUNREACH']]);
  });

  it('an error other than the kernel refusing ends the sender', async () => {
    const { node } = clockNode();
    const r = new EchoRequests(0n, 3, NS_PER_MS);
    let err: unknown = null;
    await r
      .sendAll(node, () => Promise.reject(new TypeError('bug')))
      .catch((e: unknown) => {
        err = e;
      });
    expect(err).to.be.instanceOf(TypeError);
    expect(r.sent).to.equal(1);
  });

  it('measures RTTs, counts duplicates, and reports min, exact mean, max and loss', async () => {
    const { node, set } = clockNode();
    const r = new EchoRequests(NS_PER_S, 3, NS_PER_S);
    await r.sendAll(node, () => Promise.resolve(0n));
    set(NS_PER_S + 10n * NS_PER_MS);
    r.answer(0, node.now());
    set(3n * NS_PER_S + 25n * NS_PER_MS + 1n);
    r.answer(2, node.now());
    r.answer(2, node.now());
    expect(r.complete).to.equal(false);
    const s = r.stats();
    expect(s.received).to.equal(2);
    expect(s.duplicates).to.equal(1);
    expect(s.rtts_ms).to.deep.equal([10, null, 25.000001]);
    expect(s.rtt).to.deep.equal([
      { t_s: 1, rtt_ms: 10 },
      { t_s: 3, rtt_ms: 25.000001 },
    ]);
    expect([s.min_ms, s.max_ms]).to.deep.equal([10, 25.000001]);
    expect(s.avg_ms).to.equal(Number(35n * NS_PER_MS + 1n) / 2 / 1e6);
    expect(s.lossPercent).to.equal(100 / 3);
    r.answer(1, node.now());
    expect(r.complete).to.equal(true);
  });
});
