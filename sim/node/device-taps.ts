// SPDX-License-Identifier: GPL-2.0-only
/**
 * The taps of a node's device (see sim/core/tap.ts for the contract and
 * sim/net/frame-tap.ts for the events).  Both directions are seen at the
 * simulated time the frame crossed the device: a transmitted frame when
 * the kernel handed it over (before the link queues it), a received one
 * when the link delivered it (also when the node is dead: it was on the
 * wire).  A frame seen by `sent` or `received` may then be seen by
 * `dropped` when it went no further.
 */
import type { TapFailureSink } from '../core/tap';
import { DropTap, FrameTap } from '../net/frame-tap';
import type { DropTapView, FrameTapView } from '../net/frame-tap';

/**
 * Why a device dropped a frame:
 * - `unconnected`: the kernel transmitted it on a device no link is connected to;
 * - `node-dead`: a link delivered it to a node whose kernel has died.
 */
export type DeviceDropCause = 'unconnected' | 'node-dead';

/** What observers of a device see. */
export interface DeviceTaps {
  /** The node's kernel transmitted this frame on the device. */
  readonly sent: FrameTapView;
  /** A link delivered this frame to the device. */
  readonly received: FrameTapView;
  /** The frame went no further. */
  readonly dropped: DropTapView<DeviceDropCause>;
}

/** The device's side of {@link DeviceTaps}: the emitters. */
export class DeviceTapSources implements DeviceTaps {
  readonly sent: FrameTap;
  readonly received: FrameTap;
  readonly dropped: DropTap<DeviceDropCause>;

  /**
   * @param where the device, for the taps' names ("node r1 eth0")
   * @param failures told when a listener throws (the simulator)
   */
  constructor(where: string, failures: TapFailureSink) {
    this.sent = new FrameTap(`${where} sent`, failures);
    this.received = new FrameTap(`${where} received`, failures);
    this.dropped = new DropTap(`${where} dropped`, failures);
  }
}
