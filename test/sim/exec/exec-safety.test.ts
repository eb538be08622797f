// SPDX-License-Identifier: GPL-2.0-only
/**
 * The exec shim never lets a tool touch the host: a run that changes
 * addresses, routes and sysctls inside nodes leaves the host's exactly as
 * they were; calls the shim cannot forward fail; a tool started without
 * the simulator's channel stops before doing anything.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultShimPath } from '../../../sim/exec/command-runner';
import { nodeShell } from '../../helpers/node-shell';
import { twoNodes } from '../../helpers/two-nodes';

const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'bin/libsim');

/** The host's addresses (without lifetimes, which count down), routes and some sysctls: read only. */
function hostState(): string {
  const addr = JSON.parse(execFileSync('ip', ['-j', 'addr'], { encoding: 'utf8' })) as Array<{
    addr_info: Array<Record<string, unknown>>;
  }>;
  for (const l of addr) {
    for (const a of l.addr_info) {
      delete a['valid_life_time'];
      delete a['preferred_life_time'];
    }
  }
  return JSON.stringify({
    addr,
    route4: execFileSync('ip', ['-j', '-4', 'route', 'show', 'table', 'all'], { encoding: 'utf8' }),
    route6: execFileSync('ip', ['-j', '-6', 'route', 'show', 'table', 'all'], { encoding: 'utf8' }),
    rules: execFileSync('ip', ['-j', 'rule'], { encoding: 'utf8' }),
    qdiscs: execFileSync('tc', ['qdisc', 'show'], { encoding: 'utf8' }),
    sysctls: execFileSync('sysctl', ['net.ipv4.ip_forward', 'net.core.somaxconn', 'net.ipv6.conf.all.forwarding'], {
      encoding: 'utf8',
    }),
  });
}

describe('exec shim safety', function () {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("a run that changes addresses, routes, rules, qdiscs and sysctls inside nodes leaves the host's unchanged", () => {
    const before = hostState();
    const somaxconn = Number(execFileSync('sysctl', ['-n', 'net.core.somaxconn'], { encoding: 'utf8' })) + 1;
    const dir = mkdtempSync(join(tmpdir(), 'libsim-safety-'));
    dirs.push(dir);
    const file = join(dir, 'changes.yaml');
    // eth0 on purpose: the host has one too.
    writeFileSync(
      file,
      `duration: 2s
nodes:
  h1:
    interfaces:
      eth0: {}
    run:
      - ip addr add 192.0.2.77/24 dev eth0
      - ip -6 addr add fd00:77::1/64 dev eth0 nodad
      - ip link set eth0 up mtu 1280
      - ip route add 198.51.100.0/24 via 192.0.2.1
      - ip -6 route add default via fd00:77::2
      - ip rule add from 192.0.2.77 table 77
      - tc qdisc add dev eth0 root netem delay 5ms
      - sysctl -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 net.core.somaxconn=${somaxconn}
      - { at: 1s, cmd: "ip -4 -o addr show dev eth0" }
      - { at: 1s, cmd: "ip route show 198.51.100.0/24" }
      - { at: 1s, cmd: "sysctl net.core.somaxconn" }
`,
    );
    const r = spawnSync(process.execPath, [CLI, 'run', file, '--out', join(dir, 'out')], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    // The changes happened, in the node.
    const commands = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).commands as Array<{
      cmd: string;
      stdout: string;
    }>;
    const out = (cmd: string): string => commands.find((c) => c.cmd === cmd)!.stdout;
    expect(out('ip -4 -o addr show dev eth0')).to.match(/inet 192\.0\.2\.77\/24 /);
    expect(out('ip route show 198.51.100.0/24')).to.equal('198.51.100.0/24 via 192.0.2.1 dev eth0 \n');
    expect(out('sysctl net.core.somaxconn')).to.equal(`net.core.somaxconn = ${somaxconn}\n`);
    // And not on the host.
    expect(hostState()).to.equal(before);
  });

  it('forwards what it can, refuses the rest, and hides its channel (probe program)', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'libsim-probe-'));
    dirs.push(dir);
    // Commands run as nobody when libsim runs as root: the program must be one every user may run.
    chmodSync(dir, 0o755);
    const probe = join(dir, 'shim-probe');
    execFileSync('gcc', ['-O2', '-Wall', '-o', probe, join(ROOT, 'test/sim/exec/fixtures/shim-probe.c')]);
    const hostSysctls = execFileSync('sysctl', ['net.ipv4.tcp_syn_retries', 'net.core.somaxconn'], {
      encoding: 'utf8',
    });
    const t = twoNodes();
    try {
      const r = await nodeShell(t.a, true, { scratchDir: join(dir, 'nodes', 'a') }).run(probe);
      expect(r.exit, r.stderr).to.equal(0);
      const lines = r.stdout.split('\n');
      const ifindex = t.da.ifindex;
      expect(lines).to.include.members([
        // The node's kernel has no Bluetooth: its own answer, not the host's.
        'socket AF_BLUETOOTH: Address family not supported by protocol',
        'socket AF_PACKET: ok 3',
        `SIOCGIFINDEX eth0: ok ${ifindex}`,
        `if_nametoindex eth0: ok ${ifindex}`,
        'SIOCGIFINDEX on a host fd: Socket operation on non-socket',
        'poll before: ok 0',
        'poll after a datagram: ok 101',
        'poll on a host fd: ok 0',
        // The node socket (its datagram) and stdout (writable), each where it lives.
        'poll on node and host fds: ok 2',
        'write ip_forward: ok 2',
        '/proc/net/dev has eth0: yes',
        '/proc/net/dev has ifb0: no',
        'open /proc/self/status for writing: Permission denied',
        `statfs /sys type: ok ${0x62656572}`,
        'statvfs /proc/sys namemax: ok 255',
        'relative write tcp_syn_retries: ok 2',
        'symlink to /proc/sys: ok 0',
        'write through the link: ok 4',
        'mkdir /run/netns/probe: Permission denied',
        'setns: Operation not permitted',
        'unshare: Operation not permitted',
        'fork: Operation not permitted',
        'syscall(getpid): Function not implemented',
        // No name lookup may query the host's network: numeric only.
        'getaddrinfo example.com: refused',
        'getaddrinfo 10.1.2.3: resolved',
        'gethostbyaddr 8.8.8.8: refused',
        'gethostbyname localhost: refused',
        'open fds in 1000..1099 the tool can see: ok 0',
      ]);
      // The writes reached the node's kernel, and only it.
      expect(t.a.sysctlGet('net.ipv4.ip_forward').trim()).to.equal('1');
      expect(t.a.sysctlGet('net.ipv4.tcp_syn_retries').trim()).to.equal('2');
      expect(t.a.sysctlGet('net.core.somaxconn').trim()).to.equal('999');
      expect(t.b.sysctlGet('net.ipv4.ip_forward').trim()).to.equal('0');
      expect(execFileSync('sysctl', ['net.ipv4.tcp_syn_retries', 'net.core.somaxconn'], { encoding: 'utf8' })).to.equal(
        hostSysctls,
      );
    } finally {
      t.close();
    }
  });

  it("a tool started with the shim but without the simulator's channel stops at once", () => {
    const shim = defaultShimPath();
    const noEnv = spawnSync('ip', ['addr'], {
      env: { PATH: '/usr/sbin:/usr/bin', LD_PRELOAD: shim },
      encoding: 'utf8',
    });
    expect(noEnv.status).to.equal(125);
    expect(noEnv.stdout).to.equal('');
    expect(noEnv.stderr).to.equal('libsim shim: LIBSIM_SHIM_FD is not set: run tools through libsim\n');
    const noFd = spawnSync('sysctl', ['-w', 'net.ipv4.ip_forward=1'], {
      env: { PATH: '/usr/sbin:/usr/bin', LD_PRELOAD: shim, LIBSIM_SHIM_FD: '7' },
      encoding: 'utf8',
    });
    expect(noFd.status).to.equal(125);
    expect(noFd.stderr).to.equal('libsim shim: the channel to the simulator is not open\n');
  });
});
