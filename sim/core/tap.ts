// SPDX-License-Identifier: GPL-2.0-only
/**
 * Taps: the points where a model (a device, a link) lets observers see
 * what happens to it -- a frame sent, received or dropped, a queue that
 * changed -- without the model knowing who watches.  The pcap writer and,
 * later, the library API's hooks subscribe here, and the counters of
 * summary.json are read from the network's taps (sim/net/frame-tap.ts);
 * the model holds none of them.
 *
 * The contract a listener gets:
 *
 * - It runs synchronously, inside the model's step, at the simulated time
 *   of the event; listeners of one tap run in the order they subscribed.
 * - It observes.  It must not change the model or schedule what would
 *   change results: a run with a tap watched and one without give the
 *   same bytes.
 * - The event object, and the frame bytes it refers to, are valid only
 *   during the call (as in libpcap's callback): models reuse one event
 *   object per tap and frames come from a pool.  Copy what you keep.
 * - **A listener that throws fails the run.**  The tap catches the
 *   exception, unsubscribes that listener, and hands the simulator a
 *   {@link TapSubscriberError} naming the subscriber, the tap and the
 *   simulated time, with the listener's error as its cause; the model
 *   finishes its step as if the listener had returned, the other
 *   listeners still see the event, and `Simulator.run()`/`runAsync()`
 *   throw that error before the next event.  An exception let through
 *   would stop the model half way through a step (a frame counted but not
 *   queued, a node half drained), and a run that went on would write
 *   results that silently lack what the subscriber should have recorded:
 *   neither may happen, so the run ends, whole up to that event, and
 *   reports who failed.
 * - A tap nobody listens to costs a length check per event.
 */
import { TapSubscriberError } from './tap-subscriber-error';
import type { SimTime } from './time';

/** What every tap event carries: the simulated time it happened at. */
export interface TapEvent {
  readonly time: SimTime;
}

/** A listener: called with each event of the tap (valid only during the call). */
export type TapListener<E extends TapEvent> = (event: E) => void;

/** Ends a subscription; calling it again does nothing. */
export type Unsubscribe = () => void;

/** A tap as observers see it: they can only subscribe. */
export interface Tap<E extends TapEvent> {
  /** Where the tap is, for messages: "node a eth0 sent", "link a:eth0-b:eth0 a->b dropped". */
  readonly name: string;
  /** Whether anyone listens (the model may skip work for an event nobody sees). */
  readonly active: boolean;
  /**
   * Calls `listener` with every later event of the tap.
   * @param subscriber who listens, for the error that names it if the listener throws ("pcap/a-eth0.pcap")
   */
  subscribe(subscriber: string, listener: TapListener<E>): Unsubscribe;
}

/** Where a tap reports a listener that threw: the simulator, which then ends the run. */
export interface TapFailureSink {
  /** Records `error`; must not throw (the model is still in the middle of its step). */
  fail(error: Error): void;
}

interface Subscription<E extends TapEvent> {
  readonly subscriber: string;
  readonly listener: TapListener<E>;
}

/**
 * The model's side of a tap: it emits; observers subscribe through the
 * {@link Tap} view.  Subscribing and unsubscribing replace the listener
 * array instead of changing it, so an emit in progress always goes
 * through the listeners it started with.
 */
export class TapSource<E extends TapEvent> implements Tap<E> {
  private listeners: ReadonlyArray<Subscription<E>> = [];
  /** Emits in progress on this tap (a listener that makes the model emit again nests). */
  private depth = 0;

  /**
   * @param name where the tap is, for messages
   * @param failures told when a listener throws (see the file comment)
   */
  constructor(
    readonly name: string,
    private readonly failures: TapFailureSink,
  ) {}

  get active(): boolean {
    return this.listeners.length > 0;
  }

  subscribe(subscriber: string, listener: TapListener<E>): Unsubscribe {
    const s: Subscription<E> = { subscriber, listener };
    this.listeners = [...this.listeners, s];
    return () => this.remove(s);
  }

  /**
   * Gives `event` to every listener.  Never throws what a listener threw:
   * see the file comment.
   */
  emit(event: E): void {
    const listeners = this.listeners;
    // No try/finally: nothing between these two lines throws (what a listener throws is caught).
    this.depth++;
    for (let i = 0; i < listeners.length; i++) {
      const s = listeners[i]!;
      try {
        s.listener(event);
      } catch (err) {
        this.failed(s, event, err);
      }
    }
    this.depth--;
  }

  /**
   * Whether an emit is in progress: an emitter that reuses one event
   * object must make a new one then, so that the outer event is not
   * changed under the listeners still to see it.
   */
  protected get emitting(): boolean {
    return this.depth > 0;
  }

  /** Out of emit() so that the path taken for every event stays small. */
  private failed(s: Subscription<E>, event: E, err: unknown): void {
    this.remove(s);
    this.failures.fail(new TapSubscriberError(s.subscriber, this.name, event.time, err));
  }

  private remove(s: Subscription<E>): void {
    this.listeners = this.listeners.filter((l) => l !== s);
  }
}
