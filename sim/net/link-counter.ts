// SPDX-License-Identifier: GPL-2.0-only
/**
 * The counters of one direction of a link, as summary.json reports them,
 * read from the tallies of the direction's taps (sim/net/frame-tap.ts says
 * why tallies and not a listener): the link does its work and announces
 * it; it counts nothing itself.
 */
import type { LinkDirectionTaps } from './link-taps';

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

/**
 * The counters of the direction whose taps are `taps`, now.
 * @param inFlightFrames frames on the wire now: state of the wire, which no tap announces, so the link gives it
 *   (and the balance of framesSent stays a check of the taps)
 */
export function linkDirectionCounters(taps: LinkDirectionTaps, inFlightFrames: number): LinkDirectionCounters {
  return {
    framesOffered: taps.offered.frames,
    framesSent: taps.sent.frames,
    bytesSent: taps.sent.bytes,
    framesDelivered: taps.received.frames,
    bytesDelivered: taps.received.bytes,
    dropsQueue: taps.dropped.count('queue'),
    dropsLoss: taps.dropped.count('loss'),
    dropsDown: taps.dropped.count('down'),
    dropsDownInFlight: taps.dropped.count('down-in-flight'),
    dropsOversize: taps.dropped.count('oversize'),
    maxQueueFrames: taps.queueChanged.maxFrames,
    queueFrames: taps.queueChanged.frames,
    queueBytes: taps.queueChanged.bytes,
    inFlightFrames,
  };
}
