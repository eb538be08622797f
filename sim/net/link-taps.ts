// SPDX-License-Identifier: GPL-2.0-only
/**
 * The taps of one direction of a point-to-point link (see
 * sim/core/tap.ts for the contract and sim/net/frame-tap.ts for the
 * events).  Every frame a device offers is seen by `offered`, then either
 * by `dropped` or by `sent`; a sent frame is then seen by `received` or
 * by `dropped` (lost, or on the wire when the link went down).
 */
import type { TapFailureSink } from '../core/tap';
import { DropTap, FrameTap, QueueTap } from './frame-tap';
import type { DropTapView, FrameTapView, QueueTapView } from './frame-tap';

/**
 * Why a link dropped a frame:
 * - `oversize`: longer than its mtu plus the Ethernet header and a VLAN tag;
 * - `down`: offered while the link was down, or waiting in the queue when it went down;
 * - `queue`: the drop-tail queue was full;
 * - `loss`: lost on the wire by the random loss model (seen when it would have arrived);
 * - `down-in-flight`: on the wire (serializing or propagating) when the link went down.
 */
export type LinkDropCause = 'oversize' | 'down' | 'queue' | 'loss' | 'down-in-flight';

/** What observers of one direction see. */
export interface LinkDirectionTaps {
  /** A device handed the link this frame, whatever becomes of it. */
  readonly offered: FrameTapView;
  /** The frame starts onto the wire (its serialization begins). */
  readonly sent: FrameTapView;
  /** The frame has fully arrived at the far device, which gets it now. */
  readonly received: FrameTapView;
  /** The frame went no further. */
  readonly dropped: DropTapView<LinkDropCause>;
  /** The frames waiting for the transmitter changed (the one being serialized not included). */
  readonly queueChanged: QueueTapView;
}

/** The link's side of {@link LinkDirectionTaps}: the emitters. */
export class LinkDirectionTapSources implements LinkDirectionTaps {
  readonly offered: FrameTap;
  readonly sent: FrameTap;
  readonly received: FrameTap;
  readonly dropped: DropTap<LinkDropCause>;
  readonly queueChanged: QueueTap;

  /**
   * @param where the direction, for the taps' names ("link r1-r2 a->b")
   * @param failures told when a listener throws (the simulator)
   */
  constructor(where: string, failures: TapFailureSink) {
    this.offered = new FrameTap(`${where} offered`, failures);
    this.sent = new FrameTap(`${where} sent`, failures);
    this.received = new FrameTap(`${where} received`, failures);
    this.dropped = new DropTap(`${where} dropped`, failures);
    this.queueChanged = new QueueTap(`${where} queue`, failures);
  }
}
