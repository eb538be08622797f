// SPDX-License-Identifier: GPL-2.0-only
/**
 * Debian's own ip, tc and sysctl run against a node's kernel through the
 * exec shim: each test checks what a user would see, and where it can,
 * checks it against the kernel by another path (the simulator's own
 * counters, a second tool, the node's sysctl API, traffic).
 */
import { expect } from 'chai';
import { AF, SOCK } from '../../../sim/kernel/linux-abi';
import { SYS } from '../../../sim/kernel/syscall-numbers';
import type { Node } from '../../../sim/node/node';
import { sockaddr } from '../../../sim/node/sockaddr';
import { nodeShell, NodeShell } from '../../helpers/node-shell';
import { twoNodes, TwoNodes } from '../../helpers/two-nodes';

interface JsonLink {
  ifname: string;
  flags: string[];
  mtu: number;
  operstate: string;
  addr_info?: Array<{ family: string; local: string; prefixlen: number }>;
  stats64?: { rx: { packets: number; bytes: number }; tx: { packets: number; bytes: number } };
}

describe('sim/exec/command-runner: real tools on a node', function () {
  let t: TwoNodes;
  let a: NodeShell;
  let b: NodeShell;

  beforeEach(() => {
    t = twoNodes();
    a = nodeShell(t.a);
    b = nodeShell(t.b);
  });
  afterEach(() => t.close());

  const link = async (sh: NodeShell, dev: string): Promise<JsonLink> =>
    (JSON.parse(await sh.sh(`ip -j addr show dev ${dev}`)) as JsonLink[])[0]!;

  describe('ip link', () => {
    it('set down / up changes the flags and operstate ip reports', async () => {
      expect((await link(a, 'eth0')).flags).to.include('UP');
      await a.sh('ip link set eth0 down');
      const down = await link(a, 'eth0');
      expect(down.flags).not.to.include('UP');
      expect(down.operstate).to.equal('DOWN');
      expect(await a.sh('ip link show eth0')).to.match(
        /^\d+: eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc pfifo_fast state DOWN/,
      );
      await a.sh('ip link set dev eth0 up');
      expect((await link(a, 'eth0')).flags).to.include('UP');
    });

    it("set mtu is what ip and the node's /sys report", async () => {
      await a.sh('ip link set eth0 mtu 1400');
      expect((await link(a, 'eth0')).mtu).to.equal(1400);
      const cat = nodeShell(t.a, true);
      expect(await cat.sh('cat /sys/class/net/eth0/mtu')).to.equal('1400\n');
    });

    it('ip -s link counts what the simulator saw the device send and receive', async () => {
      await a.sh('ip neigh flush all');
      // Let the IPv6 bring-up (router solicitations, MLD) cross the link.
      await t.sim.runAsync(3_000_000_000n);
      const s = (JSON.parse(await a.sh('ip -s -j link show eth0')) as JsonLink[])[0]!.stats64!;
      const c = t.da.counters();
      expect(c.txFrames).to.be.greaterThan(0);
      expect(s.tx.packets).to.equal(c.txFrames);
      expect(s.rx.packets).to.equal(c.rxFrames);
      expect(await a.sh('ip -s link show eth0')).to.match(/TX:\s+bytes\s+packets[^\n]*\n\s+\d+\s+(\d+)/);
    });
  });

  describe('ip addr', () => {
    it('add and del an IPv4 address (ip -j JSON and plain text)', async () => {
      await a.sh('ip addr add 10.1.0.1/16 dev eth0');
      const info = (await link(a, 'eth0')).addr_info!;
      expect(info.some((i) => i.family === 'inet' && i.local === '10.1.0.1' && i.prefixlen === 16)).to.equal(true);
      expect(await a.sh('ip -4 addr show dev eth0')).to.contain('inet 10.1.0.1/16 scope global eth0');
      await a.sh('ip addr del 10.1.0.1/16 dev eth0');
      expect(await a.sh('ip -4 addr show dev eth0')).not.to.contain('10.1.0.1');
    });

    it('add and del an IPv6 address', async () => {
      await a.sh('ip -6 addr add fd09::1/64 dev eth0 nodad');
      expect(await a.sh('ip -6 addr show dev eth0')).to.contain('inet6 fd09::1/64 scope global');
      expect(await a.sh('ip -6 route show fd09::/64')).to.contain('fd09::/64 dev eth0 proto kernel metric 256');
      await a.sh('ip addr del fd09::1/64 dev eth0');
      expect(await a.sh('ip -6 addr show dev eth0')).not.to.contain('fd09::1');
    });
  });

  describe('ip route', () => {
    it('add with via, metric and src; get shows via, dev and src; replace; del', async () => {
      await a.sh('ip route add 10.50.0.0/16 via 10.0.0.2 metric 7 src 10.0.0.1');
      expect(await a.sh('ip route show 10.50.0.0/16')).to.equal(
        '10.50.0.0/16 via 10.0.0.2 dev eth0 src 10.0.0.1 metric 7 \n',
      );
      expect(await a.sh('ip route get 10.50.3.4')).to.match(/^10\.50\.3\.4 via 10\.0\.0\.2 dev eth0 src 10\.0\.0\.1 /);
      await a.sh('ip route replace 10.50.0.0/16 via 10.0.0.3 metric 7');
      expect(await a.sh('ip route get 10.50.3.4')).to.match(/^10\.50\.3\.4 via 10\.0\.0\.3 dev eth0 /);
      await a.sh('ip route del 10.50.0.0/16 metric 7');
      expect(await a.sh('ip route show 10.50.0.0/16')).to.equal('');
      const r = await a.run('ip route get 10.50.3.4');
      expect(r.exit).to.equal(2);
      expect(r.stderr).to.contain('Network is unreachable');
    });

    it('dev-only routes and tables', async () => {
      await a.sh('ip route add 10.60.0.0/16 dev eth0 table 100');
      expect(await a.sh('ip route show table 100')).to.equal('10.60.0.0/16 dev eth0 scope link \n');
      expect(await a.sh('ip route show table main')).not.to.contain('10.60.0.0');
    });

    it('multipath nexthops', async () => {
      await a.sh('ip route add 10.70.0.0/16 nexthop via 10.0.0.2 weight 1 nexthop via 10.0.0.3 weight 3');
      const text = await a.sh('ip route show 10.70.0.0/16');
      expect(text).to.contain('10.70.0.0/16 \n');
      expect(text).to.contain('nexthop via 10.0.0.2 dev eth0 weight 1');
      expect(text).to.contain('nexthop via 10.0.0.3 dev eth0 weight 3');
      const json = JSON.parse(await a.sh('ip -j route show 10.70.0.0/16')) as Array<{
        nexthops: Array<{ gateway: string; weight: number }>;
      }>;
      expect(json[0]!.nexthops.map((n) => [n.gateway, n.weight])).to.deep.equal([
        ['10.0.0.2', 1],
        ['10.0.0.3', 3],
      ]);
    });

    it('ip -6 route add/del with via and metric', async () => {
      await a.sh('ip -6 route add fd10::/48 via fd00::2 metric 50');
      expect(await a.sh('ip -6 route show fd10::/48')).to.equal(
        'fd10::/48 via fd00::2 dev eth0 metric 50 pref medium\n',
      );
      expect(await a.sh('ip -6 route get fd10::9')).to.match(/^fd10::9 via fd00::2 dev eth0 src fd00::1 metric 50 /);
      await a.sh('ip -6 route del fd10::/48 via fd00::2 metric 50');
      expect(await a.sh('ip -6 route show fd10::/48')).to.equal('');
    });
  });

  it('ip rule add/del steers route lookups to a table', async () => {
    await a.sh('ip route add 10.80.0.0/16 via 10.0.0.2 table 200');
    expect(await a.run('ip route get 10.80.1.1')).to.include({ exit: 2 });
    await a.sh('ip rule add to 10.80.0.0/16 table 200 priority 1000');
    expect(await a.sh('ip rule')).to.contain('1000:\tfrom all to 10.80.0.0/16 lookup 200');
    expect(await a.sh('ip route get 10.80.1.1')).to.match(
      /^10\.80\.1\.1 via 10\.0\.0\.2 dev eth0 table 200 src 10\.0\.0\.1 /,
    );
    await a.sh('ip rule del to 10.80.0.0/16 table 200 priority 1000');
    expect(await a.sh('ip rule')).not.to.contain('lookup 200');
  });

  it('ip neigh add/show/del', async () => {
    await a.sh('ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev eth0');
    expect(await a.sh('ip neigh show dev eth0')).to.contain('10.0.0.9 lladdr 02:00:00:00:00:09 PERMANENT');
    await a.sh('ip neigh del 10.0.0.9 dev eth0');
    expect(await a.sh('ip neigh show dev eth0')).not.to.contain('10.0.0.9');
  });

  it('ip neigh shows the neighbour a real exchange resolved', async () => {
    // b answers a's ARP request: the entry ip shows has b's MAC, as the simulator knows it.
    expect(await a.sh('ip neigh show 10.0.0.2')).to.equal('');
    const mac = [...t.db.mac].map((x) => x.toString(16).padStart(2, '0')).join(':');
    await sendUdp(t.a, '10.0.0.2');
    await t.sim.runAsync(1_000_000_000n);
    expect(await a.sh('ip neigh show 10.0.0.2')).to.match(
      new RegExp(`^10\\.0\\.0\\.2 dev eth0 lladdr ${mac} (REACHABLE|STALE|DELAY)`),
    );
  });

  describe('tc', () => {
    it('qdisc add/del fq_codel', async () => {
      await a.sh('tc qdisc add dev eth0 root fq_codel');
      expect(await a.sh('tc qdisc show dev eth0')).to.match(
        /^qdisc fq_codel 8001: root refcnt 2 limit 10240p flows 1024 quantum 1514 target 5ms interval 100ms/,
      );
      await a.sh('tc qdisc del dev eth0 root');
      expect(await a.sh('tc qdisc show dev eth0')).to.match(/^qdisc pfifo_fast 0: root/);
    });

    it('netem delay 10ms shows, counts packets, and delays them by 10 ms', async () => {
      await a.sh('tc qdisc add dev eth0 root netem delay 10ms');
      const txBefore = t.da.counters().txFrames;
      // At 0: the ARP request for b enters netem.  The link adds 5 ms.
      await sendUdp(t.a, '10.0.0.2');
      await t.sim.runAsync(5_000_001n);
      const rxAt5 = t.db.counters().rxFrames;
      await t.sim.runAsync(14_999_999n);
      expect(t.db.counters().rxFrames, 'nothing sent after tc arrives before 15 ms').to.equal(rxAt5);
      await t.sim.runAsync(15_000_001n);
      expect(t.db.counters().rxFrames, 'the ARP request arrives at 15 ms').to.be.greaterThan(rxAt5);
      await t.sim.runAsync(1_000_000_000n);
      const s = await a.sh('tc -s qdisc show dev eth0');
      expect(s).to.match(/^qdisc netem 8001: root refcnt 2 limit 1000 delay 10ms\n Sent (\d+) bytes (\d+) pkt/);
      const pkts = Number(/Sent \d+ bytes (\d+) pkt/.exec(s)![1]);
      expect(pkts).to.equal(t.da.counters().txFrames - txBefore);
    });

    it('tbf', async () => {
      await a.sh('tc qdisc add dev eth0 root tbf rate 1mbit burst 32kbit latency 400ms');
      expect(await a.sh('tc qdisc show dev eth0')).to.match(
        /^qdisc tbf 8001: root refcnt 2 rate 1Mbit burst 4Kb lat 400ms/,
      );
    });

    it('htb with a class', async () => {
      await a.sh('tc qdisc add dev eth0 root handle 1: htb default 10');
      await a.sh('tc class add dev eth0 parent 1: classid 1:10 htb rate 5mbit');
      expect(await a.sh('tc qdisc show dev eth0')).to.match(/^qdisc htb 1: root refcnt 2 r2q 10 default 0x10/);
      expect(await a.sh('tc class show dev eth0')).to.match(/^class htb 1:10 root prio 0 rate 5Mbit ceil 5Mbit/);
      expect(await a.sh('tc -s class show dev eth0')).to.contain('Sent 0 bytes 0 pkt');
    });
  });

  describe('sysctl', () => {
    it("-w sets, NAME reads, and the node's kernel agrees", async () => {
      expect(await a.sh('sysctl -w net.ipv4.ip_forward=1')).to.equal('net.ipv4.ip_forward = 1\n');
      expect(await a.sh('sysctl net.ipv4.ip_forward')).to.equal('net.ipv4.ip_forward = 1\n');
      expect(t.a.sysctlGet('net.ipv4.ip_forward').trim()).to.equal('1');
      // Only a's kernel changed.
      expect(await b.sh('sysctl -n net.ipv4.ip_forward')).to.equal('0\n');
      // Per-device keys of the node's own devices.
      await a.sh('sysctl -w net.ipv6.conf.eth0.hop_limit=7');
      expect(t.a.sysctlGet('net.ipv6.conf.eth0.hop_limit').trim()).to.equal('7');
    });

    it("-a lists the node's whole /proc/sys", async () => {
      t.a.sysctl('net.core.somaxconn', '1234');
      const all = await a.sh('sysctl -a');
      const lines = all.split('\n').filter((l) => l !== '');
      expect(lines.length).to.be.greaterThan(500);
      expect(lines).to.include('net.core.somaxconn = 1234');
      expect(lines).to.include('net.ipv4.conf.eth0.forwarding = 0');
      expect(lines.every((l) => / = /.test(l))).to.equal(true);
    });

    it("an unknown key is the tool's own error", async () => {
      const r = await a.run('sysctl net.ipv4.no_such_key');
      expect(r.exit).to.not.equal(0);
      expect(r.stderr).to.equal('sysctl: cannot stat /proc/sys/net/ipv4/no_such_key: No such file or directory\n');
    });
  });

  describe('stdin', () => {
    it('ip -batch - runs each line given as stdin, in order, against the node', async () => {
      const r = await a.run(
        'ip -batch -',
        'link set eth0 mtu 1400\nroute add 10.9.0.0/16 via 10.0.0.2\nroute get 10.9.1.1\n',
      );
      expect(r.exit, r.stderr).to.equal(0);
      // The third line saw the second's route, printed by ip itself.
      expect(r.stdout).to.match(/^10\.9\.1\.1 via 10\.0\.0\.2 dev eth0 src 10\.0\.0\.1 /);
      expect((await link(a, 'eth0')).mtu).to.equal(1400);
    });

    it('without stdin, a program reads end of file at once (/dev/null), as before', async () => {
      // An open pipe never closed would leave ip waiting until the wall-clock bound killed it.
      const r = await a.run('ip -batch -');
      expect([r.exit, r.signal, r.stdout, r.stderr]).to.deep.equal([0, null, '', '']);
    });

    it('a program that exits without reading its stdin is not disturbed by it', async () => {
      // 1 MiB does not fit in the pipe: ip exits first and the rest of the write fails with EPIPE, which is ignored.
      const r = await a.run('ip -o link show lo', 'x'.repeat(1 << 20));
      expect(r.exit, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^1: lo: <LOOPBACK,UP,LOWER_UP>/);
    });
  });

  it('bridge and ss run too', async () => {
    expect((await a.run('bridge link')).exit).to.equal(0);
    const ss = await a.sh('ss -a -f netlink');
    expect(ss).to.match(/^State\s+Recv-Q\s+Send-Q/);
    expect(ss).to.contain('rtnl');
  });
});

/** One UDP datagram from `node` to `to`:9 through the node's own socket API. */
async function sendUdp(node: Node, to: string): Promise<void> {
  const task = node.createTask(0);
  const fd = await node.syscall(task, SYS.socket, [AF.INET, SOCK.DGRAM, 0]);
  const sa = sockaddr(to, 9);
  const data = Buffer.from('x');
  await node.syscall(task, SYS.sendto, [fd, data, 1, 0, sa, sa.length]);
}
