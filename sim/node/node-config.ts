// SPDX-License-Identifier: GPL-2.0-only
/**
 * Applies a topology's NodeSpec to a booted Node, through the kernel's own
 * interfaces only: devices with lib_netdev_create, sysctls with
 * lib_sysctl_set, links, addresses and routes with rtnetlink requests
 * (Rtnetlink) sent from a configuration task inside the node -- what
 * `ip link/addr/route` and `sysctl` would do on a real host.
 *
 * Order, and why:
 * 1. devices, in interface-name order (ifindexes then follow name order,
 *    the same every run), created down;
 * 2. sysctls, in the order written: per-device knobs
 *    (net.ipv6.conf.eth0.*) need the device to exist, and knobs that
 *    govern bring-up (accept_dad, disable_ipv6, forwarding) must be set
 *    before the link comes up;
 * 3. per interface, in name order: link up, then its addresses in the order
 *    written (IPv6 ones with IFA_F_NODAD, so they are usable at once
 *    instead of after a second of duplicate address detection);
 * 4. routes, in the order written (their gateways need the connected
 *    routes of step 3).
 */
import { fnv1a64 } from '../core/rng';
import { KernelFaultError } from '../kernel/errors';
import type { IpPrefix } from './ip-prefix';
import type { SourceRef } from '../core/source-ref';
import { quote } from '../core/quote';
import type { Node } from './node';
import { NodeConfigError } from './node-config-error';
import type { InterfaceSpec, NodeSpec, RouteSpec as TopologyRouteSpec } from './node-params';
import type { NodeDevice } from './node-device';
import { Rtnetlink } from './rtnetlink';
import type { RouteSpec as RtnetlinkRouteSpec } from './rtnetlink';

/**
 * The MAC address of interface `ifname` of node `node`: 02:h1:h2:h3:h4:h5,
 * where h1..h5 are the low 40 bits of FNV-1a-64("node/ifname"), big-endian.
 * 0x02 as first byte makes it a locally administered (bit 1) unicast
 * (bit 0 clear) address, so it never collides with a vendor's.  A function
 * of the two names only -- not of creation order or seed -- so a node keeps
 * its MACs (and its link-local IPv6 addresses) when the topology around it
 * changes.  Two interfaces collide with probability ~n²/2^41, negligible for
 * simulated networks; the caller may check uniqueness across the topology.
 */
export function interfaceMac(node: string, ifname: string): Uint8Array {
  const h = fnv1a64(`${node}/${ifname}`);
  const mac = new Uint8Array(6);
  mac[0] = 0x02;
  for (let i = 0; i < 5; i++) mac[1 + i] = Number((h >> BigInt(8 * (4 - i))) & 0xffn);
  return mac;
}

/**
 * Step 1 alone: creates the node's devices (interface-name order) that do
 * not exist yet, with interfaceMac() and the spec's MTU.  For callers that
 * attach links to the devices before configuring addresses (so that the
 * frames bring-up sends reach the wire); configureNode() calls it too.
 * On a node whose kernel is dead the devices it lacks are made on the host
 * side only (Node.addDeadDevice()), so that its links still attach: called
 * again after a fault, it completes the set.
 * @returns every device of the spec, in interface-name order
 * @throws NodeConfigError, KernelFaultError
 */
export function createInterfaces(node: Node, spec: NodeSpec): NodeDevice[] {
  return sortedInterfaces(spec).map((iface) => {
    const existing = node.device(iface.name);
    if (existing !== undefined) return existing;
    const mac = interfaceMac(node.name, iface.name);
    if (node.isDead()) return node.addDeadDevice(iface.name, mac, iface.mtu ?? 0);
    return attempt(
      node,
      `interface ${iface.name}`,
      () => node.addDevice(iface.name, mac, iface.mtu ?? 0),
      iface.source,
    );
  });
}

/**
 * Applies the whole spec to a booted node (see the file comment for the
 * order).  Devices that already exist (from createInterfaces()) are reused.
 * @returns the devices by interface name
 * @throws NodeConfigError naming the node and the item the kernel refused
 *   (cause: the KernelError), KernelFaultError if the kernel dies
 */
export function configureNode(node: Node, spec: NodeSpec): Map<string, NodeDevice> {
  const devices = createInterfaces(node, spec);
  const byName = new Map(devices.map((d) => [d.name, d] as const));

  for (const [name, value, source] of spec.sysctls) {
    attempt(node, `sysctl ${name}=${quote(value)}`, () => node.sysctl(name, value), source);
  }

  const task = attempt(node, 'configuration task', () => node.createTask());
  // One entry for all requests: rtnetlink handles each inside its sendto, so
  // nothing needs simulated time to pass between them.
  node.enter('configure', (kernel, now) => {
    const rtnl = new Rtnetlink(kernel, task, () => now);
    try {
      for (const iface of sortedInterfaces(spec)) {
        const dev = byName.get(iface.name)!;
        attempt(node, `interface ${iface.name}: link up`, () => rtnl.linkSetUp(dev.ifindex, true), iface.source);
        for (const a of iface.addresses) {
          const cidr = prefixText(a);
          attempt(node, `interface ${iface.name}: address ${cidr}`, () => rtnl.addAddress(dev.ifindex, cidr), a.source);
        }
      }
      for (const r of spec.routes) {
        const route = toRtnetlinkRoute(node, r, byName);
        attempt(node, `route ${describeRoute(r)}`, () => rtnl.addRoute(route), r.source);
      }
    } finally {
      rtnl.close();
    }
  });
  return byName;
}

function sortedInterfaces(spec: NodeSpec): InterfaceSpec[] {
  return [...spec.interfaces].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function prefixText(p: IpPrefix): string {
  return `${p.address}/${p.prefixLength}`;
}

function describeRoute(r: TopologyRouteSpec): string {
  const to = r.to === null ? 'default' : prefixText(r.to);
  return `${to}${r.via !== null ? ` via ${r.via}` : ''}${r.dev !== null ? ` dev ${r.dev}` : ''}`;
}

/** The topology's route as an rtnetlink request: device name to ifindex, default to 0/0 of its family. */
function toRtnetlinkRoute(
  node: Node,
  r: TopologyRouteSpec,
  devices: ReadonlyMap<string, NodeDevice>,
): RtnetlinkRouteSpec {
  const route: RtnetlinkRouteSpec = { to: r.to === null ? (r.family === 6 ? '::/0' : '0.0.0.0/0') : prefixText(r.to) };
  if (r.via !== null) route.via = r.via;
  if (r.dev !== null) {
    const dev = devices.get(r.dev) ?? node.device(r.dev);
    if (dev === undefined) {
      throw new NodeConfigError(node.name, `route ${describeRoute(r)}`, `no device ${r.dev}`, { source: r.source });
    }
    route.dev = dev.ifindex;
  }
  if (r.metric !== null) route.metric = r.metric;
  if (r.table !== null) route.table = r.table;
  return route;
}

/**
 * Runs one configuration step; anything but a fault becomes a NodeConfigError naming the item and where
 * it is in the topology file (`source`), else the node.
 */
function attempt<T>(node: Node, item: string, fn: () => T, source?: SourceRef): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof KernelFaultError) throw e;
    if (e instanceof NodeConfigError) throw e;
    throw new NodeConfigError(node.name, item, (e as Error).message, { cause: e, source });
  }
}
