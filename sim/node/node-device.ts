// SPDX-License-Identifier: GPL-2.0-only
/**
 * A node's virtual Ethernet device as the rest of the simulator sees it:
 * the LinkPort a link delivers frames to, and the owner of the LinkEnd the
 * node's transmitted frames go out on.  The kernel side of the device is a
 * liblinux netdev (lib_netdev_create); this object only moves frames
 * between it and the link, traces them and counts what it could not move.
 */
import type { PcapWriter } from '../../traces/pcap-writer';
import type { LinkEnd, LinkPort } from '../net/link-port';

/**
 * What a device needs from its node.  An interface rather than the Node
 * class so that node.ts and this file do not import each other.
 */
export interface DeviceHost {
  /** The node's name, for messages. */
  readonly name: string;
  /** Current simulated time (ns): the time frames are traced at. */
  now(): bigint;
  /** Whether the node's kernel has died (frames to it are then dropped). */
  isDead(): boolean;
  /** Enters the kernel with a frame that arrived on `device` now. */
  deliverFrame(device: NodeDevice, frame: Buffer): void;
  /** Enters the kernel to set `device`'s carrier. */
  setDeviceCarrier(device: NodeDevice, up: boolean): void;
}

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

/**
 * One device of a node.  Created by Node.addDevice(); connect() it to a
 * link end, optionally trace() it to a pcap file.
 *
 * Tracing: both directions go to the one writer, each at the simulated time
 * it crossed the device -- a transmitted frame when the kernel handed it
 * over (before the link queues it), a received frame when the link
 * delivered it (also when the node is dead: it was on the wire).
 */
export class NodeDevice implements LinkPort {
  private readonly macBytes: Uint8Array;
  private end: LinkEnd | null = null;
  private writer: PcapWriter | null = null;
  private readonly stats: NodeDeviceCounters = {
    txFrames: 0,
    txBytes: 0,
    txDropsUnconnected: 0,
    rxFrames: 0,
    rxBytes: 0,
    rxDropsDead: 0,
  };

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

  /**
   * Records every frame crossing this device, both directions, in `writer`
   * (opened by the caller, who also closes it).  null stops tracing.
   */
  trace(writer: PcapWriter | null): void {
    this.writer = writer;
  }

  /** A snapshot of the counters. */
  counters(): NodeDeviceCounters {
    return { ...this.stats };
  }

  /** LinkPort: the link delivers a frame now; the node's kernel receives it. */
  receive(frame: Buffer): void {
    this.stats.rxFrames++;
    this.stats.rxBytes += frame.length;
    this.writer?.write(this.host.now(), frame);
    if (this.host.isDead()) {
      this.stats.rxDropsDead++;
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
   * after an entry: traced, then offered to the link.  Not for other
   * callers (it is public only for the node).
   * @internal
   */
  transmit(frame: Buffer): void {
    this.stats.txFrames++;
    this.stats.txBytes += frame.length;
    this.writer?.write(this.host.now(), frame);
    if (this.end === null) {
      this.stats.txDropsUnconnected++;
      return;
    }
    this.end.send(frame);
  }
}
