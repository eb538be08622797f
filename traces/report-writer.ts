// SPDX-License-Identifier: GPL-2.0-only
/**
 * report.html: one self-contained page (inline CSS, inline SVG, one small
 * inline script; no network, no external files) with the run's headline
 * results, the topology drawn as a graph, throughput per flow, RTT and
 * cwnd over time, and queue drops per link direction.  The plots are
 * drawn here as SVG, so the page is byte-identical for the same run; the
 * inline script only checks, in the browser, that every plot was laid out
 * with all its data (see report/check-script.ts).
 */
import { writeFileAtomically } from './atomic-file';
import type { AppResult } from '../apps/app-result';
import { resultLine } from '../apps/result-line';
import type { RunSummary } from './run-summary';
import type { Topology } from '../sim/topology/topology';
import { barPlot } from './report/bar-plot';
import type { Bar } from './report/bar-plot';
import { CHECK_SCRIPT } from './report/check-script';
import { linePlot } from './report/line-plot';
import type { Series } from './report/line-plot';
import { escapeXml } from './report/svg';
import { topologyGraph } from './report/topology-graph';

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:900px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}table{border-collapse:collapse}
td,th{padding:2px 10px 2px 0;text-align:left}code{font-size:13px}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
.frame{fill:none;stroke:#999}.grid{stroke:#e4e4e4}.tick,.value,.edge-label{font-size:11px;fill:#444}
.axis{font-size:12px;fill:#222}.link{stroke:#888;stroke-width:2}.node{fill:#fff;stroke:#0072B2;stroke-width:2}
.node-label{font-size:12px;font-weight:600}.legend{font-size:12px}.key{margin-right:14px;white-space:nowrap}
.swatch{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}.none{color:#777}`;

/** The page for a finished run. */
export function renderReport(summary: RunSummary, topology: Topology): string {
  const apps = summary.apps;
  const sections: string[] = [];
  sections.push('<h2>Topology</h2>');
  sections.push(
    topologyGraph(
      'topology',
      'Nodes and links (rate, one-way delay)',
      topology.nodes.map((n) => n.name),
      topology.links.map((l) => ({ a: l.a.node, b: l.b.node, label: `${rateText(l.rate)}, ${msText(l.delay)}` })),
    ),
  );
  sections.push('<h2>Throughput</h2>');
  sections.push(
    plotOrNote(
      throughputSeries(apps),
      (series) =>
        linePlot({
          id: 'throughput',
          title: 'Goodput per flow over time (TCP: bytes acknowledged; UDP: bytes received)',
          xLabel: 'time (s)',
          yLabel: 'Mbit/s',
          series,
        }),
      'No TCP or UDP flows.',
    ),
  );
  sections.push('<h2>Round-trip time</h2>');
  sections.push(
    plotOrNote(
      rttSeries(apps),
      (series) =>
        linePlot({
          id: 'rtt',
          title: 'RTT over time (TCP: smoothed RTT from TCP_INFO; ping, udp-echo: per request)',
          xLabel: 'time (s)',
          yLabel: 'ms',
          series,
        }),
      'No RTT samples.',
    ),
  );
  sections.push('<h2>Congestion window</h2>');
  sections.push(
    plotOrNote(
      cwndSeries(apps),
      (series) =>
        linePlot({
          id: 'cwnd',
          title: 'cwnd per TCP flow (TCP_INFO snapshots)',
          xLabel: 'time (s)',
          yLabel: 'segments',
          series,
        }),
      'No TCP flows.',
    ),
  );
  sections.push('<h2>Queue drops</h2>');
  const bars = dropBars(summary);
  sections.push(
    bars.length === 0
      ? '<p class="none">No links.</p>'
      : barPlot({
          id: 'drops',
          title: 'Frames dropped at a full link queue, per direction',
          yLabel: 'frames',
          bars,
        }),
  );
  sections.push(linkTable(summary));
  const faults = summary.faults.map((f) => `<li>${escapeXml(`${f.node} at ${f.time_ns} ns: ${f.message}`)}</li>`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>libsim report</title>
<style>${STYLE}</style></head>
<body>
<h1>libsim report</h1>
<table>
<tr><th>nodes</th><td>${topology.nodes.length}, links: ${topology.links.length}</td></tr>
<tr><th>kernel</th><td>${escapeXml(summary.kernel)}</td></tr>
<tr><th>seed</th><td>${summary.seed}</td></tr>
<tr><th>duration</th><td>${Number(summary.duration_ns) / 1e9} s</td></tr>
</table>
<h2>Apps</h2>
<ul>${apps.map((a) => `<li>${escapeXml(resultLine(a))}</li>`).join('')}</ul>
${faults.length > 0 ? `<h2>Kernel faults</h2><ul>${faults.join('')}</ul>` : ''}
${checkTable(summary)}
${sections.join('\n')}
<script>${CHECK_SCRIPT}</script>
</body></html>
`;
}

/**
 * Writes the page to `path` through a temporary file renamed into place,
 * so a report.html only exists complete.
 */
export function writeReport(path: string, summary: RunSummary, topology: Topology): void {
  writeFileAtomically(path, renderReport(summary, topology));
}

function plotOrNote(series: Series[], plot: (s: Series[]) => string, note: string): string {
  const withData = series.filter((s) => s.points.length > 0);
  return withData.length === 0 ? `<p class="none">${escapeXml(note)}</p>` : plot(withData);
}

function throughputSeries(apps: readonly AppResult[]): Series[] {
  const out: Series[] = [];
  for (const a of apps) {
    if (a.type === 'tcp-bulk') {
      out.push({
        label: `${a.node} → ${a.to}:${a.port} (${a.congestion ?? 'tcp'})`,
        points: a.intervals.map((i) => [i.end_s, i.bits_per_second / 1e6] as const),
      });
    } else if (a.type === 'udp-sink') {
      for (const s of a.streams) {
        out.push({
          label: `${s.peer} → ${a.node}:${a.port} (udp)`,
          points: s.intervals.map((i) => [i.end_s, i.bits_per_second / 1e6] as const),
        });
      }
    }
  }
  return out;
}

function rttSeries(apps: readonly AppResult[]): Series[] {
  const out: Series[] = [];
  for (const a of apps) {
    if (a.type === 'tcp-bulk') {
      out.push({ label: `${a.node} → ${a.to}:${a.port} srtt`, points: a.rtt.map((r) => [r.t_s, r.rtt_ms] as const) });
    } else if (a.type === 'ping' || a.type === 'udp-echo') {
      out.push({ label: `${a.type} ${a.node} → ${a.to}`, points: a.rtt.map((r) => [r.t_s, r.rtt_ms] as const) });
    }
  }
  return out;
}

function cwndSeries(apps: readonly AppResult[]): Series[] {
  return apps.flatMap((a) =>
    a.type !== 'tcp-bulk'
      ? []
      : [
          {
            label: `${a.node} → ${a.to}:${a.port} (${a.congestion ?? 'tcp'})`,
            points: a.tcp_info.map((i) => [i.t_s, i.cwnd] as const),
          },
        ],
  );
}

function dropBars(summary: RunSummary): Bar[] {
  return summary.links.flatMap((l) => [
    { label: `${l.a.node}:${l.a.iface} → ${l.b.node}:${l.b.iface}`, value: l.directions.ab.dropsQueue },
    { label: `${l.b.node}:${l.b.iface} → ${l.a.node}:${l.a.iface}`, value: l.directions.ba.dropsQueue },
  ]);
}

/** The checks of `checks:`: each one's outcome, node, time and, when it failed, why. */
function checkTable(summary: RunSummary): string {
  if (summary.checks.length === 0) return '';
  const ok = summary.checks.filter((c) => c.ok).length;
  const head = '<tr><th></th><th>check</th><th>node</th><th>time (s)</th><th>why not</th></tr>';
  const rows = summary.checks.map(
    (c) =>
      `<tr><td>${c.ok ? 'ok' : '<strong>FAILED</strong>'}</td>` +
      `<td>${escapeXml(c.description)}</td><td>${escapeXml(c.node ?? '')}</td><td>${Number(c.time_ns) / 1e9}</td>` +
      `<td>${escapeXml(c.message ?? '')}</td></tr>`,
  );
  return `<h2>Checks: ${ok} of ${summary.checks.length} ok</h2><table class="checks">${head}${rows.join('')}</table>`;
}

/** Per link direction: frames delivered and dropped by cause, largest queue. */
function linkTable(summary: RunSummary): string {
  if (summary.links.length === 0) return '';
  const head =
    '<tr><th>direction</th><th>delivered</th><th>queue drops</th><th>lost</th><th>down</th><th>max queue</th></tr>';
  const rows = summary.links.flatMap((l) =>
    (
      [
        [`${l.a.node}:${l.a.iface} → ${l.b.node}:${l.b.iface}`, l.directions.ab],
        [`${l.b.node}:${l.b.iface} → ${l.a.node}:${l.a.iface}`, l.directions.ba],
      ] as const
    ).map(
      ([name, d]) =>
        `<tr><td>${escapeXml(name)}</td><td>${d.framesDelivered}</td><td>${d.dropsQueue}</td>` +
        `<td>${d.dropsLoss}</td><td>${d.dropsDown + d.dropsDownInFlight}</td><td>${d.maxQueueFrames}</td></tr>`,
    ),
  );
  return `<h2>Links</h2><table class="links">${head}${rows.join('')}</table>`;
}

function rateText(bps: bigint): string {
  for (const [unit, f] of [
    ['Gbit/s', 1_000_000_000n],
    ['Mbit/s', 1_000_000n],
    ['kbit/s', 1_000n],
  ] as const) {
    if (bps >= f) return `${Number(bps) / Number(f)} ${unit}`;
  }
  return `${bps} bit/s`;
}

function msText(ns: bigint): string {
  return `${Number(ns) / 1e6} ms`;
}
