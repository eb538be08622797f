// SPDX-License-Identifier: GPL-2.0-only
/**
 * The contract between a node's device and the link it is attached to.
 * Both sides are driven by the one Simulator: calls happen inside
 * simulator events, at the simulator's current time.
 */

/** A device as a link sees it: where frames arriving at that end go. */
export interface LinkPort {
  /** The frame has fully arrived at this end, now.  The port takes the buffer over. */
  receive(frame: Buffer): void;
}

/** A link end as a device sees it: where the device's frames go. */
export interface LinkEnd {
  /**
   * The device starts transmitting `frame` now (it may queue or drop it).
   * The link takes the buffer over: the caller must not change it
   * afterwards (frames are not copied on their way through the network).
   */
  send(frame: Buffer): void;
}
