// SPDX-License-Identifier: GPL-2.0-only
/**
 * The events of the network's taps (sim/core/tap.ts) and the emitters the
 * models use: a frame that moved, a frame dropped and why, a queue that
 * changed.  Each emitter reuses one event object, so a watched tap
 * allocates nothing per frame and an unwatched one returns at once.
 */
import { TapSource } from '../core/tap';
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

type Writable<T> = { -readonly [K in keyof T]: T[K] };

const NO_FRAME = Buffer.alloc(0);

/** Emits {@link FrameEvent}s. */
export class FrameTap extends TapSource<FrameEvent> {
  private readonly reused: Writable<FrameEvent> = { time: 0n, frame: NO_FRAME };

  /** `frame` crossed the tap at `time`. */
  emitFrame(time: SimTime, frame: Buffer): void {
    if (!this.active) return;
    const e = this.emitting ? { time, frame } : this.reused;
    e.time = time;
    e.frame = frame;
    this.emit(e);
  }
}

/** Emits {@link DropEvent}s. */
export class DropTap<C extends string> extends TapSource<DropEvent<C>> {
  private reused: Writable<DropEvent<C>> | null = null;

  /** `frame` was dropped at `time` for `cause`. */
  emitDrop(time: SimTime, frame: Buffer, cause: C): void {
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
export class QueueTap extends TapSource<QueueEvent> {
  private readonly reused: Writable<QueueEvent> = { time: 0n, frames: 0, bytes: 0 };

  /** The queue holds `frames` frames of `bytes` bytes since `time`. */
  emitQueue(time: SimTime, frames: number, bytes: number): void {
    if (!this.active) return;
    const e = this.emitting ? { time, frames, bytes } : this.reused;
    e.time = time;
    e.frames = frames;
    e.bytes = bytes;
    this.emit(e);
  }
}
