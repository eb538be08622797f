// SPDX-License-Identifier: GPL-2.0-only
/**
 * The kernels' RAM blocks prepared ahead of boot (sim/kernel/ram-pool.ts),
 * on a stand-in that records every mapping, populate and request to the
 * prefault thread.
 */
import { expect } from 'chai';
import { AsyncRequest, RamOps, RamPool } from '../../../sim/kernel/ram-pool';

const MIB = 1n << 20n;

/** Records every call; blocks are handed out at 1 GiB steps. */
class FakeRam implements RamOps {
  next = 1n << 30n;
  failMap = false;
  queueFull = false;
  readonly calls: string[] = [];

  map(size: bigint): bigint | null {
    if (this.failMap) return null;
    const addr = this.next;
    this.next += 1n << 30n;
    this.calls.push(`map ${addr / MIB}M ${size / MIB}M`);
    return addr;
  }
  unmap(addr: bigint, size: bigint): void {
    this.calls.push(`unmap ${addr / MIB}M ${size / MIB}M`);
  }
  populate(addr: bigint, len: bigint): void {
    this.calls.push(`populate ${addr / MIB}M +${len / 1024n}K`);
  }
  tickets = 0;
  /** The first ticket the worker has not started; earlier ones cannot be taken back. */
  notStartedFrom = Infinity;
  /** Queue only the first half of each range (the queue fills up meanwhile). */
  queueHalf = false;
  /** Called at each cancelAsync(), before it answers: the worker moving on. */
  onCancel: (ticket: number) => void = () => undefined;
  populateAsync(addr: bigint, len: bigint): AsyncRequest[] {
    if (this.queueFull) return [];
    const queued = this.queueHalf ? len / 2n : len;
    this.calls.push(`async ${addr / MIB}M +${queued / 1024n}K`);
    return [{ ticket: this.tickets++, addr, len: queued }];
  }
  cancelAsync(ticket: number): boolean {
    this.onCancel(ticket);
    const cancelled = ticket >= this.notStartedFrom;
    this.calls.push(`cancel ${ticket} ${cancelled ? 'taken back' : 'started'}`);
    return cancelled;
  }
  waitAsync(ticket: number): void {
    this.calls.push(`wait ${ticket}`);
  }
}

describe('RamPool', () => {
  it('replays a boot’s populate requests on the block kept ready for the next boot', () => {
    const ram = new FakeRam();
    const pool = new RamPool(ram);
    const a = pool.take(64n * MIB);
    expect(a).to.equal(1024n * MIB);
    // The first take maps its own block and one more, not yet prepared: nothing is known.
    expect(ram.calls).to.deep.equal(['map 1024M 64M', 'map 2048M 64M']);
    ram.calls.length = 0;
    pool.populate(a!, a!, 2560n * 1024n);
    // Done now for the asking kernel, and the same range of the ready block on a worker.
    expect(ram.calls).to.deep.equal(['populate 1024M +2560K', 'async 2048M +2560K']);
    ram.calls.length = 0;
    const b = pool.take(64n * MIB);
    expect(b).to.equal(2048n * MIB);
    // b is handed out once the worker is done with it; a fresh ready block is prepared from the plan at once.
    expect(ram.calls).to.deep.equal(['cancel 0 started', 'wait 0', 'map 3072M 64M', 'async 3072M +2560K']);
    ram.calls.length = 0;
    pool.populate(b!, b!, 2560n * 1024n);
    // A request already in the plan is not replayed a second time.
    expect(ram.calls).to.deep.equal(['populate 2048M +2560K']);
  });

  it('keeps plans per block size and records requests relative to the block', () => {
    const ram = new FakeRam();
    const pool = new RamPool(ram);
    const small = pool.take(32n * MIB)!;
    pool.populate(small, small + 4n * MIB, MIB);
    ram.calls.length = 0;
    const big = pool.take(64n * MIB)!;
    // No plan for 64 MiB yet: its ready block is mapped but not populated.
    expect(ram.calls).to.deep.equal([`map ${big / MIB}M 64M`, `map ${big / MIB + 1024n}M 64M`]);
    ram.calls.length = 0;
    pool.take(32n * MIB);
    expect(ram.calls.filter((c) => c.startsWith('async'))).to.deep.equal([
      `async ${ram.next / MIB - 1024n + 4n}M +1024K`,
    ]);
  });

  it('releases only blocks it handed out, once, and survives running out of memory', () => {
    const ram = new FakeRam();
    const pool = new RamPool(ram);
    const a = pool.take(64n * MIB)!;
    ram.calls.length = 0;
    pool.release(a);
    pool.release(a);
    pool.release(12345n);
    // Nothing was queued for this block: no wait for the worker.
    expect(ram.calls).to.deep.equal([`unmap ${a / MIB}M 64M`]);
    ram.failMap = true;
    // The ready block is still there; no new one can be mapped.
    const b = pool.take(64n * MIB);
    expect(b).to.equal(a + 1024n * MIB);
    expect(pool.take(64n * MIB)).to.equal(null);
  });

  it('hands out a prepared block only once the worker is done with it', () => {
    const ram = new FakeRam();
    const pool = new RamPool(ram);
    const a = pool.take(64n * MIB)!;
    pool.populate(a, a, 2n * MIB);
    pool.populate(a, a + 4n * MIB, MIB);
    ram.calls.length = 0;
    const b = pool.take(64n * MIB)!;
    // Tickets 0 and 1 went to b while it was ready: wait for the last, then prepare the next.
    expect(ram.calls.slice(0, 2)).to.deep.equal(['cancel 1 started', 'wait 1']);
    expect(ram.calls.slice(2)).to.deep.equal([
      `map ${b / MIB + 1024n}M 64M`,
      `async ${b / MIB + 1024n}M +2048K`,
      `async ${b / MIB + 1028n}M +1024K`,
    ]);
    ram.calls.length = 0;
    pool.release(b);
    expect(ram.calls).to.deep.equal([`unmap ${b / MIB}M 64M`]);
  });

  it('takes back what the worker has not started and does it at once, then waits for the rest', () => {
    const ram = new FakeRam();
    const pool = new RamPool(ram);
    const a = pool.take(64n * MIB)!;
    pool.populate(a, a, 2n * MIB);
    pool.populate(a, a + 4n * MIB, MIB);
    pool.populate(a, a + 8n * MIB, MIB);
    // The ready block got tickets 0, 1, 2; the worker is on 0.
    ram.notStartedFrom = 1;
    ram.calls.length = 0;
    const b = pool.take(64n * MIB)!;
    // Newest first until one has started; those taken back are done here, oldest first, before waiting for the worker.
    expect(ram.calls.slice(0, 6)).to.deep.equal([
      'cancel 2 taken back',
      'cancel 1 taken back',
      'cancel 0 started',
      `populate ${b / MIB + 4n}M +1024K`,
      `populate ${b / MIB + 8n}M +1024K`,
      'wait 0',
    ]);
    ram.calls.length = 0;
    ram.notStartedFrom = 3;
    pool.take(64n * MIB);
    // All three requests of the next ready block (tickets 3-5) are taken back: no wait at all.
    expect(ram.calls.filter((c) => c.startsWith('cancel') || c.startsWith('wait'))).to.deep.equal([
      'cancel 5 taken back',
      'cancel 4 taken back',
      'cancel 3 taken back',
    ]);
  });

  it('takes back only what the worker has still not started when asked', () => {
    const ram = new FakeRam();
    const pool = new RamPool(ram);
    const a = pool.take(64n * MIB)!;
    pool.populate(a, a, 2n * MIB);
    pool.populate(a, a + 4n * MIB, MIB);
    pool.populate(a, a + 8n * MIB, MIB);
    ram.notStartedFrom = 1;
    // The worker starts ticket 1 between the first and the second cancel.
    ram.onCancel = (t): void => {
      if (t === 1) ram.notStartedFrom = 2;
    };
    ram.calls.length = 0;
    const b = pool.take(64n * MIB)!;
    expect(ram.calls.slice(0, 4)).to.deep.equal([
      'cancel 2 taken back',
      'cancel 1 started',
      `populate ${b / MIB + 8n}M +1024K`,
      'wait 1',
    ]);
  });

  for (const [what, half] of [
    ['none of it', false],
    ['only half of it', true],
  ] as const) {
    it(`queues a request again, whole, on a later chance when the worker’s full queue took ${what}; waits for what it took`, () => {
      const ram = new FakeRam();
      const pool = new RamPool(ram);
      const a = pool.take(64n * MIB)!;
      ram.queueFull = !half;
      ram.queueHalf = half;
      pool.populate(a, a, 2n * MIB);
      ram.queueFull = false;
      ram.queueHalf = false;
      ram.calls.length = 0;
      // The ready block missed (part of) the request; the next populate of the plan's size retries it.
      pool.populate(a, a + 8n * MIB, MIB);
      expect(ram.calls.filter((c) => c.startsWith('async'))).to.deep.equal([
        `async ${a / MIB + 1024n}M +2048K`,
        `async ${a / MIB + 1032n}M +1024K`,
      ]);
      ram.calls.length = 0;
      pool.take(64n * MIB);
      // Every request queued for the block stays the worker's until done: the newest is waited for.
      const last = half ? 2 : 1;
      expect(ram.calls.slice(0, 2)).to.deep.equal([`cancel ${last} started`, `wait ${last}`]);
    });
  }

  it('caps the remembered requests per size', () => {
    const ram = new FakeRam();
    const pool = new RamPool(ram);
    const a = pool.take(64n * MIB)!;
    for (let i = 0n; i < 20n; i++) pool.populate(a, a + i * MIB, MIB);
    expect(ram.calls.filter((c) => c.startsWith('async'))).to.have.length(8);
  });
});
