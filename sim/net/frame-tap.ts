// SPDX-License-Identifier: GPL-2.0-only
/**
 * The taps of the network (sim/core/tap.ts): the events they carry -- a
 * frame that moved, a frame dropped and why, a queue that changed -- and
 * the emitters the models use.
 *
 * Each tap also keeps a tally of what crossed it (frames and bytes, drops
 * per cause, the queue's content and its largest), whether anyone listens
 * or not: the counters of summary.json are read from these tallies
 * (sim/net/link-counter.ts, sim/node/device-counter.ts).  Counting is
 * what every run needs for every frame, and as listeners the counters
 * cost 5-12% of W1's CPU time (a call per frame per tap through one
 * shared, polymorphic emit); a tally costs an addition.  Listeners --
 * pcap files, later the library API's hooks -- pay only when attached.
 *
 * Each emitter reuses one event object, so a watched tap allocates
 * nothing per frame.
 */
import { TapSource } from '../core/tap';
import type { Tap } from '../core/tap';
import type { SimTime } from '../core/time';

/** A frame that crossed a tap: its bytes (Ethernet header first, no FCS) and when. */
export interface FrameEvent {
  readonly time: SimTime;
  /** Valid only during the listener's call, and not to be changed: copy what you keep. */
  readonly frame: Buffer;
}

/** A frame that went no further, and why (`C`: the model's causes). */
export interface DropEvent<C extends string> extends FrameEvent {
  readonly cause: C;
}

/** A queue's content right after it changed. */
export interface QueueEvent {
  readonly time: SimTime;
  /** Frames waiting. */
  readonly frames: number;
  /** Their bytes. */
  readonly bytes: number;
}

/** A frame tap as observers see it: its events, and the tally of every frame that crossed it. */
export interface FrameTapView extends Tap<FrameEvent> {
  /** Frames that crossed it so far. */
  readonly frames: number;
  /** Their bytes. */
  readonly bytes: number;
}

/** A drop tap as observers see it: its events, and the tally of drops per cause. */
export interface DropTapView<C extends string> extends Tap<DropEvent<C>> {
  /** Frames dropped so far for `cause`. */
  count(cause: C): number;
}

/** A queue tap as observers see it: its events, the queue now and the most it held. */
export interface QueueTapView extends Tap<QueueEvent> {
  /** Frames waiting now. */
  readonly frames: number;
  /** Their bytes. */
  readonly bytes: number;
  /** The most frames that ever waited. */
  readonly maxFrames: number;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

const NO_FRAME = Buffer.alloc(0);

/** Emits {@link FrameEvent}s. */
export class FrameTap extends TapSource<FrameEvent> implements FrameTapView {
  frames = 0;
  bytes = 0;
  private readonly reused: Writable<FrameEvent> = { time: 0n, frame: NO_FRAME };

  /** `frame` crossed the tap at `time`. */
  emitFrame(time: SimTime, frame: Buffer): void {
    this.frames++;
    this.bytes += frame.length;
    if (!this.active) return;
    const e = this.emitting ? { time, frame } : this.reused;
    e.time = time;
    e.frame = frame;
    this.emit(e);
  }
}

/** Emits {@link DropEvent}s. */
export class DropTap<C extends string> extends TapSource<DropEvent<C>> implements DropTapView<C> {
  private readonly counts = new Map<C, number>();
  private reused: Writable<DropEvent<C>> | null = null;

  count(cause: C): number {
    return this.counts.get(cause) ?? 0;
  }

  /** `frame` was dropped at `time` for `cause`. */
  emitDrop(time: SimTime, frame: Buffer, cause: C): void {
    this.counts.set(cause, this.count(cause) + 1);
    if (!this.active) return;
    // Made on first use: there is no cause to start it with.
    const e = this.emitting || this.reused === null ? { time, frame, cause } : this.reused;
    this.reused ??= e;
    e.time = time;
    e.frame = frame;
    e.cause = cause;
    this.emit(e);
  }
}

/** Emits {@link QueueEvent}s. */
export class QueueTap extends TapSource<QueueEvent> implements QueueTapView {
  frames = 0;
  bytes = 0;
  maxFrames = 0;
  private readonly reused: Writable<QueueEvent> = { time: 0n, frames: 0, bytes: 0 };

  /** The queue holds `frames` frames of `bytes` bytes since `time`. */
  emitQueue(time: SimTime, frames: number, bytes: number): void {
    this.frames = frames;
    this.bytes = bytes;
    if (frames > this.maxFrames) this.maxFrames = frames;
    if (!this.active) return;
    const e = this.emitting ? { time, frames, bytes } : this.reused;
    e.time = time;
    e.frames = frames;
    e.bytes = bytes;
    this.emit(e);
  }
}
