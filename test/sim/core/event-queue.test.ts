// SPDX-License-Identifier: GPL-2.0-only
/** The event queue (sim/core/event-queue.ts): (time, insertion) order, cancellation, and handles of another queue. */
import { expect } from 'chai';
import { ForeignHandleError } from '../../../sim/core/errors';
import { EventQueue } from '../../../sim/core/event-queue';

/** Pops and runs every event, as a simulator would. */
function drain(q: EventQueue): bigint[] {
  const times: bigint[] = [];
  for (let ev = q.pop(); ev !== undefined; ev = q.pop()) {
    times.push(ev.time);
    ev.fn();
  }
  return times;
}

describe('sim/core/event-queue', () => {
  it('runs events in time order whatever the scheduling order', () => {
    const q = new EventQueue();
    const ran: string[] = [];
    const times = [50n, 10n, 40n, 20n, 30n, 0n, 25n];
    for (const t of times) q.schedule(t, () => ran.push(`t${t}`));
    expect(q.size).to.equal(7);
    expect(drain(q)).to.deep.equal([0n, 10n, 20n, 25n, 30n, 40n, 50n]);
    expect(ran).to.deep.equal(['t0', 't10', 't20', 't25', 't30', 't40', 't50']);
    expect(q.size).to.equal(0);
    expect(q.pop()).to.equal(undefined);
  });

  it('keeps insertion order among many events at the same time', () => {
    const q = new EventQueue();
    const ran: number[] = [];
    // Interleave two times so that heap moves mix the equal-time entries.
    for (let i = 0; i < 1000; i++) {
      q.schedule(i % 2 === 0 ? 7n : 3n, () => ran.push(i));
    }
    drain(q);
    const odd = Array.from({ length: 500 }, (_, k) => 2 * k + 1);
    const even = Array.from({ length: 500 }, (_, k) => 2 * k);
    expect(ran).to.deep.equal([...odd, ...even]);
  });

  it('orders by (time, sequence) against a sort of a pseudo-random schedule', () => {
    const q = new EventQueue();
    const expected: [bigint, number][] = [];
    const ran: [bigint, number][] = [];
    let x = 12345;
    for (let i = 0; i < 2000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0; // fixed LCG, only to spread the times
      const t = BigInt(x % 50);
      expected.push([t, i]);
      q.schedule(t, () => ran.push([t, i]));
    }
    expected.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
    drain(q);
    expect(ran).to.deep.equal(expected);
  });

  it('never runs a cancelled event and reports the handle states', () => {
    const q = new EventQueue();
    const ran: string[] = [];
    const a = q.schedule(1n, () => ran.push('a'));
    const b = q.schedule(2n, () => ran.push('b'));
    const c = q.schedule(3n, () => ran.push('c'));
    expect(q.cancel(b)).to.equal(true);
    expect(b.state).to.equal('cancelled');
    expect(q.size).to.equal(2);
    drain(q);
    expect(ran).to.deep.equal(['a', 'c']);
    expect(a.state).to.equal('ran');
    expect(c.state).to.equal('ran');
  });

  it('treats cancelling twice, or cancelling an event that ran, as a harmless no-op', () => {
    const q = new EventQueue();
    const ran: string[] = [];
    const a = q.schedule(1n, () => ran.push('a'));
    const b = q.schedule(2n, () => ran.push('b'));
    q.schedule(3n, () => ran.push('c'));
    expect(q.cancel(b)).to.equal(true);
    expect(q.cancel(b)).to.equal(false);
    const first = q.pop()!;
    first.fn();
    expect(q.cancel(a)).to.equal(false);
    expect(a.state).to.equal('ran');
    expect(q.size).to.equal(1);
    drain(q);
    expect(ran).to.deep.equal(['a', 'c']);
  });

  it('skips a cancelled event at the top for peekTime', () => {
    const q = new EventQueue();
    const early = q.schedule(1n, () => undefined);
    q.schedule(9n, () => undefined);
    expect(q.peekTime()).to.equal(1n);
    q.cancel(early);
    expect(q.peekTime()).to.equal(9n);
  });

  it('lets an event cancel a later one at the same time', () => {
    const q = new EventQueue();
    const ran: string[] = [];
    let victim = q.schedule(5n, () => ran.push('never'));
    q.cancel(victim);
    q.schedule(5n, () => q.cancel(victim));
    victim = q.schedule(5n, () => ran.push('victim'));
    drain(q);
    expect(ran).to.deep.equal([]);
  });

  it('runs events scheduled during a run in (time, sequence) order', () => {
    const q = new EventQueue();
    const ran: string[] = [];
    q.schedule(10n, () => {
      ran.push('A@10');
      q.schedule(10n, () => ran.push('C@10 (from A)')); // same time: after B, already queued
      q.schedule(15n, () => ran.push('D@15 (from A)'));
    });
    q.schedule(10n, () => ran.push('B@10'));
    q.schedule(20n, () => {
      ran.push('E@20');
      q.schedule(20n, () => ran.push('F@20 (from E)'));
    });
    q.schedule(15n, () => ran.push('G@15'));
    drain(q);
    expect(ran).to.deep.equal(['A@10', 'B@10', 'C@10 (from A)', 'G@15', 'D@15 (from A)', 'E@20', 'F@20 (from E)']);
  });

  it('keeps order after many cancellations force a rebuild of the heap', () => {
    const q = new EventQueue();
    const ran: number[] = [];
    const handles = [];
    for (let i = 0; i < 1000; i++) handles.push(q.schedule(BigInt(1000 - i), () => ran.push(i)));
    // cancel all but every tenth: far more dead entries than live, which triggers compaction
    for (let i = 0; i < 1000; i++) if (i % 10 !== 0) q.cancel(handles[i]!);
    expect(q.size).to.equal(100);
    drain(q);
    const expected = Array.from({ length: 100 }, (_, k) => 990 - 10 * k);
    expect(ran).to.deep.equal(expected);
  });

  it('refuses a handle from another queue', () => {
    const q1 = new EventQueue();
    const q2 = new EventQueue();
    const h = q1.schedule(1n, () => undefined);
    expect(() => q2.cancel(h)).to.throw(ForeignHandleError);
    expect(h.state).to.equal('pending');
  });
});
