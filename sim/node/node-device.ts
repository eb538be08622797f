// SPDX-License-Identifier: GPL-2.0-only
/**
 * A node's virtual Ethernet device as the rest of the simulator sees it:
 * the LinkPort a link delivers frames to, and the owner of the LinkEnd the
 * node's transmitted frames go out on.  The kernel side of the device is a
 * liblinux netdev (lib_netdev_create); this object only moves frames
 * between it and the link and announces them on its taps: its counters
 * are read from them, pcap traces and any other observer subscribe.
 */
import type { TapFailureSink } from '../core/tap';
import type { LinkEnd, LinkPort } from '../net/link-port';
import { deviceCounters } from './device-counter';
import type { NodeDeviceCounters } from './device-counter';
import { DeviceTapSources } from './device-taps';
import type { DeviceTaps } from './device-taps';

/**
 * What a device needs from its node.  An interface rather than the Node
 * class so that node.ts and this file do not import each other.
 */
export interface DeviceHost {
  /** The node's name, for messages. */
  readonly name: string;
  /** Current simulated time (ns): the time frames are announced at. */
  now(): bigint;
  /** Where the device's taps report a listener that threw: the simulator. */
  readonly tapFailures: TapFailureSink;
  /** Whether the node's kernel has died (frames to it are then dropped). */
  isDead(): boolean;
  /** Enters the kernel with a frame that arrived on `device` now. */
  deliverFrame(device: NodeDevice, frame: Buffer): void;
  /** Enters the kernel to set `device`'s carrier. */
  setDeviceCarrier(device: NodeDevice, up: boolean): void;
}

/**
 * One device of a node.  Created by Node.addDevice(); connect() it to a
 * link end; observers subscribe to its `taps` (sim/node/device-taps.ts).
 */
export class NodeDevice implements LinkPort {
  private readonly macBytes: Uint8Array;
  private end: LinkEnd | null = null;
  private readonly sources: DeviceTapSources;

  /**
   * @param host the node the device belongs to
   * @param name the interface name inside the kernel ("eth0")
   * @param ifindex the kernel's ifindex for it
   * @param mac its MAC address (6 bytes; copied)
   * @param mtu its MTU as created (0 meant the kernel's default, 1500)
   */
  constructor(
    private readonly host: DeviceHost,
    readonly name: string,
    readonly ifindex: number,
    mac: Uint8Array,
    readonly mtu: number,
  ) {
    this.macBytes = Uint8Array.from(mac);
    this.sources = new DeviceTapSources(`node ${host.name} ${name}`, host.tapFailures);
  }

  /** What crosses the device: frames sent, received and dropped (sim/node/device-taps.ts). */
  get taps(): DeviceTaps {
    return this.sources;
  }

  /** The MAC address (a copy). */
  get mac(): Uint8Array {
    return Uint8Array.from(this.macBytes);
  }

  /** The MAC address as text, "02:1a:2b:3c:4d:5e". */
  get macText(): string {
    return Array.from(this.macBytes, (b) => b.toString(16).padStart(2, '0')).join(':');
  }

  /** The node's name. */
  get nodeName(): string {
    return this.host.name;
  }

  /** Whether a link end is connected. */
  get connected(): boolean {
    return this.end !== null;
  }

  /**
   * Connects the link end this device transmits on (what a link's
   * attach() returned).  Replaces a previous one.
   */
  connect(end: LinkEnd): void {
    this.end = end;
  }

  /** A snapshot of the counters. */
  counters(): NodeDeviceCounters {
    return deviceCounters(this.sources);
  }

  /** LinkPort: the link delivers a frame now; the node's kernel receives it. */
  receive(frame: Buffer): void {
    const now = this.host.now();
    this.sources.received.emitFrame(now, frame);
    if (this.host.isDead()) {
      this.sources.dropped.emitDrop(now, frame, 'node-dead');
      return;
    }
    this.host.deliverFrame(this, frame);
  }

  /**
   * Link detected or not (e.g. from a link's state changes): the kernel sees
   * carrier loss as real hardware would report it.
   */
  setCarrier(up: boolean): void {
    this.host.setDeviceCarrier(this, up);
  }

  /**
   * A frame the kernel transmitted on this device, drained by the node
   * after an entry: announced, then offered to the link.  Not for other
   * callers (it is public only for the node).
   * @internal
   */
  transmit(frame: Buffer): void {
    const now = this.host.now();
    this.sources.sent.emitFrame(now, frame);
    if (this.end === null) {
      this.sources.dropped.emitDrop(now, frame, 'unconnected');
      return;
    }
    this.end.send(frame);
  }
}
