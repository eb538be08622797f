// SPDX-License-Identifier: GPL-2.0-only
/**
 * Rtnetlink against real kernels: two instances, one device each, joined
 * by a loop in the test that carries each one's transmitted frames to the
 * other.  All configuration goes through Rtnetlink.
 */
import { expect } from 'chai';
import { LibLinux, TransmittedFrame } from '../../../sim/kernel/liblinux';
import { SYS } from '../../../sim/kernel/syscall-numbers';
import { IpAddressError } from '../../../sim/node/ip-address';
import { RT } from '../../../sim/node/netlink-message';
import { Rtnetlink } from '../../../sim/node/rtnetlink';
import { boot, callNow, kernelErrorOf, sockaddrIn } from '../../helpers/kernel-harness';

const AF_INET = 2;
const SOCK_DGRAM = 2;
const ETH_P_ARP = 0x0806;
const ETH_P_IP = 0x0800;
const STEP = 100_000n; // 100 us between deliveries

interface Node {
  k: LibLinux;
  task: number;
  ifindex: number;
  rtnl: Rtnetlink;
}

function makeNode(seed: bigint, mac: number[], cidr: string): Node {
  const k = boot(seed);
  const task = k.taskCreate(0, k.now());
  const ifindex = k.netdevCreate('eth0', Uint8Array.from(mac), 0, k.now());
  const rtnl = new Rtnetlink(k, task);
  rtnl.addAddress(ifindex, cidr);
  rtnl.linkSetUp(ifindex, true);
  return { k, task, ifindex, rtnl };
}

function ethertype(f: TransmittedFrame): number {
  return ((f.data[12] as number) << 8) | (f.data[13] as number);
}

describe('Rtnetlink (real liblinux)', () => {
  let a: Node;
  let b: Node;

  before(() => {
    a = makeNode(11n, [0x02, 0, 0, 0, 0, 0x01], '10.0.0.1/24');
    b = makeNode(12n, [0x02, 0, 0, 0, 0, 0x02], '10.0.0.2/24');
  });
  after(() => {
    a.k.close();
    b.k.close();
  });

  it('reads back the IPv4 address it added', () => {
    const v4 = a.rtnl.dumpAddresses(4);
    expect(v4.map((e) => e.family)).to.not.include(6);
    const mine = v4.find((e) => e.address === '10.0.0.1');
    expect(mine).to.not.equal(undefined);
    expect({ ifindex: mine!.ifindex, family: mine!.family, prefixLength: mine!.prefixLength }).to.deep.equal({
      ifindex: a.ifindex,
      family: 4,
      prefixLength: 24,
    });
    // Loopback's address is there too, on ifindex 1.
    expect(v4.some((e) => e.address === '127.0.0.1' && e.ifindex === 1 && e.prefixLength === 8)).to.equal(true);
    expect(b.rtnl.dumpAddresses(4).some((e) => e.address === '10.0.0.2' && e.ifindex === b.ifindex)).to.equal(true);
  });

  it('reports the kernel refusing a request as KernelError naming the operation', () => {
    const dup = kernelErrorOf(() => a.rtnl.addAddress(a.ifindex, '10.0.0.1/24'));
    expect(dup.code).to.equal('EEXIST');
    expect(dup.operation).to.equal(`rtnetlink addAddress(${a.ifindex}, 10.0.0.1/24)`);
    const nodev = kernelErrorOf(() => a.rtnl.linkSetUp(999, true));
    expect(nodev.code).to.equal('ENODEV');
    expect(nodev.message).to.match(/^rtnetlink linkSetUp\(999, true\): ENODEV \(19\)$/);
  });

  it('carries a UDP datagram between the instances after ARP resolves', () => {
    const rx = Number(callNow(b.k, b.task, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
    callNow(b.k, b.task, SYS.bind, [rx, sockaddrIn('10.0.0.2', 7000), 16]);
    const buf = Buffer.alloc(64);
    const from = Buffer.alloc(16);
    const fromLen = Buffer.alloc(4);
    fromLen.writeUInt32LE(16);
    expect(b.k.syscall(b.task, SYS.recvfrom, [rx, buf, buf.length, 0, from, fromLen], b.k.now()).state).to.equal(
      'pending',
    );

    const tx = Number(callNow(a.k, a.task, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
    const payload = Buffer.from('hello, b');
    // sendto returns at once: the datagram waits in the neighbour queue for ARP.
    expect(
      callNow(a.k, a.task, SYS.sendto, [tx, payload, payload.length, 0, sockaddrIn('10.0.0.2', 7000), 16]),
    ).to.equal(BigInt(payload.length));

    const seen: Array<{ from: 'a' | 'b'; frame: TransmittedFrame }> = [];
    let t = a.k.now() > b.k.now() ? a.k.now() : b.k.now();
    let done: ReturnType<LibLinux['completions']> = [];
    for (let i = 0; i < 2000 && done.length === 0; i++) {
      t += STEP;
      const fromA = a.k.netdevTransmitted();
      const fromB = b.k.netdevTransmitted();
      fromA.forEach((frame) => seen.push({ from: 'a', frame }));
      fromB.forEach((frame) => seen.push({ from: 'b', frame }));
      b.k.netdevReceive(
        fromA.map((f) => ({ ifindex: b.ifindex, data: f.data })),
        t,
      );
      a.k.netdevReceive(
        fromB.map((f) => ({ ifindex: a.ifindex, data: f.data })),
        t,
      );
      a.k.run(t);
      b.k.run(t);
      done = b.k.completions();
    }
    expect(done).to.deep.equal([{ task: b.task, result: BigInt(payload.length), error: null }]);
    expect(buf.subarray(0, payload.length).toString()).to.equal('hello, b');
    expect([...from.subarray(4, 8)]).to.deep.equal([10, 0, 0, 1]);

    // ARP: a asks who has 10.0.0.2 (opcode 1), b answers (opcode 2), before the datagram goes out.
    const arpRequest = seen.findIndex(
      (s) => s.from === 'a' && ethertype(s.frame) === ETH_P_ARP && s.frame.data.readUInt16BE(20) === 1,
    );
    const arpReply = seen.findIndex(
      (s) => s.from === 'b' && ethertype(s.frame) === ETH_P_ARP && s.frame.data.readUInt16BE(20) === 2,
    );
    const udp = seen.findIndex((s) => s.from === 'a' && ethertype(s.frame) === ETH_P_IP && s.frame.data[23] === 17);
    expect(arpRequest).to.be.at.least(0);
    expect([...seen[arpRequest]!.frame.data.subarray(38, 42)]).to.deep.equal([10, 0, 0, 2]);
    expect([...seen[arpRequest]!.frame.data.subarray(0, 6)]).to.deep.equal([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(arpReply).to.be.greaterThan(arpRequest);
    expect(udp).to.be.greaterThan(arpReply);
    // The datagram is addressed to b's MAC, learnt from the reply.
    expect([...seen[udp]!.frame.data.subarray(0, 6)]).to.deep.equal([0x02, 0, 0, 0, 0, 0x02]);

    callNow(a.k, a.task, SYS.close, [tx]);
    callNow(b.k, b.task, SYS.close, [rx]);
  });

  it('adds routes whose effect the routing table shows', () => {
    const s = Number(callNow(a.k, a.task, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
    // connect() on a UDP socket looks the route up, and fails without one.
    const connect = (ip: string): void => void callNow(a.k, a.task, SYS.connect, [s, sockaddrIn(ip, 9), 16]);
    expect(kernelErrorOf(() => connect('192.168.5.1')).code).to.equal('ENETUNREACH');
    a.rtnl.addRoute({ to: '192.168.5.0/24', via: '10.0.0.2', metric: 10 });
    connect('192.168.5.1');
    expect(kernelErrorOf(() => connect('8.8.8.8')).code).to.equal('ENETUNREACH');
    a.rtnl.addRoute({ to: 'default', via: '10.0.0.2', dev: a.ifindex });
    connect('8.8.8.8');
    // A gateway that is not on any link is refused by the kernel.
    const unreachable = kernelErrorOf(() => a.rtnl.addRoute({ to: '172.16.0.0/12', via: '192.0.2.1' }));
    expect(unreachable.code).to.equal('ENETUNREACH');
    expect(unreachable.operation).to.equal('rtnetlink addRoute(172.16.0.0/12 via 192.0.2.1)');
    expect(() => a.rtnl.addRoute({ to: '2001:db8::/32', via: '10.0.0.2' })).to.throw(IpAddressError);
    callNow(a.k, a.task, SYS.close, [s]);
  });

  it('adds an IPv6 address without DAD and dumps it back', () => {
    b.rtnl.addAddress(b.ifindex, '2001:db8::2/64');
    const v6 = b.rtnl.dumpAddresses(6);
    expect(v6.every((e) => e.family === 6)).to.equal(true);
    const mine = v6.find((e) => e.address === '2001:db8::2');
    expect(mine).to.not.equal(undefined);
    expect(mine!.ifindex).to.equal(b.ifindex);
    expect(mine!.prefixLength).to.equal(64);
    expect(mine!.flags & RT.IFA_F_NODAD).to.equal(RT.IFA_F_NODAD);
    // A family-less dump holds both.
    const all = b.rtnl.dumpAddresses();
    expect(all.some((e) => e.address === '2001:db8::2')).to.equal(true);
    expect(all.some((e) => e.address === '10.0.0.2')).to.equal(true);
  });
});
