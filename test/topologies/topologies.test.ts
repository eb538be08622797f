// SPDX-License-Identifier: GPL-2.0-only
/**
 * Every example in topologies/ runs through the real CLI, twice (the
 * results must be byte-identical), its pcaps are read by tshark and its
 * report.html is rendered by headless Chromium; the examples are checked
 * for what they promise, the TCP ones against the physics of their links.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import type { AppResult } from '../../apps/app-result';
import type { PingResult } from '../../apps/ping';
import type { TcpBulkResult } from '../../apps/tcp-bulk';
import type { TcpSinkResult } from '../../apps/tcp-sink';
import type { IntervalSample } from '../../apps/time-series';
import type { UdpCbrResult } from '../../apps/udp-cbr';
import type { UdpEchoResult } from '../../apps/udp-echo';
import type { UdpSinkResult } from '../../apps/udp-sink';

const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'bin/libsim');
const TOPOLOGIES = join(ROOT, 'topologies');

interface RunResult {
  code: number;
  out: string;
  err: string;
  dir: string;
}

function run(file: string, ...extra: string[]): RunResult {
  const dir = mkdtempSync(join(tmpdir(), 'libsim-'));
  // The examples of real programs need --allow-exec, and results every user may search (they run as nobody).
  const programs = relative(TOPOLOGIES, file).startsWith('programs/');
  if (programs) chmodSync(dir, 0o755);
  const args = [CLI, 'run', file, '--out', dir, ...(programs ? ['--allow-exec'] : []), ...extra];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, dir };
}

interface PingSummary {
  type: string;
  node: string;
  to: string;
  transmitted: number;
  received: number;
  rtts_ms: Array<number | null>;
}

interface DirectionCounters {
  framesOffered: number;
  framesDelivered: number;
  bytesDelivered: number;
  dropsQueue: number;
}
interface DeviceCounters {
  name: string;
  txFrames: number;
  rxFrames: number;
  rxBytes: number;
}

function summaryOf(dir: string): {
  apps: PingSummary[];
  seed: number;
  kernel: string;
  faults: unknown[];
  links: Array<{ name: string; directions: { ab: DirectionCounters; ba: DirectionCounters } }>;
  nodes: Array<{ name: string; tainted: number | null; devices: DeviceCounters[] }>;
} {
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
}

/** The apps of summary.json with their own types. */
function appsOf(dir: string): AppResult[] {
  return summaryOf(dir).apps as unknown as AppResult[];
}

/** The .yaml files under `dir`, recursively, as paths relative to `root`-joined `prefix`, sorted. */
function yamlFiles(dir: string, prefix: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      if (e.isDirectory()) return yamlFiles(join(dir, e.name), `${prefix}${e.name}/`);
      return e.name.endsWith('.yaml') ? [`${prefix}${e.name}`] : [];
    })
    .sort();
}

function pcaps(dir: string): string[] {
  return readdirSync(join(dir, 'pcap'))
    .filter((f) => f.endsWith('.pcap'))
    .sort();
}

const hasTshark = spawnSync('tshark', ['--version']).status === 0;
const hasChromium = spawnSync('chromium', ['--version']).status === 0;
/** CI sets this (.ci/run), so a missing browser fails there instead of skipping. */
const requireBrowser = process.env['LIBSIM_REQUIRE_BROWSER'] === '1';

/** What the browser reported of one report.html: its body's counts and each figure's. */
interface RenderedReport {
  plots: number;
  plotsRendered: number;
  figures: Array<{ id: string; expected: number; rendered: number }>;
}

/**
 * Every report rendered by one headless Chromium (one launch costs seconds):
 * a page of iframes, one per report, waits for its load event -- after
 * every report's own check script ran -- and copies the attributes those
 * scripts set into text of its own DOM, which --dump-dom prints.  File
 * URLs may read each other with --allow-file-access-from-files.
 */
function renderReports(files: readonly string[]): RenderedReport[] {
  const dir = mkdtempSync(join(tmpdir(), 'libsim-chromium-'));
  try {
    const page = join(dir, 'reports.html');
    writeFileSync(
      page,
      `<!DOCTYPE html><html><body>
${files.map((f) => `<iframe src="file://${f}"></iframe>`).join('\n')}
<script>
window.addEventListener('load', function () {
  var frames = document.querySelectorAll('iframe');
  for (var i = 0; i < frames.length; i++) {
    var d = frames[i].contentDocument;
    var lines = ['report ' + i];
    if (d && d.body) {
      lines.push('body ' + d.body.getAttribute('data-plots') + ' ' + d.body.getAttribute('data-plots-rendered'));
      var figs = d.querySelectorAll('figure.plot');
      for (var j = 0; j < figs.length; j++)
        lines.push('figure ' + figs[j].id + ' ' + figs[j].getAttribute('data-expected') + ' ' + figs[j].getAttribute('data-rendered'));
    }
    var pre = document.createElement('pre');
    pre.textContent = lines.join('\\n');
    document.body.appendChild(pre);
  }
});
</script></body></html>
`,
    );
    const dom = execFileSync(
      'chromium',
      [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-extensions',
        '--disable-background-networking',
        '--disable-sync',
        '--allow-file-access-from-files',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--dump-dom',
        `file://${page}`,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 },
    );
    return files.map((_, i) => {
      const block = new RegExp(`<pre>report ${i}\\n([^<]*)</pre>`).exec(dom);
      const lines = block === null ? [] : block[1]!.split('\n');
      const body = lines.find((l) => l.startsWith('body '))?.split(' ') ?? [];
      return {
        plots: Number(body[1] ?? NaN),
        plotsRendered: Number(body[2] ?? NaN),
        figures: lines
          .filter((l) => l.startsWith('figure '))
          .map((l) => {
            const [, id, expected, rendered] = l.split(' ');
            return { id: id!, expected: Number(expected), rendered: Number(rendered) };
          }),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Goodput in bit/s of the bytes in `intervals` that lie inside [from, to]. */
function goodputWithin(intervals: readonly IntervalSample[], from: number, to: number): { bps: number; span: number } {
  const inside = intervals.filter((i) => i.start_s >= from - 1e-9 && i.end_s <= to + 1e-9);
  const span = inside.reduce((s, i) => s + (i.end_s - i.start_s), 0);
  return { bps: (inside.reduce((s, i) => s + i.bytes, 0) * 8) / span, span };
}

/**
 * Goodput a link of `rate` bit/s carries for full-sized TCP segments: the
 * link serialises whole Ethernet frames (sim/net/point-to-point-link.ts:
 * the frame's bytes, no FCS, preamble or gap), so a segment of MSS 1448
 * (1500 − 20 IP − 20 TCP − 12 timestamp option) travels in 1448 + 32 + 20
 * + 14 = 1514 bytes.
 */
function tcpGoodput(rate: number): number {
  return (rate * 1448) / 1514;
}

describe('topologies/', function () {
  const dirs: string[] = [];
  const firstRuns = new Map<string, RunResult>();
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** The first run of a topology, shared by the tests that only read it. */
  function firstRun(name: string): RunResult {
    let r = firstRuns.get(name);
    if (r === undefined) {
      r = run(join(TOPOLOGIES, name));
      dirs.push(r.dir);
      firstRuns.set(name, r);
    }
    return r;
  }

  // Subdirectories too (topologies/regression/): every file, as a path relative to topologies/.
  const names = yamlFiles(TOPOLOGIES, '');
  let rendered: Map<string, RenderedReport> | null = null;

  /** The browser's view of a topology's report; all reports are rendered at the first call. */
  function renderedReport(name: string): RenderedReport {
    if (rendered === null) {
      const all = renderReports(names.map((n) => join(firstRun(n).dir, 'report.html')));
      rendered = new Map(names.map((n, i) => [n, all[i]!]));
    }
    return rendered.get(name)!;
  }
  for (const name of names) {
    it(`${name} runs to completion with exit code 0`, () => {
      const r = firstRun(name);
      expect(r.code, r.err).to.equal(0);
      const s = summaryOf(r.dir);
      expect(s.faults).to.deep.equal([]);
      expect(s.kernel).to.match(/^6\.1\./);
      // No kernel warned, at boot or later: taint 0, and no WARNING in the
      // logs (loglevel 5 lets warnings through: test/sim/node shows one).
      for (const n of s.nodes) {
        expect(n.tainted, n.name).to.equal(0);
        expect(readFileSync(join(r.dir, 'kernel', `${n.name}.log`), 'utf8'), n.name).to.not.contain('WARNING:');
      }
      expect(pcaps(r.dir).length).to.be.greaterThan(0);
      expect(existsSync(join(r.dir, 'report.html'))).to.equal(true);
      // One terminal line per app, in file order, named by its type.
      const lines = r.out.split('\n').filter((l) => /^(ping|tcp-|udp-|process )/.test(l));
      expect(lines.map((l) => l.split(' ')[0])).to.deep.equal(appsOf(r.dir).map((a) => a.type));
      if (hasTshark) {
        for (const f of pcaps(r.dir)) {
          // Only the malformed frames are printed: none.  The UDP apps' port
          // carries raw app data (sequence number, send time, a byte
          // pattern), which tshark's heuristic dissectors otherwise take
          // for some protocol (Pathport, DCE RPC) and call malformed.
          const text = execFileSync(
            'tshark',
            ['-r', join(r.dir, 'pcap', f), '-d', 'udp.port==5201,data', '-Y', '_ws.malformed'],
            { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
          );
          expect(text, f).to.equal('');
        }
      }
    });

    it(`${name}: every plot of report.html renders with all its data in Chromium`, function () {
      if (!hasChromium) {
        if (requireBrowser) throw new Error('chromium is not installed (LIBSIM_REQUIRE_BROWSER=1)');
        this.skip();
      }
      const r = firstRun(name);
      const report = renderedReport(name);
      expect(report.plots, 'the check script ran').to.equal(report.figures.length);
      expect(report.plotsRendered).to.equal(report.figures.length);
      for (const f of report.figures) {
        expect(f.expected, f.id).to.be.greaterThan(0);
        expect(f.rendered, f.id).to.equal(f.expected);
      }
      const ids = report.figures.map((f) => f.id);
      expect(ids).to.include.members(['topology', 'drops']);
      const apps = appsOf(r.dir);
      if (apps.some((a) => a.type === 'tcp-bulk')) expect(ids).to.include.members(['throughput', 'rtt', 'cwnd']);
      // An RTT plot when some request was answered (regression/no-route.yaml's never are: no plot, a note).
      if (apps.some((a) => (a.type === 'ping' || a.type === 'udp-echo') && a.received > 0)) {
        expect(ids).to.include('rtt');
      }
      if (apps.some((a) => a.type === 'udp-sink')) expect(ids).to.include('throughput');
    });
  }

  it('programs/iperf3: the real iperf3 reports about what 100 Mbit/s carries after headers', () => {
    const [server, client] = appsOf(firstRun('programs/iperf3.yaml').dir) as unknown as {
      exit: number;
      stdout: string;
    }[];
    expect(server!.exit).to.equal(0);
    expect(client!.exit).to.equal(0);
    const report = JSON.parse(client!.stdout) as { end: { sum_received: { bits_per_second: number } } };
    expect(report.end.sum_received.bits_per_second / (100e6 * (1448 / 1514))).to.be.within(0.95, 1.0);
  });

  it('programs/http: curl gets the page h2 wrote, from http.server', () => {
    const r = firstRun('programs/http.yaml');
    const curl = (appsOf(r.dir) as unknown as { exit: number; stdout: string }[])[2]!;
    expect(curl.exit).to.equal(0);
    expect(curl.stdout).to.equal('200 40');
    expect(readFileSync(join(r.dir, 'nodes/h1/page.html'), 'utf8')).to.equal(
      readFileSync(join(r.dir, 'nodes/h2/page.html'), 'utf8'),
    );
  });

  it('quickstart: five echo replies, each RTT at least 10 ms (2 x 5 ms)', () => {
    const r = firstRun('quickstart.yaml');
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
    const s = summaryOf(firstRun('quickstart.yaml').dir);
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
    const r = firstRun('router.yaml');
    expect(r.code, r.err).to.equal(0);
    const apps = summaryOf(r.dir).apps;
    expect(apps.map((a) => a.to)).to.deep.equal(['10.0.2.2', 'fd00:2::2', '10.0.1.2']);
    for (const a of apps) expect(a.received, `${a.node} -> ${a.to}`).to.equal(a.transmitted);
    // One-way delay is 1 ms + 2 ms: every RTT is at least 6 ms.
    for (const a of apps) for (const rtt of a.rtts_ms) expect(rtt as number).to.be.at.least(6);
  });

  /*
   * tcp-bulk: one cubic flow on 100 Mbit/s, 5 ms each way.  The window
   * measured starts 1 s after the connection (slow start reaches the
   * receive window within a few 10 ms RTTs; the second keeps its
   * transient out) and ends when the last write() returned (until then the
   * sender always has data queued).  The sink's own 100 ms bins are used:
   * they count what the receiving application read.
   */
  it('tcp-bulk: goodput within 5% of what 100 Mbit/s carries after Ethernet, IP and TCP headers', () => {
    const r = firstRun('tcp-bulk.yaml');
    const apps = appsOf(r.dir);
    const tx = apps.find((a): a is TcpBulkResult => a.type === 'tcp-bulk')!;
    const rx = apps.find((a): a is TcpSinkResult => a.type === 'tcp-sink')!;
    expect(tx.error).to.equal(null);
    expect(tx.congestion).to.equal('cubic');
    expect(rx.connections).to.have.length(1);
    expect(rx.bytes).to.equal(tx.bytes_written);
    const expected = tcpGoodput(100e6); // 95.64 Mbit/s
    const { bps, span } = goodputWithin(rx.connections[0]!.intervals, tx.connected_s! + 1, tx.writes_done_s!);
    expect(span).to.be.at.least(8.5);
    expect(Math.abs(bps - expected) / expected, `${bps} bit/s`).to.be.below(0.05);
    // And never above what the wire can carry (bin edges cut at most a frame).
    expect(bps).to.be.at.most(expected * 1.005);
  });

  it('tcp-bulk: no RTT sample below the 10 ms propagation delay', () => {
    const tx = appsOf(firstRun('tcp-bulk.yaml').dir).find((a): a is TcpBulkResult => a.type === 'tcp-bulk')!;
    expect(tx.rtt.length).to.be.greaterThan(90);
    for (const s of tx.rtt) expect(s.rtt_ms).to.be.at.least(10);
    // The smallest RTT adds one data frame's (1514 B) and one ACK's (66 B)
    // serialization at 100 Mbit/s: 10 ms + 121.12 µs + 5.28 µs, in whole µs.
    for (const i of tx.tcp_info) expect(i.min_rtt_ms).to.be.at.least(10.126);
  });

  /*
   * dumbbell: cubic (from 0.5 s) and bbr (from 1 s) share 20 Mbit/s.  The
   * window starts at 2 s (1 s after both flows run) and ends when the
   * first of them stopped writing; the two sinks' bins are added.
   */
  it('dumbbell: the two flows together within 5% of the bottleneck', () => {
    const r = firstRun('dumbbell.yaml');
    const apps = appsOf(r.dir);
    const senders = apps.filter((a): a is TcpBulkResult => a.type === 'tcp-bulk');
    const sinks = apps.filter((a): a is TcpSinkResult => a.type === 'tcp-sink');
    expect(senders.map((s) => s.congestion)).to.deep.equal(['cubic', 'bbr']);
    for (const s of senders) expect(s.error).to.equal(null);
    const from = Math.max(...senders.map((s) => s.connected_s!)) + 1;
    const to = Math.min(...senders.map((s) => s.writes_done_s!));
    const each = sinks.map((s) => goodputWithin(s.connections[0]!.intervals, from, to));
    expect(each[0]!.span).to.be.closeTo(each[1]!.span, 1e-9);
    const total = each[0]!.bps + each[1]!.bps;
    const expected = tcpGoodput(20e6); // 19.13 Mbit/s
    expect(Math.abs(total - expected) / expected, `${total} bit/s`).to.be.below(0.05);
    expect(total).to.be.at.most(expected * 1.005);
    // Each flow got some of it.
    for (const e of each) expect(e.bps).to.be.greaterThan(0.05 * expected);
  });

  it('dumbbell: the bottleneck queue drops (cubic is loss-based), in the direction of the data', () => {
    const s = summaryOf(firstRun('dumbbell.yaml').dir);
    const bottleneck = s.links.find((l) => l.name === 'r1:eth2-r2:eth2')!;
    expect(bottleneck.directions.ab.dropsQueue).to.be.greaterThan(0);
    expect(bottleneck.directions.ba.dropsQueue).to.equal(0);
    const retransmits = appsOf(firstRun('dumbbell.yaml').dir)
      .filter((a): a is TcpBulkResult => a.type === 'tcp-bulk')
      .reduce((n, a) => n + a.retransmits, 0);
    expect(retransmits).to.be.greaterThan(0);
  });

  /*
   * udp: 5 Mbit/s of 1000-byte payloads for 5 s is 3125 datagrams.  The
   * link loses 1% of frames at random: the loss seen is binomial (mean
   * 31.25, sd 5.6), so it must lie within 4 sd.  A datagram travels in a
   * 1042-byte frame (1000 + 8 UDP + 20 IP + 14 Ethernet): 833.6 µs at
   * 10 Mbit/s, plus 5 ms of propagation, is the least one-way delay.
   */
  it("udp: loss near the link's 1%, no reordering, delays and RTTs never below the physics", () => {
    const apps = appsOf(firstRun('udp.yaml').dir);
    const cbr = apps.find((a): a is UdpCbrResult => a.type === 'udp-cbr')!;
    const sink = apps.find((a): a is UdpSinkResult => a.type === 'udp-sink')!;
    const echo = apps.find((a): a is UdpEchoResult => a.type === 'udp-echo')!;
    expect([cbr.sent, cbr.send_errors]).to.deep.equal([3125, 0]);
    expect(sink.streams).to.have.length(1);
    const st = sink.streams[0]!;
    expect(st.received + st.lost).to.be.within(3125 - 3, 3125);
    expect(st.lost).to.be.within(31.25 - 4 * 5.6, 31.25 + 4 * 5.6);
    // Jitter delays frames but never reorders a direction.
    expect([st.out_of_order, st.duplicates]).to.deep.equal([0, 0]);
    expect(st.delay_min_ms).to.be.at.least(5.8336);
    expect(st.jitter_ms).to.be.above(0);
    expect(st.jitter_ms).to.be.below(2 + 0.9);
    expect(echo.received).to.equal(10);
    // Request and reply: 2 × (5 ms + 262 bytes at 10 Mbit/s).
    for (const r of echo.rtts_ms) expect(r as number).to.be.at.least(10.4192);
  });

  it("iproute2: the router built by ip, sysctl and tc forwards, with netem's 10 ms on r1:eth1", () => {
    const r = firstRun('iproute2.yaml');
    const apps = appsOf(r.dir).filter((a): a is PingResult => a.type === 'ping');
    expect(apps.map((a) => a.to)).to.deep.equal(['10.0.2.2', 'fd00:2::2']);
    for (const a of apps) {
      expect(a.received, `${a.node} -> ${a.to}`).to.equal(a.transmitted);
      // 2 x (1 ms + 2 ms) of links, plus 10 ms of netem on the way out of r1:eth1.
      for (const rtt of a.rtts_ms) expect(rtt as number).to.be.at.least(16);
    }
    const r1 = readFileSync(join(r.dir, 'commands', 'r1.txt'), 'utf8');
    expect(r1).to.contain(
      '$ tc -s qdisc show dev eth1    # at 3.000000000s, exit 0\nqdisc netem 8001: root refcnt 2 limit 1000 delay 10ms\n',
    );
    expect(r1).to.contain('$ sysctl -w net.ipv4.ip_forward=1    # at 0.000000000s, exit 0\nnet.ipv4.ip_forward = 1\n');
  });

  for (const name of names) {
    it(`${name} twice gives byte-identical pcaps, summary.json and report.html`, () => {
      const a = firstRun(name);
      const b = run(join(TOPOLOGIES, name));
      dirs.push(b.dir);
      expect(a.code).to.equal(0);
      expect(b.code).to.equal(0);
      expect(readFileSync(join(a.dir, 'summary.json'))).to.deep.equal(readFileSync(join(b.dir, 'summary.json')));
      expect(readFileSync(join(a.dir, 'report.html')).equals(readFileSync(join(b.dir, 'report.html')))).to.equal(true);
      expect(pcaps(a.dir)).to.deep.equal(pcaps(b.dir));
      for (const f of pcaps(a.dir)) {
        expect(readFileSync(join(a.dir, 'pcap', f)).equals(readFileSync(join(b.dir, 'pcap', f))), f).to.equal(true);
      }
      // The second run's pcaps are not needed any more (tcp-bulk's are 130 MB each).
      rmSync(b.dir, { recursive: true, force: true });
    });
  }

  it('--timings reads the wall clock but changes no result: summary.json and pcaps as without it', () => {
    const a = firstRun('quickstart.yaml');
    const b = run(join(TOPOLOGIES, 'quickstart.yaml'), '--timings');
    dirs.push(b.dir);
    expect(b.code).to.equal(0);
    // The stopwatch was in use: boot took measurable wall time.
    expect(Number(/boot_ms=([0-9.]+)/.exec(b.out)?.[1])).to.be.greaterThan(0);
    expect(readFileSync(join(a.dir, 'summary.json')).equals(readFileSync(join(b.dir, 'summary.json')))).to.equal(true);
    expect(pcaps(b.dir)).to.deep.equal(pcaps(a.dir));
    for (const f of pcaps(a.dir)) {
      expect(readFileSync(join(a.dir, 'pcap', f)).equals(readFileSync(join(b.dir, 'pcap', f))), f).to.equal(true);
    }
  });

  it('docs/summary-schema.md names every key the apps write', () => {
    const doc = readFileSync(join(ROOT, 'docs/summary-schema.md'), 'utf8');
    const missing = new Set<string>();
    const walk = (v: unknown, where: string): void => {
      if (Array.isArray(v)) {
        v.forEach((x) => walk(x, where));
      } else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (!doc.includes(`\`${k}\``)) missing.add(`${where}.${k}`);
          walk(x, where);
        }
      }
    };
    for (const name of names) for (const a of appsOf(firstRun(name).dir)) walk(a, a.type);
    expect([...missing]).to.deep.equal([]);
  });

  it('starts servers before clients that start at the same time, whatever the file order', () => {
    // Over loopback a SYN arrives at once: a sink not yet listening would refuse it.
    const dir = mkdtempSync(join(tmpdir(), 'libsim-order-'));
    dirs.push(dir);
    const file = join(dir, 'order.yaml');
    writeFileSync(
      file,
      `duration: 1s
nodes:
  h1: { interfaces: { eth0: { addresses: [10.0.0.1/24] } } }
apps:
  - { type: tcp-bulk, node: h1, to: 127.0.0.1, bytes: 100KB }
  - { type: tcp-sink, node: h1 }
`,
    );
    const r = run(file, '--no-pcap');
    dirs.push(r.dir);
    expect(r.code, r.err).to.equal(0);
    const [tx, rx] = appsOf(r.dir) as [TcpBulkResult, TcpSinkResult];
    expect(tx.error).to.equal(null);
    expect([tx.bytes_acked, rx.bytes]).to.deep.equal([100_000, 100_000]);
  });

  it('--no-report writes no report.html', () => {
    const r = run(join(TOPOLOGIES, 'quickstart.yaml'), '--no-report', '--no-pcap');
    dirs.push(r.dir);
    expect(r.code, r.err).to.equal(0);
    expect(existsSync(join(r.dir, 'summary.json'))).to.equal(true);
    expect(existsSync(join(r.dir, 'report.html'))).to.equal(false);
  });

  it('a bad topology exits 2 with one line naming file, path and line, and writes no summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'libsim-bad-'));
    dirs.push(dir);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'nodes:\n  h1:\n    interfaces:\n      eth0: { addresses: [10.0.0.300/24] }\n');
    const r = run(bad);
    dirs.push(r.dir);
    expect(r.code).to.equal(2);
    expect(r.err.trim().split('\n')).to.have.length(1);
    expect(r.err)
      .to.contain('bad.yaml')
      .and.to.contain('nodes.h1.interfaces.eth0.addresses[0]')
      .and.to.contain('line 4');
    expect(existsSync(join(r.dir, 'summary.json'))).to.equal(false);
  });
});
