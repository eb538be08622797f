// SPDX-License-Identifier: GPL-2.0-only
/**
 * Every example in topologies/ runs through the real CLI; the two the
 * README promises are checked for what they promise, and for being
 * byte-identical when run twice.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'bin/libsim');
const TOPOLOGIES = join(ROOT, 'topologies');

interface RunResult { code: number; out: string; err: string; dir: string }

function run(file: string, ...extra: string[]): RunResult {
  const dir = mkdtempSync(join(tmpdir(), 'libsim-'));
  const r = spawnSync(process.execPath, [CLI, 'run', file, '--out', dir, ...extra], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, dir };
}

interface PingSummary {
  type: string; node: string; to: string; transmitted: number; received: number;
  rtts_ms: Array<number | null>;
}

interface DirectionCounters { framesOffered: number; framesDelivered: number; bytesDelivered: number }
interface DeviceCounters { name: string; txFrames: number; rxFrames: number; rxBytes: number }

function summaryOf(dir: string): {
  apps: PingSummary[]; seed: number; kernel: string; faults: unknown[];
  links: Array<{ directions: { ab: DirectionCounters; ba: DirectionCounters } }>;
  nodes: Array<{ name: string; devices: DeviceCounters[] }>;
} {
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
}

function pcaps(dir: string): string[] {
  return readdirSync(join(dir, 'pcap')).filter((f) => f.endsWith('.pcap')).sort();
}

const hasTshark = spawnSync('tshark', ['--version']).status === 0;

describe('topologies/', function () {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  for (const name of readdirSync(TOPOLOGIES).filter((f) => f.endsWith('.yaml')).sort()) {
    it(`${name} runs to completion with exit code 0`, () => {
      const r = run(join(TOPOLOGIES, name));
      dirs.push(r.dir);
      expect(r.code, r.err).to.equal(0);
      const s = summaryOf(r.dir);
      expect(s.faults).to.deep.equal([]);
      expect(s.kernel).to.match(/^6\.1\./);
      expect(pcaps(r.dir).length).to.be.greaterThan(0);
      if (hasTshark) {
        for (const f of pcaps(r.dir)) {
          const text = execFileSync('tshark', ['-r', join(r.dir, 'pcap', f)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
          expect(text, f).not.to.match(/[Mm]alformed/);
        }
      }
    });
  }

  it('quickstart: five echo replies, each RTT at least 10 ms (2 x 5 ms)', () => {
    const r = run(join(TOPOLOGIES, 'quickstart.yaml'));
    dirs.push(r.dir);
    expect(r.code, r.err).to.equal(0);
    const ping = summaryOf(r.dir).apps[0];
    expect(ping.transmitted).to.equal(5);
    expect(ping.received).to.equal(5);
    for (const rtt of ping.rtts_ms) {
      expect(rtt).to.be.a('number');
      expect(rtt as number).to.be.at.least(10);
    }
  });

  it('quickstart: device and link counters tell the same story', () => {
    const r = run(join(TOPOLOGIES, 'quickstart.yaml'));
    dirs.push(r.dir);
    const s = summaryOf(r.dir);
    const [h1, h2] = s.nodes.map((n) => n.devices[0]);
    const { ab, ba } = s.links[0].directions;
    expect(h1.txFrames).to.equal(ab.framesOffered);
    expect(h2.rxFrames).to.equal(ab.framesDelivered);
    expect(h2.rxBytes).to.equal(ab.bytesDelivered);
    expect(h2.txFrames).to.equal(ba.framesOffered);
    expect(h1.rxFrames).to.equal(ba.framesDelivered);
    // At least ARP and the ten echo frames crossed.
    expect(ab.framesDelivered + ba.framesDelivered).to.be.at.least(12);
  });

  it('router: IPv4 and IPv6 pings cross r1 in both directions', () => {
    const r = run(join(TOPOLOGIES, 'router.yaml'));
    dirs.push(r.dir);
    expect(r.code, r.err).to.equal(0);
    const apps = summaryOf(r.dir).apps;
    expect(apps.map((a) => a.to)).to.deep.equal(['10.0.2.2', 'fd00:2::2', '10.0.1.2']);
    for (const a of apps)
      expect(a.received, `${a.node} -> ${a.to}`).to.equal(a.transmitted);
    // One-way delay is 1 ms + 2 ms: every RTT is at least 6 ms.
    for (const a of apps)
      for (const rtt of a.rtts_ms)
        expect(rtt as number).to.be.at.least(6);
  });

  it('iproute2: the router built by ip, sysctl and tc forwards, with netem\'s 10 ms on r1:eth1', () => {
    const r = run(join(TOPOLOGIES, 'iproute2.yaml'));
    dirs.push(r.dir);
    expect(r.code, r.err).to.equal(0);
    const apps = summaryOf(r.dir).apps;
    expect(apps.map((a) => a.to)).to.deep.equal(['10.0.2.2', 'fd00:2::2']);
    for (const a of apps) {
      expect(a.received, `${a.node} -> ${a.to}`).to.equal(a.transmitted);
      // 2 x (1 ms + 2 ms) of links, plus 10 ms of netem on the way out of r1:eth1.
      for (const rtt of a.rtts_ms)
        expect(rtt as number).to.be.at.least(16);
    }
    const r1 = readFileSync(join(r.dir, 'commands', 'r1.txt'), 'utf8');
    expect(r1).to.contain('$ tc -s qdisc show dev eth1    # at 3.000000000s, exit 0\nqdisc netem 8001: root refcnt 2 limit 1000 delay 10ms\n');
    expect(r1).to.contain('$ sysctl -w net.ipv4.ip_forward=1    # at 0.000000000s, exit 0\nnet.ipv4.ip_forward = 1\n');
  });

  for (const name of ['quickstart.yaml', 'router.yaml', 'iproute2.yaml']) {
    it(`${name} twice gives byte-identical pcaps and summary.json`, () => {
      const a = run(join(TOPOLOGIES, name));
      const b = run(join(TOPOLOGIES, name));
      dirs.push(a.dir, b.dir);
      expect(a.code).to.equal(0);
      expect(b.code).to.equal(0);
      expect(readFileSync(join(a.dir, 'summary.json'))).to.deep.equal(readFileSync(join(b.dir, 'summary.json')));
      expect(pcaps(a.dir)).to.deep.equal(pcaps(b.dir));
      for (const f of pcaps(a.dir))
        expect(readFileSync(join(a.dir, 'pcap', f)).equals(readFileSync(join(b.dir, 'pcap', f))), f).to.equal(true);
    });
  }

  it('a bad topology exits 2 with one line naming file, path and line, and writes no summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'libsim-bad-'));
    dirs.push(dir);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'nodes:\n  h1:\n    interfaces:\n      eth0: { addresses: [10.0.0.300/24] }\n');
    const r = run(bad);
    dirs.push(r.dir);
    expect(r.code).to.equal(2);
    expect(r.err.trim().split('\n')).to.have.length(1);
    expect(r.err).to.contain('bad.yaml').and.to.contain('nodes.h1.interfaces.eth0.addresses[0]').and.to.contain('line 4');
    expect(existsSync(join(r.dir, 'summary.json'))).to.equal(false);
  });
});
