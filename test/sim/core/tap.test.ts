// SPDX-License-Identifier: GPL-2.0-only
/**
 * Taps (sim/core/tap.ts): listeners called in order, and a listener that
 * throws ending the run with a TapSubscriberError.
 */
import { expect } from 'chai';
import { Simulator } from '../../../sim/core/simulator';
import { TapSource } from '../../../sim/core/tap';
import type { TapEvent } from '../../../sim/core/tap';
import { TapSubscriberError } from '../../../sim/core/tap-subscriber-error';

interface Tick extends TapEvent {
  readonly n: number;
}

/** A failure sink that keeps what it is given. */
function sink(): { failed: Error[]; fail(e: Error): void } {
  const failed: Error[] = [];
  return { failed, fail: (e: Error): void => void failed.push(e) };
}

describe('sim/core/tap', () => {
  it('calls listeners in subscription order until they unsubscribe', () => {
    const tap = new TapSource<Tick>('t', sink());
    const seen: string[] = [];
    expect(tap.active).to.equal(false);
    const offA = tap.subscribe('a', (e) => seen.push(`a${e.n}`));
    tap.subscribe('b', (e) => seen.push(`b${e.n}`));
    expect(tap.active).to.equal(true);
    tap.emit({ time: 0n, n: 1 });
    offA();
    offA();
    tap.emit({ time: 0n, n: 2 });
    expect(seen).to.deep.equal(['a1', 'b1', 'b2']);
  });

  it('an emit goes to the listeners it started with, whoever subscribes or leaves meanwhile', () => {
    const tap = new TapSource<Tick>('t', sink());
    const seen: string[] = [];
    let offB = (): void => undefined;
    tap.subscribe('a', () => {
      seen.push('a');
      offB();
      tap.subscribe('c', () => seen.push('c'));
    });
    offB = tap.subscribe('b', () => seen.push('b'));
    tap.emit({ time: 0n, n: 1 });
    expect(seen).to.deep.equal(['a', 'b']);
  });

  it('a listener that throws is reported with its name, the tap and the time, unsubscribed, and the others still run', () => {
    const failures = sink();
    const tap = new TapSource<Tick>('node r1 eth0 sent', failures);
    const seen: number[] = [];
    const cause = new Error('disk full');
    tap.subscribe('pcap r1-eth0.pcap', () => {
      throw cause;
    });
    tap.subscribe('counter', (e) => seen.push(e.n));
    expect(() => tap.emit({ time: 1_500_000_000n, n: 1 })).to.not.throw();
    tap.emit({ time: 1_600_000_000n, n: 2 });
    expect(seen).to.deep.equal([1, 2]);
    expect(failures.failed).to.have.length(1);
    const err = failures.failed[0] as TapSubscriberError;
    expect(err).to.be.instanceOf(TapSubscriberError);
    expect(err.name).to.equal('TapSubscriberError');
    expect(err.message).to.equal(
      'pcap r1-eth0.pcap, subscribed to node r1 eth0 sent, failed at 1.500000000s: disk full',
    );
    expect(err.subscriber).to.equal('pcap r1-eth0.pcap');
    expect(err.tap).to.equal('node r1 eth0 sent');
    expect(err.time).to.equal(1_500_000_000n);
    expect(err.cause).to.equal(cause);
  });

  describe('in a run', () => {
    it("the event finishes, then run() throws the subscriber's error instead of running the next one, every time", () => {
      const sim = new Simulator();
      const tap = new TapSource<Tick>('t', sim);
      tap.subscribe('bad', () => {
        throw new Error('boom');
      });
      const ran: string[] = [];
      sim.schedule(10n, () => {
        tap.emit({ time: sim.now, n: 1 });
        ran.push('rest of the event');
      });
      sim.schedule(10n, () => ran.push('next event'));
      expect(() => sim.run()).to.throw(TapSubscriberError, /bad, subscribed to t, failed at 0\.000000010s: boom/);
      expect(ran).to.deep.equal(['rest of the event']);
      expect(sim.failure).to.be.instanceOf(TapSubscriberError);
      expect(() => sim.run()).to.throw(TapSubscriberError);
      expect(ran).to.deep.equal(['rest of the event']);
    });

    it('runAsync() rejects the same way, and a failure outside any run stops the next one before its first event', async () => {
      const sim = new Simulator();
      const tap = new TapSource<Tick>('t', sim);
      tap.subscribe('bad', () => {
        throw new Error('boom');
      });
      const ran: string[] = [];
      sim.schedule(5n, () => ran.push('event'));
      tap.emit({ time: 0n, n: 1 });
      expect(() => sim.checkFailure()).to.throw(TapSubscriberError);
      let caught: unknown = null;
      try {
        await sim.runAsync(100n);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(TapSubscriberError);
      expect(ran).to.deep.equal([]);
    });

    it('keeps the first failure', () => {
      const sim = new Simulator();
      const first = new Error('first');
      sim.fail(first);
      sim.fail(new Error('second'));
      expect(sim.failure).to.equal(first);
      expect(() => sim.run()).to.throw('first');
    });
  });
});
