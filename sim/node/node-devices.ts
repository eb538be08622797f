// SPDX-License-Identifier: GPL-2.0-only
/**
 * A node's devices: the kernel netdev and NodeDevice made for each
 * interface, found by name (for the node's users) and by ifindex (for the
 * frames the kernel transmits).  Node's part for its interfaces.
 */
import type { Logger } from '../core/logger';
import type { TransmittedFrame } from '../kernel/liblinux';
import type { KernelEntries } from './kernel-entries';
import { NodeDevice } from './node-device';
import type { DeviceHost } from './node-device';
import { NodeStateError } from './node-state-error';

/** The devices of one node.  Made and used by Node only. */
export class NodeDevices {
  private readonly byIndex = new Map<number, NodeDevice>();
  private readonly byName = new Map<string, NodeDevice>();

  /**
   * @param host the node, which the devices belong to
   * @param entries the node's entries, through which a device is created in the kernel
   * @param log the node's logger
   */
  constructor(
    private readonly host: DeviceHost,
    private readonly entries: KernelEntries,
    private readonly log: Logger | undefined,
  ) {}

  /** Node.addDevice(). */
  add(ifname: string, mac: Uint8Array, mtu: number): NodeDevice {
    this.checkFree(ifname);
    const ifindex = this.entries.enter('addDevice', (k, now) => k.netdevCreate(ifname, mac, mtu, now));
    const device = new NodeDevice(this.host, ifname, ifindex, mac, mtu === 0 ? 1500 : mtu);
    this.byIndex.set(ifindex, device);
    this.byName.set(ifname, device);
    return device;
  }

  /** Node.addDeadDevice(). */
  addDead(ifname: string, mac: Uint8Array, mtu: number): NodeDevice {
    if (!this.entries.isDead()) {
      throw new NodeStateError(`node ${this.host.name}: addDeadDevice(${ifname}) while its kernel lives`);
    }
    this.checkFree(ifname);
    // ifindex 0: no kernel device, so nothing the kernel sends names it.
    const device = new NodeDevice(this.host, ifname, 0, mac, mtu === 0 ? 1500 : mtu);
    this.byName.set(ifname, device);
    return device;
  }

  /** The device named `ifname`, or undefined. */
  get(ifname: string): NodeDevice | undefined {
    return this.byName.get(ifname);
  }

  /** All devices, in name order. */
  all(): NodeDevice[] {
    return [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Step (a) of an entry: a frame the kernel transmitted goes out on its device. */
  transmitted(f: TransmittedFrame): void {
    const device = this.byIndex.get(f.ifindex);
    // Only devices created through add() exist (and loopback, which never transmits here).
    if (device === undefined) this.log?.warn({ ifindex: f.ifindex }, 'frame on an unknown device dropped');
    else device.transmit(f.data);
  }

  private checkFree(ifname: string): void {
    if (this.byName.has(ifname)) throw new NodeStateError(`node ${this.host.name}: device ${ifname} already exists`);
  }
}
