// SPDX-License-Identifier: GPL-2.0-only
/**
 * A full-duplex point-to-point link: per direction a drop-tail transmit
 * queue, a transmitter that serializes one frame at a time at the link
 * rate, and a wire with propagation delay, jitter and random loss. The
 * link can be taken down and up (by the spec's events or by `setUp`).
 *
 * Every frame a device offers ends in exactly one counter, so the summary
 * can always be reconciled (see {@link LinkDirectionCounters}).  The link
 * announces what happens to each frame on its taps (sim/net/link-taps.ts),
 * and its counters are read from those taps' tallies.
 */
import type { Rng } from '../core/rng';
import type { Simulator } from '../core/simulator';
import type { EventHandle } from '../core/event-queue';
import { NS_PER_S } from '../core/time';
import type { SimTime } from '../core/time';
import { paramProblem } from '../core/param-check';
import { LinkAttachError } from './link-attach-error';
import { linkDirectionCounters } from './link-counter';
import type { LinkDirectionCounters } from './link-counter';
import type { LinkEnd, LinkPort } from './link-port';
import { LinkSpecError } from './link-spec-error';
import { LinkDirectionTapSources } from './link-taps';
import type { LinkDirectionTaps } from './link-taps';
import { LINK_PARAMS } from './point-to-point-link-params';
import type { Endpoint, LinkSpec } from './point-to-point-link-params';

/**
 * Bytes a frame may have beyond the MTU: the Ethernet header (14) and one
 * VLAN tag (4). The FCS is not part of the frames the kernel hands over.
 */
export const L2_OVERHEAD_BYTES = 18;

/** A side of a link. */
export type LinkSide = 'a' | 'b';

/** What {@link PointToPointLink.counters} returns. */
export interface LinkCounters {
  /** The link's name. */
  name: string;
  /** The device at side a. */
  a: { node: string; iface: string };
  /** The device at side b. */
  b: { node: string; iface: string };
  /** `ab` is the direction a → b, `ba` is b → a. */
  directions: { ab: LinkDirectionCounters; ba: LinkDirectionCounters };
}

/** A frame accepted by the link, with its random fate drawn when it was offered. */
interface Frame {
  readonly data: Buffer;
  readonly lost: boolean;
  readonly jitter: SimTime;
}

/** One direction of the link: queue, transmitter, wire, taps and counters. */
class Direction {
  /** Waiting frames; `head` is the next to send (an index, so dequeue is O(1) for long byte-limited queues). */
  private waiting: Frame[] = [];
  private head = 0;
  private waitingBytes = 0;
  /**
   * When the frame being serialized has left (the transmitter is idle
   * from then on).  A frame's arrival is scheduled when it starts, so a
   * frame that finds the transmitter idle costs one event, not two; only
   * frames that wait need the dequeue event at busyUntil.
   */
  private busyUntil: SimTime = 0n;
  private dequeueEvent: EventHandle | null = null;
  /** Arrival events of frames on the wire (being serialized or propagating), with their frames. */
  private readonly propagating = new Map<EventHandle, Buffer>();
  /** Arrival time of the latest frame put on the wire; arrivals never go before it (no reordering). */
  private lastArrival: SimTime = 0n;
  constructor(
    private readonly sim: Simulator,
    private readonly spec: LinkSpec,
    private readonly lossRng: Rng,
    private readonly jitterRng: Rng,
    private readonly isUp: () => boolean,
    private readonly destination: () => LinkPort,
    private readonly taps: LinkDirectionTapSources,
  ) {}

  send(data: Buffer): void {
    const now = this.sim.now;
    this.taps.offered.emitFrame(now, data);
    // The random fate is drawn first, for every offered frame, so that the k-th frame a device offers always
    // gets the k-th draw of each stream whatever the queue, the link state or the other direction did.
    // A parameter at zero draws nothing, so turning jitter on does not change which frames are lost.
    const lost = this.spec.loss > 0 && this.lossRng.nextFloat() < this.spec.loss;
    const jitter = this.spec.jitter > 0n ? uniformUpTo(this.jitterRng, this.spec.jitter) : 0n;
    // Oversize first: it is a property of the frame (a misconfiguration), worth seeing even while down.
    if (data.length > this.spec.mtu + L2_OVERHEAD_BYTES) {
      this.taps.dropped.emitDrop(now, data, 'oversize');
      return;
    }
    if (!this.isUp()) {
      this.taps.dropped.emitDrop(now, data, 'down');
      return;
    }
    // Resolved before queueing so that a missing far device is reported to the caller that caused it.
    this.destination();
    // Not copied: the device handed the buffer over (see LinkEnd.send).
    const frame: Frame = { data, lost, jitter };
    if (this.head === this.waiting.length && now >= this.busyUntil) {
      this.startTransmission(frame);
      return;
    }
    if (!this.fits(frame)) {
      this.taps.dropped.emitDrop(now, data, 'queue');
      return;
    }
    this.waiting.push(frame);
    this.waitingBytes += frame.data.length;
    this.taps.queueChanged.emitQueue(now, this.waiting.length - this.head, this.waitingBytes);
    this.scheduleDequeue();
  }

  /** The link went down: everything queued or on the wire is lost. */
  flush(): void {
    const now = this.sim.now;
    const queued = this.waiting.length - this.head;
    for (let i = this.head; i < this.waiting.length; i++) {
      this.taps.dropped.emitDrop(now, this.waiting[i]!.data, 'down');
    }
    this.waiting = [];
    this.head = 0;
    this.waitingBytes = 0;
    if (queued > 0) this.taps.queueChanged.emitQueue(now, 0, 0);
    if (this.dequeueEvent !== null) this.sim.cancel(this.dequeueEvent);
    this.dequeueEvent = null;
    // The transmitter stops mid-frame; that frame is on the wire (propagating).
    this.busyUntil = this.sim.now;
    for (const [arrival, data] of this.propagating) {
      this.sim.cancel(arrival);
      this.taps.dropped.emitDrop(now, data, 'down-in-flight');
    }
    this.propagating.clear();
    // Nothing is on the wire any more, so there is nothing left for later frames to stay behind.
    this.lastArrival = 0n;
  }

  snapshot(): LinkDirectionCounters {
    return linkDirectionCounters(this.taps, this.propagating.size);
  }

  /** Drop-tail limit on the frames waiting (the one being serialized does not count). */
  private fits(frame: Frame): boolean {
    if (this.spec.queueBytes !== null) {
      return BigInt(this.waitingBytes + frame.data.length) <= this.spec.queueBytes;
    }
    return this.waiting.length - this.head < (this.spec.queuePackets as number);
  }

  /** Puts `frame` on the wire now: busy for its serialization, arriving after it plus delay and jitter. */
  private startTransmission(frame: Frame): void {
    this.taps.sent.emitFrame(this.sim.now, frame.data);
    this.busyUntil = this.sim.now + serializationTime(frame.data.length, this.spec.rate);
    let arrival = this.busyUntil + this.spec.delay + frame.jitter;
    // Jitter must not reorder a direction: real links are FIFO, and TCP would see spurious reordering.
    if (arrival < this.lastArrival) arrival = this.lastArrival;
    this.lastArrival = arrival;
    // Equal arrival times run in scheduling order, which is transmission order.
    const handle = this.sim.schedule(arrival, () => this.arrive(handle, frame));
    this.propagating.set(handle, frame.data);
  }

  /** Frames wait: the next starts when the transmitter is free (one event, while any wait). */
  private scheduleDequeue(): void {
    if (this.dequeueEvent !== null) return;
    this.dequeueEvent = this.sim.schedule(this.busyUntil, () => {
      this.dequeueEvent = null;
      const next = this.dequeue();
      if (next !== undefined) this.startTransmission(next);
      if (this.head < this.waiting.length) this.scheduleDequeue();
    });
  }

  private arrive(handle: EventHandle, frame: Frame): void {
    this.propagating.delete(handle);
    if (frame.lost) {
      // A lost frame still used the transmitter and the wire; it is discarded where a receiver's FCS check would.
      this.taps.dropped.emitDrop(this.sim.now, frame.data, 'loss');
      return;
    }
    // Announced before the far device takes the buffer over (its node may reuse it once its kernel copied it).
    this.taps.received.emitFrame(this.sim.now, frame.data);
    this.destination().receive(frame.data);
  }

  private dequeue(): Frame | undefined {
    if (this.head === this.waiting.length) return undefined;
    const frame = this.waiting[this.head++];
    this.waitingBytes -= frame.data.length;
    this.taps.queueChanged.emitQueue(this.sim.now, this.waiting.length - this.head, this.waitingBytes);
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
      // Compact now and then so a long-lived busy queue does not keep every frame it ever held.
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    return frame;
  }
}

/**
 * Time the transmitter is busy with a frame of `bytes` bytes at `rate`
 * bit/s: ceil(bytes · 8 · 10^9 / rate) ns. Rounded up so that a link never
 * carries more than its rate: the error is under 1 ns per frame, always
 * towards the slow side.
 */
export function serializationTime(bytes: number, rate: bigint): SimTime {
  return (BigInt(bytes) * 8n * NS_PER_S + rate - 1n) / rate;
}

const TWO_32 = 1n << 32n;

/** Uniform integer in [0, max], from as many 32-bit draws as `max` needs, without modulo bias. */
function uniformUpTo(rng: Rng, max: SimTime): SimTime {
  const n = max + 1n;
  if (n <= TWO_32) return BigInt(rng.nextInt(Number(n)));
  let words = 0;
  for (let m = max; m > 0n; m >>= 32n) words++;
  const span = 1n << BigInt(32 * words);
  const limit = span - (span % n);
  for (;;) {
    let x = 0n;
    for (let i = 0; i < words; i++) x = (x << 32n) | BigInt(rng.nextU32());
    if (x < limit) return x % n;
  }
}

/** Refuses a spec with a value its table does not allow (a hand-made or built one: the loader checked the file's). */
function checkSpec(spec: LinkSpec, name: string): void {
  const problem = paramProblem(LINK_PARAMS, {
    ...spec,
    queue: { queuePackets: spec.queuePackets, queueBytes: spec.queueBytes },
  });
  if (problem !== null) throw new LinkSpecError(`link ${name}: ${problem}`);
}

/**
 * A full-duplex point-to-point link between two devices, each direction
 * modelled independently:
 *
 * - **Queue**: drop-tail in front of the transmitter, limited to
 *   `queuePackets` frames, or to `queueBytes` bytes when that is set
 *   (a frame is refused if the waiting bytes plus its own would exceed
 *   the limit). The frame being serialized does not count, so a limit of 0
 *   means "no buffer": a frame is taken only when the transmitter is idle.
 * - **Serialization**: {@link serializationTime}; the next frame starts
 *   the instant the previous one ends.
 * - **Propagation**: the frame arrives `delay` + jitter ns after its last
 *   bit left, jitter uniform in [0, jitter]; but never before the previous
 *   frame of its direction (arrival = max(computed, previous arrival)), so
 *   a direction never reorders. Jitter therefore delays, never reorders.
 * - **Loss**: each frame is lost with probability `loss`. A lost frame
 *   still occupies the transmitter and the wire, and is counted in
 *   `dropsLoss` when it would have arrived.
 * - **MTU**: a frame longer than mtu + {@link L2_OVERHEAD_BYTES} is dropped
 *   (`dropsOversize`).
 * - **State**: see {@link setUp}. The link starts up; the spec's events are
 *   scheduled at construction.
 *
 * Randomness: the given rng is only split, into one loss and one jitter
 * stream per direction (`a->b/loss`, `a->b/jitter`, `b->a/...`). Each
 * offered frame takes one draw from its direction's loss stream (if loss
 * is above 0) and one from its jitter stream (if jitter is above 0) when
 * the device calls `send()` — before any drop decision — so a frame's fate
 * depends only on the seed and its position in its direction's sequence,
 * not on queue state, link state or the other direction.
 */
export class PointToPointLink {
  /** The link's name, used in counters and messages. */
  readonly name: string;
  /** The spec the link was built from. */
  readonly spec: LinkSpec;
  private up = true;
  private readonly ports: { a: LinkPort | null; b: LinkPort | null } = { a: null, b: null };
  private readonly ab: Direction;
  private readonly ba: Direction;
  /** What happens to frames, per direction (`ab` is a → b); see sim/net/link-taps.ts. */
  readonly taps: { readonly ab: LinkDirectionTaps; readonly ba: LinkDirectionTaps };
  private readonly listeners: Array<(up: boolean) => void> = [];

  /**
   * @param sim the simulator all the link's events go through.
   * @param spec rate, delay, mtu, queue limit, loss, jitter, events.
   * @param rng the link's own stream (only split, see the class comment).
   * @param name for counters and messages.
   * @throws LinkSpecError if the spec has an unusable value.
   * @throws SchedulingError if a spec event is before the simulator's now.
   */
  constructor(sim: Simulator, spec: LinkSpec, rng: Rng, name: string) {
    checkSpec(spec, name);
    this.name = name;
    this.spec = spec;
    const isUp = (): boolean => this.up;
    const ab = new LinkDirectionTapSources(`link ${name} a->b`, sim);
    const ba = new LinkDirectionTapSources(`link ${name} b->a`, sim);
    this.taps = { ab, ba };
    this.ab = new Direction(
      sim,
      spec,
      rng.split('a->b/loss'),
      rng.split('a->b/jitter'),
      isUp,
      () => this.portAt('b'),
      ab,
    );
    this.ba = new Direction(
      sim,
      spec,
      rng.split('b->a/loss'),
      rng.split('b->a/jitter'),
      isUp,
      () => this.portAt('a'),
      ba,
    );
    // Scheduled in spec order, so events at equal times apply in the order written.
    for (const event of spec.events) sim.schedule(event.at, () => this.setUp(event.up));
  }

  /**
   * Attaches the device at `side` and returns the end it transmits on.
   * Frames from this side go to the other side's device, which must be
   * attached before the first frame is sent.
   *
   * @throws LinkAttachError if `side` is not 'a' or 'b', or already has a device.
   */
  attach(side: LinkSide, port: LinkPort): LinkEnd {
    if (side !== 'a' && side !== 'b') throw new LinkAttachError(`link ${this.name}: no side ${String(side)}`);
    if (this.ports[side] !== null) throw new LinkAttachError(`link ${this.name}: side ${side} is already attached`);
    this.ports[side] = port;
    const direction = side === 'a' ? this.ab : this.ba;
    return { send: (frame: Buffer): void => direction.send(frame) };
  }

  /** Whether the link is up (carrier present). */
  isUp(): boolean {
    return this.up;
  }

  /**
   * Sets the link state. Going down discards, in both directions, the
   * queued frames (`dropsDown`) and the frames being serialized or
   * propagating (`dropsDownInFlight`); while down, frames sent are dropped
   * (`dropsDown`). Going up lets new frames through; nothing lost comes
   * back. Setting the current state again does nothing (no callbacks).
   * Listeners run synchronously, in registration order, after the change
   * took effect.
   */
  setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    if (!up) {
      this.ab.flush();
      this.ba.flush();
    }
    for (const listener of [...this.listeners]) listener(up);
  }

  /** Calls `cb` with the new state on every change (e.g. for a node to set its device's carrier). */
  onStateChange(cb: (up: boolean) => void): void {
    this.listeners.push(cb);
  }

  /** A snapshot of the counters, plain numbers, safe to keep and serialize. */
  counters(): LinkCounters {
    return {
      name: this.name,
      a: endpoint(this.spec.a),
      b: endpoint(this.spec.b),
      directions: { ab: this.ab.snapshot(), ba: this.ba.snapshot() },
    };
  }

  private portAt(side: LinkSide): LinkPort {
    const port = this.ports[side];
    if (port === null) {
      throw new LinkAttachError(`link ${this.name}: a frame was sent towards side ${side}, which has no device`);
    }
    return port;
  }
}

function endpoint(e: Endpoint): { node: string; iface: string } {
  return { node: e.node, iface: e.iface };
}
