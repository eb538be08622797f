// SPDX-License-Identifier: GPL-2.0-only
/**
 * Ctrl-C (SIGINT) and SIGTERM during `libsim run` (sim/cli/interrupts.ts):
 * a real child libsim, interrupted while it simulates or while a command
 * of a node runs, stops within a moment, exits 130 / 143 with one line
 * saying so, leaves no staging directory or lock beside --out, leaves the
 * previous complete results byte for byte as they were, and leaves no
 * process of the command behind.  The simulation rarely waits for Node's
 * event loop, so this also shows that the signal is handled mid-run, not
 * at its end.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli } from '../../helpers/cli';
import { repoRoot } from '../../helpers/repo-root';
import { running } from '../../helpers/host-processes';

/** Every file under dir with its bytes: equal snapshots mean nothing changed. */
function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (p: string, rel: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      out.push(`${rel}/`);
      for (const e of readdirSync(p).sort()) walk(join(p, e), `${rel}/${e}`);
    } else {
      out.push(`${rel} ${st.mtimeMs} ${readFileSync(p).toString('base64')}`);
    }
  };
  walk(dir, '.');
  return out.join('\n');
}

async function until(what: string, test: () => boolean, boundMs = 30_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`waited ${boundMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Interrupted {
  code: number | null;
  stderr: string;
  /** From the signal to the exit, ms. */
  ms: number;
}

/**
 * Starts `libsim <command> args`, waits until `ready()` (the run is under way),
 * sends `signal` and waits for the exit.
 */
async function interrupt(
  args: readonly string[],
  ready: () => boolean,
  signal: NodeJS.Signals,
  command = 'run',
): Promise<Interrupted> {
  const child = spawn(process.execPath, [CLI, command, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  const closed = new Promise((resolve) => child.stderr!.on('close', resolve));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await until('the run to be under way', ready);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const t0 = Date.now();
  child.kill(signal);
  const code = await exited;
  const ms = Date.now() - t0;
  await closed;
  return { code, stderr, ms };
}

describe('libsim run: interrupted (SIGINT, SIGTERM)', function () {
  let dir: string;
  let out: string;
  let before: string;

  /** Staging directories and locks beside out. */
  const leftovers = (): string[] => readdirSync(dir).filter((e) => e.startsWith('.out.'));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'libsim-interrupt-'));
    out = join(dir, 'out');
    // A complete earlier run that an interrupted one must leave as it was.
    const first = runCli(['run', join(repoRoot(), 'topologies/quickstart.yaml'), '--out', out]);
    expect(first.code, first.err).to.equal(0);
    before = snapshot(out);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('SIGINT mid-simulation: exit 130 at once, one line, no staging directory or lock, the earlier results untouched', async () => {
    // 60 s of 100 Mbit/s TCP: many seconds of work, never waiting for anything outside the simulation.
    const file = join(dir, 'long.yaml');
    writeFileSync(
      file,
      `duration: 60s
nodes:
  h1: { interfaces: { eth0: { addresses: [10.0.0.1/24] } } }
  h2: { interfaces: { eth0: { addresses: [10.0.0.2/24] } } }
links:
  - { endpoints: [h1:eth0, h2:eth0], rate: 100Mbps, delay: 5ms }
apps:
  - { type: tcp-sink, node: h2 }
  - { type: tcp-bulk, node: h1, to: 10.0.0.2, duration: 59s }
`,
    );
    let seen = 0;
    // Under way: its staging directory has its log, and a second more has passed (booting is long done).
    const r = await interrupt(
      [file, '--out', out, '--no-pcap', '--no-report'],
      () => {
        if (leftovers().some((e) => e.startsWith('.out.partial-'))) seen = seen || Date.now();
        return seen > 0 && Date.now() - seen > 1000;
      },
      'SIGINT',
    );
    expect(r.code).to.equal(130);
    expect(r.stderr).to.equal(
      `libsim: interrupted by SIGINT: the unfinished run was removed; ${out} holds what it held before\n`,
    );
    // The yields every 1,000 events: far less than the rest of the run (tens of seconds).
    expect(r.ms).to.be.below(2000);
    expect(leftovers()).to.deep.equal([]);
    expect(snapshot(out)).to.equal(before);
  });

  it("SIGTERM while a command runs: exit 143, the command's process group killed, nothing left beside --out", async () => {
    const marker = `30.${process.pid}`;
    const file = join(dir, 'command.yaml');
    writeFileSync(
      file,
      `duration: 5s
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24] }
    run:
      - { at: 1s, cmd: "/bin/sleep ${marker}" }
`,
    );
    const r = await interrupt(
      [file, '--out', out, '--allow-exec', '--exec-timeout', '60s'],
      () => running(marker).length > 0,
      'SIGTERM',
    );
    expect(r.code).to.equal(143);
    expect(r.stderr).to.equal(
      `libsim: interrupted by SIGTERM: the unfinished run was removed; ${out} holds what it held before\n`,
    );
    expect(r.ms).to.be.below(2000);
    await until("the command's group to be gone", () => running(marker).length === 0, 2000);
    expect(leftovers()).to.deep.equal([]);
    expect(snapshot(out)).to.equal(before);
  });

  it('exec --out is a results directory too: SIGTERM leaves the earlier results; a finished exec replaces them whole', async () => {
    const marker = `32.${process.pid}`;
    const quickstart = join(repoRoot(), 'topologies/quickstart.yaml');
    // libsim's own command line holds the marker too: wait for the sleep itself.
    const sleeping = (): boolean => running(marker).some((p) => p.split(' ')[1] === '/bin/sleep');
    const r = await interrupt(
      [quickstart, 'h1', '--out', out, '--allow-exec', '--exec-timeout', '60s', '--', '/bin/sleep', marker],
      sleeping,
      'SIGTERM',
      'exec',
    );
    expect(r.code).to.equal(143);
    expect(r.stderr).to.equal(
      `libsim: interrupted by SIGTERM: the unfinished run was removed; ${out} holds what it held before\n`,
    );
    expect(leftovers()).to.deep.equal([]);
    expect(snapshot(out)).to.equal(before);
    const done = runCli(['exec', quickstart, 'h1', '--out', out, '--', 'ip', 'route']);
    expect(done.code, done.err).to.equal(0);
    // Nothing of the earlier run is left beside the exec's own files.
    expect(readdirSync(out)).to.not.include('summary.json');
    expect(leftovers()).to.deep.equal([]);
  });

  it('SIGINT into a new directory: nothing of the run is left, not even the directory', async () => {
    const fresh = join(dir, 'fresh');
    const file = join(dir, 'command.yaml');
    const marker = `31.${process.pid}`;
    writeFileSync(
      file,
      `duration: 5s
nodes:
  h1:
    interfaces:
      eth0: {}
    run:
      - { at: 1s, cmd: "/bin/sleep ${marker}" }
`,
    );
    const r = await interrupt(
      [file, '--out', fresh, '--allow-exec', '--exec-timeout', '60s'],
      () => running(marker).length > 0,
      'SIGINT',
    );
    expect(r.code).to.equal(130);
    expect(readdirSync(dir).sort()).to.deep.equal(['command.yaml', 'out']);
  });
});
