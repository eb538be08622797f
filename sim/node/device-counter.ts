// SPDX-License-Identifier: GPL-2.0-only
/**
 * The frame counters of one device, as summary.json reports them, counted
 * by a subscriber of the device's taps.
 */
import type { DeviceDropCause, DeviceTaps } from './device-taps';

/** Frame counters of one device, plain numbers (JSON-able). */
export interface NodeDeviceCounters {
  /** Frames the kernel transmitted on this device. */
  txFrames: number;
  /** Bytes of `txFrames`. */
  txBytes: number;
  /** Transmitted frames dropped because no link was connected. */
  txDropsUnconnected: number;
  /** Frames a link delivered to this device. */
  rxFrames: number;
  /** Bytes of `rxFrames`. */
  rxBytes: number;
  /** Delivered frames dropped because the node's kernel had died. */
  rxDropsDead: number;
}

/** Who the counters are, in a TapSubscriberError. */
const SUBSCRIBER = 'device counters';

/** Counts a device's frames from its taps. */
export class DeviceCounter {
  private readonly counts: NodeDeviceCounters = {
    txFrames: 0,
    txBytes: 0,
    txDropsUnconnected: 0,
    rxFrames: 0,
    rxBytes: 0,
    rxDropsDead: 0,
  };

  /** Subscribes to every tap of `taps`. */
  constructor(taps: DeviceTaps) {
    taps.sent.subscribe(SUBSCRIBER, (e) => {
      this.counts.txFrames++;
      this.counts.txBytes += e.frame.length;
    });
    taps.received.subscribe(SUBSCRIBER, (e) => {
      this.counts.rxFrames++;
      this.counts.rxBytes += e.frame.length;
    });
    taps.dropped.subscribe(SUBSCRIBER, (e) => {
      const cause: DeviceDropCause = e.cause;
      if (cause === 'unconnected') this.counts.txDropsUnconnected++;
      else this.counts.rxDropsDead++;
    });
  }

  /** A snapshot of the counters. */
  snapshot(): NodeDeviceCounters {
    return { ...this.counts };
  }
}
