// SPDX-License-Identifier: GPL-2.0-only
/**
 * The simulator loop (sim/core/simulator.ts): time and order of events,
 * stop, errors, progress, and runAsync with hold() for work that awaits.
 */
import { expect } from 'chai';
import { InvalidArgumentError, ReentrantRunError, SchedulingError } from '../../../sim/core/errors';
import { Simulator } from '../../../sim/core/simulator';

describe('sim/core/simulator', () => {
  it('starts at time 0 and advances now to each event time', () => {
    const sim = new Simulator();
    expect(sim.now).to.equal(0n);
    const seen: bigint[] = [];
    sim.schedule(30n, () => seen.push(sim.now));
    sim.schedule(10n, () => seen.push(sim.now));
    sim.schedule(20n, () => seen.push(sim.now));
    expect(sim.run()).to.equal('empty');
    expect(seen).to.deep.equal([10n, 20n, 30n]);
    expect(sim.now).to.equal(30n);
    expect(sim.eventsRun).to.equal(3);
  });

  it('scheduleIn is relative to now, including from inside an event', () => {
    const sim = new Simulator();
    const seen: bigint[] = [];
    sim.scheduleIn(100n, () => {
      seen.push(sim.now);
      sim.scheduleIn(50n, () => seen.push(sim.now));
      sim.scheduleIn(0n, () => seen.push(sim.now));
    });
    sim.run();
    expect(seen).to.deep.equal([100n, 100n, 150n]);
  });

  it('runs same-time events in scheduling order, including ones added at now', () => {
    const sim = new Simulator();
    const order: string[] = [];
    sim.schedule(5n, () => {
      order.push('a');
      sim.schedule(5n, () => order.push('c'));
    });
    sim.schedule(5n, () => order.push('b'));
    sim.run();
    expect(order).to.deep.equal(['a', 'b', 'c']);
  });

  it('refuses to schedule in the past with a SchedulingError', () => {
    const sim = new Simulator();
    sim.schedule(100n, () => {
      expect(() => sim.schedule(99n, () => undefined)).to.throw(SchedulingError, /0\.000000099s.*0\.000000100s/);
    });
    sim.run();
    expect(() => sim.schedule(50n, () => undefined)).to.throw(SchedulingError);
    expect(() => sim.scheduleIn(-1n, () => undefined)).to.throw(SchedulingError);
    expect(sim.pending).to.equal(0);
    expect(() => sim.schedule(0n, () => undefined))
      .to.throw(SchedulingError)
      .with.property('name', 'SchedulingError');
  });

  it('run(until) runs events at exactly until, keeps later ones, and sets now to until', () => {
    const sim = new Simulator();
    const ran: bigint[] = [];
    for (const t of [10n, 20n, 20n, 21n, 40n]) sim.schedule(t, () => ran.push(t));
    expect(sim.run(20n)).to.equal('until');
    expect(ran).to.deep.equal([10n, 20n, 20n]);
    expect(sim.now).to.equal(20n);
    expect(sim.pending).to.equal(2);
    expect(sim.run(30n)).to.equal('until');
    expect(ran).to.deep.equal([10n, 20n, 20n, 21n]);
    expect(sim.now).to.equal(30n);
    // the queue empties before until: now still reaches until
    expect(sim.run(100n)).to.equal('until');
    expect(ran).to.deep.equal([10n, 20n, 20n, 21n, 40n]);
    expect(sim.now).to.equal(100n);
  });

  it('refuses run(until) with until in the past', () => {
    const sim = new Simulator();
    sim.run(50n);
    expect(() => sim.run(49n)).to.throw(SchedulingError);
    expect(sim.run(50n)).to.equal('until');
  });

  it('stop() ends the run after the current event; a later run resumes', () => {
    const sim = new Simulator();
    const ran: string[] = [];
    sim.schedule(1n, () => ran.push('a'));
    sim.schedule(2n, () => {
      ran.push('b');
      sim.stop();
    });
    sim.schedule(2n, () => ran.push('c'));
    sim.schedule(3n, () => ran.push('d'));
    expect(sim.run()).to.equal('stopped');
    expect(ran).to.deep.equal(['a', 'b']);
    expect(sim.now).to.equal(2n);
    expect(sim.run()).to.equal('empty');
    expect(ran).to.deep.equal(['a', 'b', 'c', 'd']);
  });

  it('ignores stop() outside a run', () => {
    const sim = new Simulator();
    let ran = false;
    sim.stop();
    sim.schedule(1n, () => {
      ran = true;
    });
    expect(sim.run()).to.equal('empty');
    expect(ran).to.equal(true);
  });

  it('cancel() prevents an event from running and is harmless when repeated', () => {
    const sim = new Simulator();
    const ran: string[] = [];
    const h = sim.schedule(5n, () => ran.push('x'));
    sim.schedule(6n, () => ran.push('y'));
    expect(sim.cancel(h)).to.equal(true);
    expect(sim.cancel(h)).to.equal(false);
    sim.run();
    expect(ran).to.deep.equal(['y']);
    expect(sim.eventsRun).to.equal(1);
  });

  it('refuses a nested run()', () => {
    const sim = new Simulator();
    let caught: unknown;
    sim.schedule(1n, () => {
      try {
        sim.run();
      } catch (e) {
        caught = e;
      }
    });
    sim.run();
    expect(caught).to.be.instanceOf(ReentrantRunError);
  });

  it('propagates an exception from an event and stays usable', () => {
    const sim = new Simulator();
    const ran: string[] = [];
    sim.schedule(1n, () => {
      throw new Error('boom');
    });
    sim.schedule(2n, () => ran.push('after'));
    expect(() => sim.run()).to.throw('boom');
    expect(sim.now).to.equal(1n);
    expect(sim.run()).to.equal('empty');
    expect(ran).to.deep.equal(['after']);
  });

  it('calls the progress hook every N events with now and the count', () => {
    const calls: [bigint, number][] = [];
    const sim = new Simulator({ progress: { everyEvents: 3, onProgress: (now, n) => calls.push([now, n]) } });
    for (let i = 1; i <= 10; i++) sim.schedule(BigInt(i * 10), () => undefined);
    sim.run();
    expect(calls).to.deep.equal([
      [30n, 3],
      [60n, 6],
      [90n, 9],
    ]);
  });

  it('refuses a progress interval that is not a positive integer', () => {
    const cb = (): void => undefined;
    expect(() => new Simulator({ progress: { everyEvents: 0, onProgress: cb } })).to.throw(InvalidArgumentError);
    expect(() => new Simulator({ progress: { everyEvents: 1.5, onProgress: cb } })).to.throw(InvalidArgumentError);
  });
});

describe('Simulator.runAsync', () => {
  it('lets a promise continuation act at the simulated time of the event that resolved it', async () => {
    const sim = new Simulator();
    const seen: Array<[string, bigint]> = [];
    let release: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => {
      release = resolve;
    });
    void waiting.then(() => {
      seen.push(['continuation', sim.now]);
      // Scheduled from the continuation: must run before the 20 ns event.
      sim.schedule(sim.now + 5n, () => seen.push(['follow-up', sim.now]));
    });
    sim.schedule(10n, () => {
      seen.push(['resolver', sim.now]);
      sim.requestSettle();
      release();
    });
    sim.schedule(20n, () => seen.push(['later', sim.now]));
    expect(await sim.runAsync()).to.equal('empty');
    expect(seen).to.deep.equal([
      ['resolver', 10n],
      ['continuation', 10n],
      ['follow-up', 15n],
      ['later', 20n],
    ]);
  });

  it('settles only after events that asked for it', async () => {
    const sim = new Simulator();
    let settles = 0;
    const settle = (): Promise<void> => {
      settles++;
      return Promise.resolve();
    };
    sim.schedule(1n, () => undefined);
    sim.schedule(2n, () => sim.requestSettle());
    sim.schedule(3n, () => undefined);
    await sim.runAsync(undefined, settle);
    // Once before the first event, once after the event at 2 ns.
    expect(settles).to.equal(2);
  });

  it('with yieldEvery, gives the event loop a turn mid-run (a signal handler runs then), same events in the same order', async () => {
    const order = async (yieldEvery: number): Promise<{ ran: bigint[]; macrotaskAt: number }> => {
      const sim = new Simulator({ yieldEvery });
      const ran: bigint[] = [];
      for (let t = 1n; t <= 100n; t++) sim.schedule(t, () => ran.push(sim.now));
      let macrotaskAt = -1;
      setImmediate(() => {
        macrotaskAt = ran.length;
      });
      await sim.runAsync();
      return { ran, macrotaskAt };
    };
    const yielding = await order(10);
    const plain = await order(0);
    expect(yielding.ran).to.deep.equal(plain.ran);
    // Within the run, after the tenth event; without yields only after all of them.
    expect(yielding.macrotaskAt).to.equal(10);
    expect(plain.macrotaskAt).to.equal(-1);
    expect(() => new Simulator({ yieldEvery: -1 })).to.throw(InvalidArgumentError);
  });

  it('stops at `until` like run()', async () => {
    const sim = new Simulator();
    const ran: bigint[] = [];
    for (const t of [5n, 10n, 15n]) sim.schedule(t, () => ran.push(sim.now));
    expect(await sim.runAsync(10n)).to.equal('until');
    expect(ran).to.deep.equal([5n, 10n]);
    expect(sim.now).to.equal(10n);
  });

  describe('hold()', () => {
    /** A promise and the functions that settle it, released by the test (on the macrotask queue). */
    function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
      let resolve!: () => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    }

    it('runs no further event, and keeps time, until held work settles', async () => {
      const sim = new Simulator();
      const log: string[] = [];
      const work = deferred();
      sim.schedule(10n, () => {
        sim.hold(work.promise.then(() => log.push(`work done at ${sim.now}`)));
        // Settled on a later macrotask: only a real hold can make the next event wait for it.
        setTimeout(() => {
          log.push(`releasing at ${sim.now}`);
          work.resolve();
        }, 20);
      });
      sim.schedule(10n, () => log.push(`same-time event at ${sim.now}`));
      sim.schedule(20n, () => log.push(`next event at ${sim.now}`));
      expect(await sim.runAsync()).to.equal('empty');
      expect(log).to.deep.equal(['releasing at 10', 'work done at 10', 'same-time event at 10', 'next event at 20']);
      expect(sim.held).to.equal(0);
    });

    it('awaits holds made before the run, and holds made while awaiting others', async () => {
      const sim = new Simulator();
      const log: string[] = [];
      const first = deferred();
      const second = deferred();
      sim.hold(
        first.promise.then(() => {
          log.push('first');
          sim.hold(second.promise.then(() => log.push('second')));
          setTimeout(() => second.resolve(), 5);
        }),
      );
      setTimeout(() => first.resolve(), 5);
      sim.schedule(1n, () => log.push('event'));
      await sim.runAsync();
      expect(log).to.deep.equal(['first', 'second', 'event']);
    });

    it('makes runAsync reject with the reason of held work that failed, before any later event', async () => {
      const sim = new Simulator();
      const later: bigint[] = [];
      sim.schedule(5n, () => sim.hold(Promise.reject(new Error('tool exited with 2'))));
      sim.schedule(6n, () => later.push(sim.now));
      let caught: unknown;
      try {
        await sim.runAsync();
      } catch (e) {
        caught = e;
      }
      expect((caught as Error).message).to.equal('tool exited with 2');
      expect(later).to.deep.equal([]);
      expect(sim.now).to.equal(5n);
    });

    it('is refused by the synchronous run(), which cannot wait', () => {
      const sim = new Simulator();
      sim.schedule(1n, () => sim.hold(Promise.resolve()));
      expect(() => sim.run()).to.throw(SchedulingError, /runAsync/);
    });

    it('advanceInHold moves time inside the only hold, as a sleep would, and nowhere else', async () => {
      const sim = new Simulator();
      const seen: string[] = [];
      const outside = sim.advanceInHold(5n);
      sim.schedule(10n, () => {
        const work = deferred();
        sim.hold(work.promise);
        // Nothing due before 10 + 3 + 4: time moves with no event.
        seen.push(`${sim.advanceInHold(3n)} ${sim.now}`, `${sim.advanceInHold(4n)} ${sim.now}`);
        // The event at 20 is due first: a sleep would let it run, so time must not move past it.
        seen.push(`${sim.advanceInHold(3n)} ${sim.now}`, `${sim.advanceInHold(0n)} ${sim.now}`);
        const other = deferred();
        sim.hold(other.promise);
        // Another hold in progress: that work is at this instant, time stands still for it.
        seen.push(`${sim.advanceInHold(1n)} ${sim.now}`);
        setTimeout(() => {
          work.resolve();
          other.resolve();
        }, 5);
      });
      sim.schedule(20n, () => seen.push(`event at ${sim.now}`));
      await sim.runAsync(25n);
      expect(outside).to.equal(false);
      expect(seen).to.deep.equal(['true 13', 'true 17', 'false 17', 'false 17', 'false 17', 'event at 20']);
      // Not past the end of the run either.
      sim.schedule(30n, () => {
        sim.hold(Promise.resolve());
        seen.push(`${sim.advanceInHold(6n)} ${sim.advanceInHold(5n)} ${sim.now}`);
      });
      await sim.runAsync(35n);
      expect(seen[6]).to.equal('false true 35');
    });
  });
});
