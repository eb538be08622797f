// SPDX-License-Identifier: GPL-2.0-only
/**
 * The simulator's benchmark: runs the reference workloads through the CLI
 * (`libsim run --timings`) and prints, per run, wall time, frames carried,
 * simulated seconds per wall second and peak RSS; with --ns3, runs the
 * ns-3 programs of ../shared/peers/ns3 alternately with libsim and prints
 * the ratio of wall times pair by pair and the median.
 *
 *   npm run bench -- [--runs N] [--ns3] [--nodes N] [w1 w2 w3 tree]
 *
 * Wall time is the whole process, start to exit, for both simulators: the
 * kernels' load and boot are part of libsim's cost.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tree, w1, w2, w3, Workload } from './workloads';

const REPO = resolve(__dirname, '..', '..', '..');
const NS3_PEERS = resolve(REPO, '..', 'shared', 'peers', 'ns3');

interface Options {
  runs: number;
  ns3: boolean;
  nodes: number;
  names: string[];
}

interface LibsimRun {
  wallS: number;
  frames: number;
  simS: number;
  timings: Record<string, string>;
}

function usage(msg: string): never {
  process.stderr.write(`bench: ${msg}\nusage: npm run bench -- [--runs N] [--ns3] [--nodes N] [w1 w2 w3 tree]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 1, ns3: false, nodes: 1000, names: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isSafeInteger(v) || v < 1) usage(`${a} needs a positive integer`);
      return v;
    };
    if (a === '--runs') o.runs = value();
    else if (a === '--nodes') o.nodes = value();
    else if (a === '--ns3') o.ns3 = true;
    else if (['w1', 'w2', 'w3', 'tree'].includes(a)) o.names.push(a);
    else usage(`unknown argument ${a}`);
  }
  if (o.names.length === 0) o.names = ['w1', 'w2', 'w3'];
  return o;
}

function workload(name: string, o: Options): Workload {
  if (name === 'w1') return w1();
  if (name === 'w2') return w2();
  if (name === 'w3') return w3();
  return tree(o.nodes);
}

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function runLibsim(file: string, out: string): LibsimRun {
  const t0 = process.hrtime.bigint();
  // bin/libsim: the bundled CLI a user runs.
  const r = spawnSync(
    process.execPath,
    [
      join(REPO, 'bin', 'libsim'),
      'run',
      file,
      '--out',
      out,
      '--no-pcap',
      '--no-report',
      '--log-level',
      'silent',
      '--timings',
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const wallS = seconds(t0);
  if (r.status !== 0) throw new Error(`libsim run ${file} exited ${r.status}: ${r.stderr.trim()}`);
  const line = r.stdout.split('\n').find((l) => l.startsWith('timings:'));
  if (line === undefined) throw new Error(`libsim run ${file}: no timings line`);
  const timings: Record<string, string> = {};
  for (const kv of line.split(' ').slice(1)) {
    const [k, v] = kv.split('=');
    timings[k!] = v!;
  }
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
    duration_ns: string | number;
    links: Array<{ directions: { ab: { framesSent: number }; ba: { framesSent: number } } }>;
  };
  const frames = summary.links.reduce((n, l) => n + l.directions.ab.framesSent + l.directions.ba.framesSent, 0);
  return { wallS, frames, simS: Number(summary.duration_ns) / 1e9, timings };
}

/** Builds the ns-3 programs in a scratch copy; null (with the reason printed) when that is impossible here. */
function buildNs3(scratch: string): string | null {
  if (!existsSync(NS3_PEERS)) {
    process.stdout.write(`ns-3: ${NS3_PEERS} not found, side by side skipped\n`);
    return null;
  }
  if (!existsSync('/usr/include/ns3.37') && !existsSync('/usr/include/ns3')) {
    process.stdout.write('ns-3: not installed (apt-get install ns3 libns3-dev), side by side skipped\n');
    return null;
  }
  const dir = join(scratch, 'ns3');
  cpSync(NS3_PEERS, dir, { recursive: true });
  const r = spawnSync('sh', ['./build.sh'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stdout.write(`ns-3: build failed, side by side skipped:\n${r.stderr}\n`);
    return null;
  }
  return dir;
}

function runNs3(dir: string, program: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(join(dir, program), [], { cwd: dir, encoding: 'utf8' });
  const wallS = seconds(t0);
  if (r.status !== 0) throw new Error(`ns-3 ${program} exited ${r.status}: ${r.stderr.trim()}`);
  return wallS;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'libsim-bench-'));
  try {
    const ns3Dir = o.ns3 ? buildNs3(scratch) : null;
    for (const name of o.names) {
      const w = workload(name, o);
      const file = join(scratch, `${w.name}.yaml`);
      writeFileSync(file, w.yaml);
      process.stdout.write(`\n${w.name}: ${w.description}\n`);
      const ratios: number[] = [];
      for (let i = 0; i < o.runs; i++) {
        const out = join(scratch, `${w.name}-${i}`);
        mkdirSync(out, { recursive: true });
        const r = runLibsim(file, out);
        const t = r.timings;
        process.stdout.write(
          `  libsim run ${i + 1}: wall ${r.wallS.toFixed(2)} s, frames ${r.frames}, ` +
            `${(r.simS / (Number(t.run_ms) / 1000)).toFixed(2)} sim-s/wall-s, peak RSS ${t.peak_rss_mib} MiB, ` +
            `${t.nodes} nodes: load ${t.load_ms_per_node} + boot ${t.boot_ms_per_node} ms/node, build ${t.build_ms} ms, run ${t.run_ms} ms\n`,
        );
        rmSync(out, { recursive: true, force: true });
        if (ns3Dir !== null && w.ns3 !== null) {
          const n = runNs3(ns3Dir, w.ns3);
          ratios.push(r.wallS / n);
          process.stdout.write(
            `  ns-3   run ${i + 1}: wall ${n.toFixed(2)} s; libsim/ns-3 = ${(r.wallS / n).toFixed(2)}\n`,
          );
        }
      }
      if (ratios.length > 0) {
        process.stdout.write(`  median libsim/ns-3 wall-time ratio: ${median(ratios).toFixed(2)}\n`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
