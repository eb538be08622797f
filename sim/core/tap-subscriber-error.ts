// SPDX-License-Identifier: GPL-2.0-only
/** The error a run ends with when a tap's listener throws. */
import { InternalError } from './errors';
import { formatTime } from './time';
import type { SimTime } from './time';

/**
 * A tap's listener threw: the run ends with this error (see sim/core/tap.ts
 * for why it is not let through the model, nor ignored).  The listener's
 * own error is the `cause`.  A listener is our code (pcaps) or a library
 * user's: exit 70, as for any failure that is not the input's.
 */
export class TapSubscriberError extends InternalError {
  override readonly name = 'TapSubscriberError';

  /**
   * @param subscriber who had subscribed ("pcap/a-eth0.pcap")
   * @param tap the tap's name
   * @param time the simulated time of the event it failed on
   * @param cause what the listener threw
   */
  constructor(
    readonly subscriber: string,
    readonly tap: string,
    readonly time: SimTime,
    cause: unknown,
  ) {
    super(
      `${subscriber}, subscribed to ${tap}, failed at ${formatTime(time)}: ` +
        `${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
