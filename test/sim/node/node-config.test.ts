// SPDX-License-Identifier: GPL-2.0-only
/** node-config against a real kernel: what a NodeSpec asks for is what the kernel then has. */
import { expect } from 'chai';
import { Simulator } from '../../../sim/core/simulator';
import { DEBUG_OP, WILD_ACCESS } from '../../../sim/kernel/debug-ops';
import { KernelError, KernelFaultError } from '../../../sim/kernel/errors';
import { SYS } from '../../../sim/kernel/syscall-numbers';
import { Node } from '../../../sim/node/node';
import { configureNode, createInterfaces, interfaceMac } from '../../../sim/node/node-config';
import { NodeConfigError } from '../../../sim/node/node-config-error';
import { NodeStateError } from '../../../sim/node/node-state-error';
import { Rtnetlink } from '../../../sim/node/rtnetlink';
import { sockaddr } from '../../../sim/node/sockaddr';
import { hostSpec } from '../../helpers/two-nodes';

const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_DGRAM = 2;

describe('node-config (real liblinux)', () => {
  let sim: Simulator;
  let node: Node;

  beforeEach(() => {
    sim = new Simulator();
    node = new Node(sim, 'r1', 5n);
    node.boot();
  });
  afterEach(() => node.close());

  it('derives locally administered unicast MACs from node and interface names', () => {
    const m = interfaceMac('r1', 'eth0');
    expect(m.length).to.equal(6);
    expect(m[0]).to.equal(0x02);
    expect([...interfaceMac('r1', 'eth0')]).to.deep.equal([...m]);
    expect([...interfaceMac('r1', 'eth1')]).to.not.deep.equal([...m]);
    expect([...interfaceMac('r2', 'eth0')]).to.not.deep.equal([...m]);
  });

  it('creates devices in name order with MTU, addresses, sysctls and routes', async () => {
    const spec = hostSpec('r1', 1, {
      interfaces: [
        { name: 'eth1', mtu: 1400, addresses: [{ family: 4, address: '10.1.0.1', prefixLength: 24 }] },
        ...hostSpec('r1', 1).interfaces,
      ],
      sysctls: [['net.ipv4.ip_forward', '1']],
      routes: [
        {
          to: { family: 4, address: '10.9.0.0', prefixLength: 16 },
          family: 4,
          via: '10.0.0.2',
          dev: null,
          metric: 10,
          table: null,
        },
        { to: null, family: 6, via: 'fd00::2', dev: 'eth0', metric: null, table: null },
      ],
    });
    const devices = configureNode(node, spec);
    expect([...devices.keys()]).to.deep.equal(['eth0', 'eth1']);
    const eth0 = devices.get('eth0')!;
    const eth1 = devices.get('eth1')!;
    expect(eth0.ifindex).to.be.lessThan(eth1.ifindex);
    expect(eth0.macText).to.equal(
      [...interfaceMac('r1', 'eth0')].map((b) => b.toString(16).padStart(2, '0')).join(':'),
    );
    expect(node.sysctlGet('net.ipv6.conf.eth1.mtu')).to.equal('1400');
    expect(node.sysctlGet('net.ipv4.ip_forward')).to.equal('1');

    const task = node.createTask();
    const addrs = node.enter('dump', (k, now) => {
      const rtnl = new Rtnetlink(k, task, () => now);
      try {
        return rtnl.dumpAddresses().map((a) => `${a.ifindex} ${a.address}/${a.prefixLength}`);
      } finally {
        rtnl.close();
      }
    });
    expect(addrs).to.include.members([
      `${eth0.ifindex} 10.0.0.1/24`,
      `${eth0.ifindex} fd00::1/64`,
      `${eth1.ifindex} 10.1.0.1/24`,
    ]);

    // Routes, seen through route lookups: connect() on a UDP socket.
    const connect = async (family: number, to: string): Promise<string> => {
      const fd = Number(await node.syscall(task, SYS.socket, [family, SOCK_DGRAM, 0]));
      const sa = sockaddr(to, 9);
      try {
        await node.syscall(task, SYS.connect, [fd, sa, sa.length]);
        return 'ok';
      } catch (e) {
        return (e as KernelError).code;
      } finally {
        await node.syscall(task, SYS.close, [fd]);
      }
    };
    expect(await connect(AF_INET, '10.9.3.4')).to.equal('ok');
    expect(await connect(AF_INET, '10.8.3.4')).to.equal('ENETUNREACH');
    expect(await connect(AF_INET6, '2001:db8::1')).to.equal('ok');
  });

  it('names the node and item the kernel refused, with the KernelError as cause', () => {
    const spec = hostSpec('r1', 1, {
      routes: [
        {
          to: { family: 4, address: '10.9.0.0', prefixLength: 16 },
          family: 4,
          via: '192.168.7.7',
          dev: null,
          metric: null,
          table: null,
        },
      ],
    });
    let err: unknown = null;
    try {
      configureNode(node, spec);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(NodeConfigError);
    expect((err as Error).message).to.match(/^node r1: route 10\.9\.0\.0\/16 via 192\.168\.7\.7: .*ENETUNREACH/);
    expect((err as Error).cause).to.be.instanceOf(KernelError);
  });

  it('refuses a route on a device the node does not have', () => {
    const spec = hostSpec('r1', 1, {
      routes: [
        {
          to: { family: 4, address: '10.9.0.0', prefixLength: 16 },
          family: 4,
          via: null,
          dev: 'eth7',
          metric: null,
          table: null,
        },
      ],
    });
    expect(() => configureNode(node, spec)).to.throw(
      NodeConfigError,
      'node r1: route 10.9.0.0/16 dev eth7: no device eth7',
    );
  });

  it('gives a node whose kernel died the devices it lacks on the host side only, where links can attach', () => {
    const spec = hostSpec('r1', 1, {
      interfaces: [{ name: 'eth1', mtu: 1400, addresses: [] }, ...hostSpec('r1', 1).interfaces],
    });
    expect(() => node.addDeadDevice('eth0', interfaceMac('r1', 'eth0'), 0)).to.throw(
      NodeStateError,
      /while its kernel lives/,
    );
    const eth0 = createInterfaces(node, { ...spec, interfaces: spec.interfaces.filter((i) => i.name === 'eth0') })[0]!;
    expect(() => node.enter('fault', (k, now) => k.debug(DEBUG_OP.fault, BigInt(WILD_ACCESS.write), now))).to.throw(
      KernelFaultError,
    );
    const devices = createInterfaces(node, spec);
    expect(devices.map((d) => [d.name, d.mtu])).to.deep.equal([
      ['eth0', 1500],
      ['eth1', 1400],
    ]);
    expect(devices[0]).to.equal(eth0);
    expect(devices[1]!.ifindex).to.equal(0);
    expect(devices[1]!.macText).to.equal(
      [...interfaceMac('r1', 'eth1')].map((b) => b.toString(16).padStart(2, '0')).join(':'),
    );
    devices[1]!.receive(Buffer.alloc(60));
    expect(devices[1]!.counters()).to.include({ rxFrames: 1, rxDropsDead: 1 });
    expect(() => node.addDeadDevice('eth1', interfaceMac('r1', 'eth1'), 0)).to.throw(NodeStateError, /already exists/);
  });
});
