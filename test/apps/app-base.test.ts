// SPDX-License-Identifier: GPL-2.0-only
/** The lifecycle AppBase gives every app, on a stand-in node whose sleeps end at once. */
import { expect } from 'chai';
import { AppBase } from '../../apps/app-base';
import type { AppRole } from '../../apps/app-base';
import type { UdpEchoServerResult } from '../../apps/udp-echo-server';
import type { Node } from '../../sim/node/node';

/** now() and sleepUntil() only: all start() uses. */
function clockNode(): { node: Node; slept: bigint[] } {
  const slept: bigint[] = [];
  const node = {
    name: 'h1',
    now: (): bigint => 5n,
    sleepUntil: (at: bigint): Promise<void> => {
      slept.push(at);
      return Promise.resolve();
    },
  } as unknown as Node;
  return { node, slept };
}

/** An app whose run is given by the test. */
class TestApp extends AppBase<UdpEchoServerResult> {
  runs = 0;

  constructor(
    node: Node,
    role: AppRole,
    start: bigint,
    private readonly body: (app: TestApp) => Promise<void>,
  ) {
    super(node, 'udp-echo-server', role, start, undefined);
  }

  result(): UdpEchoServerResult {
    return { type: 'udp-echo-server', node: this.node.name, port: 7, received: 0, echoed: 0, error: this.error };
  }

  finish(e: Error | null): void {
    this.stop(e);
  }

  protected run(): Promise<void> {
    this.runs++;
    return this.body(this);
  }
}

/** Lets the start's promise chain run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('AppBase', () => {
  it('runs once at its start time, or now if that has passed', async () => {
    const { node, slept } = clockNode();
    const later = new TestApp(node, 'client', 9n, async () => undefined);
    later.start();
    later.start();
    const past = new TestApp(node, 'client', 1n, async () => undefined);
    past.start();
    await settle();
    expect(slept).to.deep.equal([9n, 5n]);
    expect(later.runs).to.equal(1);
  });

  it('a client has finished once stopped; the first error is its result', async () => {
    const { node } = clockNode();
    const app = new TestApp(node, 'client', 0n, async (a) => a.finish(new Error('first')));
    app.start();
    await settle();
    expect(app.isFinished).to.equal(true);
    app.finish(new Error('second'));
    expect(app.result().error).to.equal('first');
    const ok = new TestApp(node, 'client', 0n, async (a) => a.finish(null));
    ok.start();
    await settle();
    expect([ok.isFinished, ok.result().error]).to.deep.equal([true, null]);
  });

  it('a run that rejects stops the app with that error; a server never finishes', async () => {
    const { node } = clockNode();
    const server = new TestApp(node, 'server', 0n, () => Promise.reject(new Error('EADDRINUSE')));
    server.start();
    await settle();
    expect(server.isFinished).to.equal(false);
    expect(server.result().error).to.equal('EADDRINUSE');
  });
});
