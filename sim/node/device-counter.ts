// SPDX-License-Identifier: GPL-2.0-only
/**
 * The frame counters of one device, as summary.json reports them, read
 * from the tallies of the device's taps (sim/net/frame-tap.ts says why
 * tallies and not a listener).
 */
import type { DeviceTaps } from './device-taps';

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

/** The counters of the device whose taps are `taps`, now. */
export function deviceCounters(taps: DeviceTaps): NodeDeviceCounters {
  return {
    txFrames: taps.sent.frames,
    txBytes: taps.sent.bytes,
    txDropsUnconnected: taps.dropped.count('unconnected'),
    rxFrames: taps.received.frames,
    rxBytes: taps.received.bytes,
    rxDropsDead: taps.dropped.count('node-dead'),
  };
}
