// SPDX-License-Identifier: GPL-2.0-only
/**
 * A node's kernel that faults -- in its boot, while the topology configures
 * it, before its `run:` commands at 0, or during the run -- is dead, and
 * only it: the run completes with every other node, the fault is reported
 * with node and simulated time, and `libsim run` exits 3.  Each run is
 * `libsim run` (runCommand, as bin/libsim calls it) in a process of its own
 * with a real wild access injected (test/helpers/run-with-fault.ts), so a
 * fault the guard missed would kill that process, not mocha.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '../../helpers/cli';
import { repoRoot } from '../../helpers/repo-root';

const RUNNER = join(repoRoot(), 'dist/test/helpers/run-with-fault.js');

/*
 * h1 and h2 ping each other through the router r1, which the tests kill;
 * every node has a command at 0 and r1 one at 2 s; r1 serves UDP echo.
 */
const TOPOLOGY = `
duration: 3s
nodes:
  h1:
    interfaces: { eth0: { addresses: [10.0.1.2/24] } }
    routes: [{ to: default, via: 10.0.1.1 }]
    run: ["ip -o addr show dev eth0"]
  r1:
    interfaces:
      eth0: { addresses: [10.0.1.1/24] }
      eth1: { addresses: [10.0.2.1/24] }
    sysctls: { net.ipv4.ip_forward: 1 }
    run: ["ip -o route", { at: 2s, cmd: "ip -o route" }]
  h2:
    interfaces: { eth0: { addresses: [10.0.2.2/24] } }
    routes: [{ to: default, via: 10.0.2.1 }]
    run: ["ip -o addr show dev eth0"]
links:
  - { endpoints: [h1:eth0, r1:eth0], delay: 1ms }
  - { endpoints: [r1:eth1, h2:eth0], delay: 1ms }
apps:
  - { type: ping, node: h1, to: 10.0.2.2, count: 2, interval: 500ms, start: 1s }
  - { type: udp-echo-server, node: r1 }
  - { type: ping, node: h2, to: 10.0.2.1, count: 2, interval: 500ms, start: 1s }
`;

interface Summary {
  faults: Array<{ node: string; time_ns: number; message: string }>;
  apps: Array<{ type: string; node: string; received?: number; error: string | null }>;
  nodes: Array<{
    name: string;
    kernel: string;
    tainted: number | null;
    devices: Array<{ name: string; rxFrames: number; rxDropsDead: number }>;
  }>;
  commands: Array<{ node: string; at_ns: number; cmd: string; exit: number | null }>;
}

const WRITE_FAULT = /^SIGSEGV in kernel code: unable to handle page fault for address 0x10, ip liblinux\+0x[0-9a-f]+$/;

describe('Simulation: a kernel fault ends its node, not the run', function () {
  this.timeout(120_000);
  const dirs = tempDirs('libsim-faults-');
  let topology: string;

  before(() => {
    topology = join(dirs.make(), 'faults.yaml');
    writeFileSync(topology, TOPOLOGY);
  });
  after(() => dirs.cleanUp());

  /** Runs the topology with r1's kernel faulting at `at`; its exit code, stdout, stderr and results. */
  function runFaulting(
    at: string,
    out = join(dirs.make(), 'results'),
  ): { code: number | null; out: string; err: string; dir: string; summary: Summary } {
    const r = spawnSync(process.execPath, [RUNNER, topology, out, 'r1', at], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal, `killed by ${r.signal}; stderr: ${r.stderr}`).to.equal(null);
    const summaryFile = join(out, 'summary.json');
    expect(existsSync(summaryFile), `no summary.json; stderr: ${r.stderr}`).to.equal(true);
    return {
      code: r.status,
      out: r.stdout,
      err: r.stderr,
      dir: out,
      summary: JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary,
    };
  }

  /** What holds wherever r1 died: exit 3, the fault reported and written, the others run, r1's links carry nothing into it. */
  function expectOnlyR1Dead(r: ReturnType<typeof runFaulting>, timeNs: number): void {
    expect(r.code, r.err).to.equal(3);
    expect(r.summary.faults).to.have.length(1);
    const f = r.summary.faults[0]!;
    expect([f.node, f.time_ns]).to.deep.equal(['r1', timeNs]);
    expect(f.message).to.match(WRITE_FAULT);
    expect(r.out).to.contain(`kernel fault on r1 at ${timeNs} ns: ${f.message}\n`);
    expect(readFileSync(join(r.dir, 'kernel/r1.log'), 'utf8')).to.contain(f.message);
    const nodes = new Map(r.summary.nodes.map((n) => [n.name, n]));
    expect(nodes.get('r1')!.tainted).to.equal(null);
    expect(nodes.get('h1')!.tainted).to.equal(0);
    expect(nodes.get('r1')!.devices.map((d) => d.name)).to.deep.equal(['eth0', 'eth1']);
    // The other nodes ran: their commands at 0 and their apps.
    expect(r.summary.commands.filter((c) => c.node !== 'r1').map((c) => [c.node, c.at_ns, c.exit])).to.deep.equal([
      ['h1', 0, 0],
      ['h2', 0, 0],
    ]);
    const h2ping = r.summary.apps.find((a) => a.node === 'h2')!;
    expect(h2ping.error).to.equal(null);
    // The dead router's own server says why it stopped (or never started).
    expect(r.summary.apps.find((a) => a.node === 'r1')!.error).to.contain(f.message);
    for (const pcap of ['h1-eth0', 'h2-eth0', 'r1-eth0', 'r1-eth1']) {
      expect(existsSync(join(r.dir, 'pcap', `${pcap}.pcap`)), pcap).to.equal(true);
    }
  }

  for (const phase of ['boot', 'configuration', 'commands']) {
    it(`in ${phase}: r1 is dead from time 0, the other nodes are built and run, exit 3`, () => {
      const r = runFaulting(phase);
      expectOnlyR1Dead(r, 0);
      // Nothing of r1's ran, and nothing crossed it.
      expect(r.summary.commands.filter((c) => c.node === 'r1')).to.deep.equal([]);
      expect(r.summary.apps.find((a) => a.node === 'h1')!.received).to.equal(0);
      // Its links delivered frames (h2's ARP for its gateway), which it dropped.
      const r1 = r.summary.nodes.find((n) => n.name === 'r1')!;
      expect(r1.devices.every((d) => d.rxDropsDead === d.rxFrames)).to.equal(true);
      expect(r1.devices.some((d) => d.rxFrames > 0)).to.equal(true);
      // Boot itself got that far, or further.
      const log = readFileSync(join(r.dir, 'kernel/r1.log'), 'utf8');
      expect(log.includes('lib_debug_fault=write')).to.equal(phase === 'boot');
    });
  }

  it('during the run: r1 dies at 1.5 s; what it did before stands, exit 3', () => {
    const r = runFaulting('1500000000');
    expectOnlyR1Dead(r, 1_500_000_000);
    // Its command at 0 ran; the one at 2 s did not.
    expect(r.summary.commands.filter((c) => c.node === 'r1').map((c) => c.at_ns)).to.deep.equal([0]);
    // h1's first echo crossed r1 at 1 s; the second, at 1.5 s, arrives after it died.
    expect(r.summary.apps.find((a) => a.node === 'h1')!.received).to.equal(1);
    const eth0 = r.summary.nodes.find((n) => n.name === 'r1')!.devices[0]!;
    expect(eth0.rxDropsDead).to.be.greaterThan(0);
    expect(eth0.rxFrames).to.be.greaterThan(eth0.rxDropsDead);
    expect(readFileSync(join(r.dir, 'commands/r1.txt'), 'utf8')).to.match(
      /^\$ ip -o route {4}# at 0\.000000000s, exit 0\n/,
    );
  });

  it('a run with a fault is byte-identical run to run (summary and pcaps)', () => {
    for (const at of ['configuration', '1500000000']) {
      const a = runFaulting(at);
      const b = runFaulting(at);
      expect(readFileSync(join(b.dir, 'summary.json'))).to.deep.equal(readFileSync(join(a.dir, 'summary.json')));
      for (const pcap of ['h1-eth0', 'h2-eth0', 'r1-eth0', 'r1-eth1']) {
        expect(readFileSync(join(b.dir, 'pcap', `${pcap}.pcap`)), `${at}: ${pcap}`).to.deep.equal(
          readFileSync(join(a.dir, 'pcap', `${pcap}.pcap`)),
        );
      }
    }
  });
});
