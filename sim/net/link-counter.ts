// SPDX-License-Identifier: GPL-2.0-only
/**
 * The counters of one direction of a link, as summary.json reports them,
 * counted by a subscriber of the direction's taps: the link does its
 * work, the counter watches it like any other observer.
 */
import type { LinkDirectionTaps, LinkDropCause } from './link-taps';

/**
 * Counters of one direction, as plain numbers (JSON-able). At any moment:
 *
 *     framesOffered = framesSent + dropsQueue + dropsDown + dropsOversize + queueFrames
 *     framesSent    = framesDelivered + dropsLoss + dropsDownInFlight + inFlightFrames
 *
 * so once a run has drained (queue and wire empty),
 * framesSent = framesDelivered + dropsLoss + dropsDownInFlight.
 */
export interface LinkDirectionCounters {
  /** Frames the device handed to `send()`, whatever became of them. */
  framesOffered: number;
  /** Frames that started serialization (went onto the wire). */
  framesSent: number;
  /** Bytes of `framesSent`. */
  bytesSent: number;
  /** Frames handed to the far device. */
  framesDelivered: number;
  /** Bytes of `framesDelivered`. */
  bytesDelivered: number;
  /** Frames refused because the transmit queue was full (drop-tail). */
  dropsQueue: number;
  /** Frames lost on the wire by the random loss model. */
  dropsLoss: number;
  /** Frames that never reached the wire because the link was down: sent while down, or queued when it went down. */
  dropsDown: number;
  /** Frames on the wire (serializing or propagating) when the link went down. */
  dropsDownInFlight: number;
  /** Frames longer than mtu + the Ethernet header and a VLAN tag. */
  dropsOversize: number;
  /** Largest number of frames ever waiting in the queue (the frame being serialized not included). */
  maxQueueFrames: number;
  /** Frames waiting in the queue now. */
  queueFrames: number;
  /** Bytes waiting in the queue now. */
  queueBytes: number;
  /** Frames on the wire now: the one being serialized plus those propagating. */
  inFlightFrames: number;
}

/** Who the counters are, in a TapSubscriberError. */
const SUBSCRIBER = 'link counters';

/** Counts one direction from its taps. */
export class LinkDirectionCounter {
  private offered = 0;
  private sent = 0;
  private sentBytes = 0;
  private delivered = 0;
  private deliveredBytes = 0;
  private readonly drops: Record<LinkDropCause, number> = { 'oversize': 0, 'down': 0, 'queue': 0, 'loss': 0, 'down-in-flight': 0 };
  private queueFrames = 0;
  private queueBytes = 0;
  private maxQueueFrames = 0;

  /** Subscribes to every tap of `taps`. */
  constructor(taps: LinkDirectionTaps) {
    taps.offered.subscribe(SUBSCRIBER, () => {
      this.offered++;
    });
    taps.sent.subscribe(SUBSCRIBER, (e) => {
      this.sent++;
      this.sentBytes += e.frame.length;
    });
    taps.received.subscribe(SUBSCRIBER, (e) => {
      this.delivered++;
      this.deliveredBytes += e.frame.length;
    });
    taps.dropped.subscribe(SUBSCRIBER, (e) => {
      this.drops[e.cause]++;
    });
    taps.queueChanged.subscribe(SUBSCRIBER, (e) => {
      this.queueFrames = e.frames;
      this.queueBytes = e.bytes;
      if (e.frames > this.maxQueueFrames) this.maxQueueFrames = e.frames;
    });
  }

  /**
   * The counters now.
   * @param inFlightFrames frames on the wire now: state of the wire, which no tap announces, so the link gives it
   */
  snapshot(inFlightFrames: number): LinkDirectionCounters {
    return {
      framesOffered: this.offered,
      framesSent: this.sent,
      bytesSent: this.sentBytes,
      framesDelivered: this.delivered,
      bytesDelivered: this.deliveredBytes,
      dropsQueue: this.drops.queue,
      dropsLoss: this.drops.loss,
      dropsDown: this.drops.down,
      dropsDownInFlight: this.drops['down-in-flight'],
      dropsOversize: this.drops.oversize,
      maxQueueFrames: this.maxQueueFrames,
      queueFrames: this.queueFrames,
      queueBytes: this.queueBytes,
      inFlightFrames,
    };
  }
}
