// SPDX-License-Identifier: GPL-2.0-only
/**
 * The simulator's single event queue: a binary min-heap ordered by (time, insertion sequence).
 *
 * The sequence number is the documented tie-break rule: events at equal times run in the order they were
 * scheduled, on every run. Heap order alone is not stable, so without it two runs that schedule the same
 * events could still run them in different orders after unrelated changes to the heap's history.
 */
import { ForeignHandleError } from './errors';
import type { SimTime } from './time';

/** The action of an event. */
export type EventFn = () => void;

/** Life cycle of a scheduled event. */
export type EventState = 'pending' | 'ran' | 'cancelled';

/** What `schedule` returns: identifies one event, for cancelling it and for asking what became of it. */
export interface EventHandle {
  /** When the event is (or was) due. */
  readonly time: SimTime;
  /** Insertion sequence number; unique within its queue, increasing in scheduling order. */
  readonly seq: number;
  /** `pending` until the queue hands it out (`ran`) or it is cancelled (`cancelled`). */
  readonly state: EventState;
}

/** An event taken off the queue, ready to run. */
export interface DueEvent {
  /** When the event is due. */
  readonly time: SimTime;
  /** Its action. */
  readonly fn: EventFn;
}

class Entry implements EventHandle {
  state: EventState = 'pending';
  constructor(
    readonly queue: EventQueue,
    readonly time: SimTime,
    readonly seq: number,
    public fn: EventFn | undefined,
  ) {}
}

function before(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/**
 * Priority queue of events. Cancellation only marks the entry (O(1)); cancelled entries are skipped when
 * they reach the top, and the heap is rebuilt without them once they outnumber the live ones, so a node
 * that reschedules its kernel deadline after every entry does not grow the heap without bound.
 */
export class EventQueue {
  private heap: Entry[] = [];
  private nextSeq = 0;
  private live = 0;

  /** Number of pending (not cancelled, not yet taken) events. */
  get size(): number {
    return this.live;
  }

  /** Adds an event due at `time`. The queue does not judge the time; `Simulator` refuses the past. */
  schedule(time: SimTime, fn: EventFn): EventHandle {
    const entry = new Entry(this, time, this.nextSeq++, fn);
    this.heap.push(entry);
    this.siftUp(this.heap.length - 1);
    this.live++;
    return entry;
  }

  /**
   * Cancels a pending event. Returns true if it was pending; cancelling an event that already ran or was
   * already cancelled does nothing and returns false.
   *
   * @throws ForeignHandleError if the handle comes from another queue.
   */
  cancel(handle: EventHandle): boolean {
    if (!(handle instanceof Entry) || handle.queue !== this) {
      throw new ForeignHandleError('event handle does not belong to this queue');
    }
    if (handle.state !== 'pending') return false;
    handle.state = 'cancelled';
    handle.fn = undefined; // let the closure be collected before the entry leaves the heap
    this.live--;
    if (this.heap.length > 64 && this.heap.length - this.live > this.live) this.compact();
    return true;
  }

  /** Time of the earliest pending event, or undefined when none is pending. */
  peekTime(): SimTime | undefined {
    this.dropCancelledTop();
    return this.heap.length > 0 ? this.heap[0]!.time : undefined;
  }

  /** Removes and returns the earliest pending event, marking it `ran`; undefined when none is pending. */
  pop(): DueEvent | undefined {
    this.dropCancelledTop();
    const top = this.removeTop();
    if (top === undefined) return undefined;
    const fn = top.fn!;
    top.state = 'ran';
    top.fn = undefined;
    this.live--;
    return { time: top.time, fn };
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0]!.state === 'cancelled') this.removeTop();
  }

  private removeTop(): Entry | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private compact(): void {
    this.heap = this.heap.filter((e) => e.state === 'pending');
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const e = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(e, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = e;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const e = heap[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[c]!, e)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = e;
  }
}
