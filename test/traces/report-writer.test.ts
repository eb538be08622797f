// SPDX-License-Identifier: GPL-2.0-only
/**
 * report.html from a summary made up here (the real runs' reports are
 * rendered in Chromium by test/topologies): which plots appear, with how
 * many data points, and that the page needs nothing from outside.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppResult } from '../../apps/app-result';
import type { RunSummary } from '../../traces/run-summary';
import { parseTopology } from '../helpers/topology';
import { renderReport, writeReport } from '../../traces/report-writer';

const TOPOLOGY = parseTopology(
  `nodes:
  h1: { interfaces: { eth0: { addresses: [10.0.0.1/24] } } }
  "h2": { interfaces: { eth0: { addresses: [10.0.0.2/24] } } }
links:
  - { endpoints: [h1:eth0, h2:eth0], rate: 20Mbps, delay: 10ms }
`,
  'test.yaml',
);

const interval = (
  end: number,
  bytes: number,
): { start_s: number; end_s: number; bytes: number; bits_per_second: number } => ({
  start_s: end - 0.1,
  end_s: end,
  bytes,
  bits_per_second: bytes * 80,
});

function tcpBulk(label: string): AppResult {
  const info = (t: number, cwnd: number): Record<string, number | null> => ({ t_s: t, cwnd, srtt_ms: 20 });
  return {
    type: 'tcp-bulk',
    node: 'h1',
    to: label,
    port: 5201,
    congestion: 'cubic',
    start_s: 0,
    connected_s: 0.02,
    writes_done_s: 1,
    completed_s: 1.1,
    bytes_written: 3000,
    bytes_acked: 3000,
    retransmits: 0,
    goodput_bps: 1,
    intervals: [interval(0.1, 1000), interval(0.2, 1000), interval(0.3, 1000)],
    rtt: [
      { t_s: 0.1, rtt_ms: 20 },
      { t_s: 0.2, rtt_ms: 21 },
      { t_s: 0.3, rtt_ms: 22 },
    ],
    tcp_info: [info(0.1, 10), info(0.2, 20), info(0.3, 30)],
    error: null,
  } as unknown as AppResult;
}

function summary(apps: AppResult[]): RunSummary {
  const dir = {
    framesDelivered: 100,
    dropsQueue: 0,
    dropsLoss: 2,
    dropsDown: 0,
    dropsDownInFlight: 0,
    maxQueueFrames: 5,
  };
  return {
    kernel: '6.1.192',
    seed: 1n,
    duration_ns: 2_000_000_000n,
    apps,
    links: [
      {
        name: 'h1:eth0-h2:eth0',
        a: { node: 'h1', iface: 'eth0' },
        b: { node: 'h2', iface: 'eth0' },
        directions: { ab: { ...dir, dropsQueue: 7 }, ba: dir },
      },
    ],
    nodes: [],
    faults: [],
    checks: [],
  } as unknown as RunSummary;
}

/** figure id → data-expected. */
function figures(html: string): Record<string, number> {
  return Object.fromEntries(
    [...html.matchAll(/<figure class="plot" id="([^"]+)" data-expected="(\d+)">/g)].map((m) => [m[1]!, Number(m[2])]),
  );
}

describe('report.html (traces/report-writer.ts)', () => {
  it('draws topology, throughput, RTT, cwnd and drops, counting every point', () => {
    const html = renderReport(summary([tcpBulk('10.0.0.2')]), TOPOLOGY);
    // Topology: 2 nodes + 1 link; 3 samples per series; 2 link directions.
    expect(figures(html)).to.deep.equal({ topology: 3, throughput: 3, rtt: 3, cwnd: 3, drops: 2 });
    // The queue drop count is written on its bar, and the link's rate and delay on its edge.
    expect(html).to.contain('>7</text>').and.to.contain('20 Mbit/s, 10 ms');
    // The link table: each direction's counters.
    expect(html).to.contain('<tr><td>h1:eth0 → h2:eth0</td><td>100</td><td>7</td><td>2</td><td>0</td><td>5</td></tr>');
    // One polyline per series with its point count.
    expect(html.match(/<polyline class="datum"[^>]*data-n="3"/g)).to.have.length(3);
  });

  it('leaves out plots without data and says so', () => {
    const html = renderReport(summary([]), TOPOLOGY);
    expect(figures(html)).to.deep.equal({ topology: 3, drops: 2 });
    expect(html).to.contain('No TCP flows.').and.to.contain('No RTT samples.');
    // No checks: no checks section.
    expect(html).to.not.contain('<h2>Checks');
  });

  it('lists the checks with their outcome, node, time and why a failed one failed', () => {
    const checks = [
      {
        description: 'r1 at 2s: ip -j route get 10.0.2.2',
        kind: 'command',
        node: 'r1',
        time_ns: 2_000_000_000n,
        ok: true,
        message: null,
        expected: null,
        actual: null,
      },
      {
        description: 'link <x>',
        kind: 'link',
        node: null,
        time_ns: 2_000_000_000n,
        ok: false,
        message: 'ab.dropsQueue: 0 is below the minimum 1',
        expected: null,
        actual: null,
      },
    ];
    const html = renderReport({ ...summary([]), checks } as unknown as RunSummary, TOPOLOGY);
    expect(html).to.contain('<h2>Checks: 1 of 2 ok</h2>');
    expect(html).to.contain(
      '<tr><td>ok</td><td>r1 at 2s: ip -j route get 10.0.2.2</td><td>r1</td><td>2</td><td></td></tr>',
    );
    expect(html).to.contain(
      '<tr><td><strong>FAILED</strong></td><td>link &lt;x&gt;</td><td></td><td>2</td>' +
        '<td>ab.dropsQueue: 0 is below the minimum 1</td></tr>',
    );
  });

  it('is self-contained and escapes what it prints', () => {
    const html = renderReport(summary([tcpBulk('<b>&"x"')]), TOPOLOGY);
    expect(html).to.not.contain('<b>&');
    expect(html).to.contain('&lt;b&gt;&amp;&quot;x&quot;');
    // Nothing is fetched: no src= or href= at all, no URL but the SVG namespace.
    expect(html).to.not.match(/\b(src|href)=/);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).to.not.match(/https?:/);
  });

  it('is the same page for the same summary, written in place only when complete', () => {
    const s = summary([tcpBulk('10.0.0.2')]);
    expect(renderReport(s, TOPOLOGY)).to.equal(renderReport(s, TOPOLOGY));
    const dir = mkdtempSync(join(tmpdir(), 'libsim-report-'));
    try {
      writeReport(join(dir, 'report.html'), s, TOPOLOGY);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).to.equal(renderReport(s, TOPOLOGY));
      expect(existsSync(join(dir, 'report.html.partial'))).to.equal(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
