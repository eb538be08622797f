// SPDX-License-Identifier: GPL-2.0-only
/**
 * What a real program costs in simulated time: iperf3 (the Debian binary,
 * as process apps) against the built-in tcp-bulk app on the same two nodes
 * (100 Mbit/s, 5 ms), the same simulated seconds of bulk TCP.  Prints each
 * run's wall time, their ratio (the target of issue 19: iperf3 at most 2x
 * tcp-bulk) and the wall time per call the programs forwarded to their
 * nodes' kernels.  Then the cost of one forwarded call alone (the target:
 * 5 us): a small C program (compiled here with gcc) that makes N calls
 * the kernel answers at once, run with N and with 0, the difference over N.
 *
 *   npm run bench:programs -- [--seconds N] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TWO_HOSTS_NODES } from './workloads';

const REPO = resolve(__dirname, '..', '..', '..');

function topologies(seconds: number): { iperf3: string; tcpBulk: string } {
  const duration = `duration: ${seconds + 4}s\nseed: 1\n`;
  return {
    iperf3:
      duration +
      TWO_HOSTS_NODES +
      `apps:\n  - { type: process, node: h2, start: 1s, cmd: "iperf3 -s -1 -B 10.0.0.2" }\n` +
      `  - { type: process, node: h1, start: 2s, cmd: "iperf3 -c 10.0.0.2 -t ${seconds} -J" }\n`,
    tcpBulk:
      duration +
      TWO_HOSTS_NODES +
      `apps:\n  - { type: tcp-sink, node: h2, port: 5201, start: 1s }\n` +
      `  - { type: tcp-bulk, node: h1, to: 10.0.0.2, port: 5201, duration: ${seconds}s, start: 2s }\n`,
  };
}

/** Runs a topology; its wall time and the system calls its processes forwarded. */
function run(file: string, out: string): { wallS: number; calls: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [join(REPO, 'bin', 'libsim'), 'run', file, '--allow-exec', '--out', out, '--no-pcap', '--no-report'],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`libsim run ${file} exited ${r.status}: ${r.stderr.trim()}`);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
    apps: { type: string; syscalls?: number }[];
  };
  const calls = summary.apps.reduce((n, a) => n + (a.type === 'process' ? (a.syscalls ?? 0) : 0), 0);
  return { wallS, calls };
}

/** A program that makes N getsockopt calls on a socket of its node: each is forwarded and answered at once. */
const CALLS_C = `#include <stdlib.h>
#include <sys/socket.h>
int main(int argc, char **argv)
{
\tint s = socket(AF_INET, SOCK_DGRAM, 0), v, i, n = atoi(argv[1]);
\tsocklen_t l = sizeof(v);

\tfor (i = 0; i < n; i++)
\t\tgetsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l);
\treturn 0;
}
`;

/** Wall time per forwarded call of a program that makes `n` of them, us. */
function perCall(scratch: string, n: number): number {
  const program = join(scratch, 'calls');
  writeFileSync(`${program}.c`, CALLS_C);
  const cc = spawnSync('gcc', ['-O2', '-o', program, `${program}.c`], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`gcc: ${cc.stderr || cc.error?.message}`);
  chmodSync(program, 0o755);
  const wall = (count: number): number => {
    const file = join(scratch, `calls-${count}.yaml`);
    writeFileSync(
      file,
      `duration: 2s\nnodes:\n  h1: {}\napps:\n  - { type: process, node: h1, start: 1s, cmd: "${program} ${count}" }\n`,
    );
    return run(file, join(scratch, `calls-${count}`)).wallS;
  };
  return ((wall(n) - wall(0)) / n) * 1e6;
}

function main(): void {
  let seconds = 2;
  let runs = 1;
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const v = Number(argv[i + 1]);
    if ((argv[i] === '--seconds' || argv[i] === '--runs') && Number.isSafeInteger(v) && v > 0) {
      if (argv[i++] === '--seconds') seconds = v;
      else runs = v;
    } else {
      process.stderr.write('usage: npm run bench:programs -- [--seconds N] [--runs N]\n');
      process.exit(2);
    }
  }
  const scratch = mkdtempSync(join(tmpdir(), 'libsim-bench-programs-'));
  // The programs run as nobody: their results directory must be reachable.
  chmodSync(scratch, 0o755);
  try {
    const t = topologies(seconds);
    writeFileSync(join(scratch, 'iperf3.yaml'), t.iperf3);
    writeFileSync(join(scratch, 'tcp-bulk.yaml'), t.tcpBulk);
    process.stdout.write(`bulk TCP for ${seconds} s over 100 Mbit/s, 5 ms: iperf3 (process apps) and tcp-bulk\n`);
    for (let i = 0; i < runs; i++) {
      const real = run(join(scratch, 'iperf3.yaml'), join(scratch, `iperf3-${i}`));
      const built = run(join(scratch, 'tcp-bulk.yaml'), join(scratch, `tcp-bulk-${i}`));
      process.stdout.write(
        `  run ${i + 1}: iperf3 ${real.wallS.toFixed(2)} s wall (${real.calls} forwarded calls, ` +
          `${((real.wallS / real.calls) * 1e6).toFixed(1)} us each at most), tcp-bulk ${built.wallS.toFixed(2)} s; ` +
          `iperf3/tcp-bulk = ${(real.wallS / built.wallS).toFixed(1)}\n`,
      );
    }
    const n = 100_000;
    for (let i = 0; i < runs; i++) {
      process.stdout.write(
        `  run ${i + 1}: one forwarded call (${n} getsockopt): ${perCall(scratch, n).toFixed(1)} us\n`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
