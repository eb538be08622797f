// SPDX-License-Identifier: GPL-2.0-only
/**
 * A program run against a node (through the real CLI: `libsim exec`,
 * `run:` commands and command checks) writes host files only in the
 * node's scratch directory, <out>/nodes/<node>, and reads only files every
 * user may read.  Each test tries a real way in -- an allowlisted tool's
 * option that writes or reads a file, relative paths, "..", links the
 * tool made, directory descriptors, every libc entry point (probe
 * program) -- and checks that the host files are exactly as before
 * (content, mode, mtime), and that stderr says why.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'bin/libsim');
const QUICKSTART = join(ROOT, 'topologies/quickstart.yaml');

/** Every entry under dir (and dir itself): type, mode, size, mtime, content or link text. */
function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (p: string, rel: string): void => {
    const st = lstatSync(p);
    const what = st.isSymbolicLink() ? `-> ${readlinkSync(p)}` : st.isFile() ? readFileSync(p).toString('base64') : '';
    out.push(`${rel} ${st.mode.toString(8)} ${st.size} ${st.mtimeMs} ${what}`);
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e), `${rel}/${e}`);
  };
  walk(dir, '.');
  return out.join('\n');
}

function cli(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

interface Command {
  cmd: string;
  exit: number | null;
  stdout: string;
  stderr: string;
}

describe('exec shim: host files', function () {
  let root: string;
  /** The host directory programs try to reach: v (0644), secret (0600), d/, hidden/ (0700) with f. */
  let V: string;
  let victim: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'libsim-hostfiles-'));
    // Every user may search it, so that only the modes set below decide.
    chmodSync(root, 0o755);
    V = join(root, 'V');
    mkdirSync(join(V, 'd'), { recursive: true });
    mkdirSync(join(V, 'hidden'), { mode: 0o700 });
    victim = join(V, 'v');
    writeFileSync(victim, 'victim\n', { mode: 0o644 });
    writeFileSync(join(V, 'secret'), 'link show lo\n', { mode: 0o600 });
    writeFileSync(join(V, 'hidden', 'f'), 'link show lo\n', { mode: 0o644 });
    // Old times, so that any write would show.
    for (const p of [victim, join(V, 'secret'), join(V, 'hidden', 'f'), join(V, 'd'), join(V, 'hidden'), V]) {
      utimesSync(p, 1_000_000, 1_000_000);
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('ss -D FILE through libsim exec, a run: command and a check: the file is untouched and stderr says why', () => {
    const before = snapshot(V);
    const refusal = `libsim: ${victim}: writing host files is refused (a node's files are under `;
    const exec = cli(['exec', QUICKSTART, 'h1', '--', 'ss', '-t', '-a', '-D', victim]);
    expect(exec.stderr).to.contain(refusal);
    expect(snapshot(V)).to.equal(before);

    const file = join(root, 'ss.yaml');
    writeFileSync(
      file,
      `duration: 2s
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24] }
    run:
      - ss -t -a -D ${victim}
checks:
  - { at: 1s, node: h1, cmd: "ss -t -a -D ${victim}", stderr: "writing host files is refused" }
`,
    );
    expect(cli(['validate', file]).status).to.equal(0);
    const out = join(root, 'out');
    const run = cli(['run', file, '--out', out]);
    expect(run.status, run.stderr).to.equal(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      commands: Command[];
      checks: Array<{ ok: boolean; message: string | null }>;
    };
    expect(summary.commands[0]!.stderr).to.contain(`${refusal}<results>/nodes/h1)`);
    expect(summary.checks[0]!.ok, summary.checks[0]!.message ?? '').to.equal(true);
    expect(snapshot(V)).to.equal(before);
  });

  it('writes land in the node\'s scratch directory (its working directory); ".." out of it is refused', () => {
    const out = join(root, 'out');
    const inside = cli(['exec', QUICKSTART, 'h1', '--out', out, '--', 'ss', '-t', '-a', '-D', 'dump']);
    expect(inside.status, inside.stderr).to.equal(0);
    expect(inside.stderr).to.equal('');
    // ss wrote the node's netlink dump (an inet_diag reply ends with NLMSG_DONE: 20 bytes at least).
    expect(statSync(join(out, 'nodes', 'h1', 'dump')).size).to.be.at.least(20);

    const before = snapshot(V);
    const up = `${'../'.repeat(20)}${victim.slice(1)}`;
    const escape = cli(['exec', QUICKSTART, 'h1', '--out', out, '--', 'ss', '-t', '-a', '-D', up]);
    expect(escape.stderr).to.contain(`libsim: ${up} -> ${victim}: writing host files is refused`);
    expect(snapshot(V)).to.equal(before);
  });

  it('ip -batch and tc -batch read only files every user may read', () => {
    const before = snapshot(V);
    const secret = join(V, 'secret');
    const ip = cli(['exec', QUICKSTART, 'h1', '--', 'ip', '-batch', secret]);
    expect(ip.status).to.equal(1);
    expect(ip.stderr).to.contain(
      `libsim: ${secret}: reading host files that not every user may read is refused (mode 0600)`,
    );
    expect(ip.stdout).not.to.contain('lo:');
    const hidden = join(V, 'hidden', 'f');
    const ipHidden = cli(['exec', QUICKSTART, 'h1', '--', 'ip', '-batch', hidden]);
    expect(ipHidden.status).to.equal(1);
    expect(ipHidden.stderr).to.contain(`(${join(V, 'hidden')} is not searchable by every user)`);
    const tc = cli(['exec', QUICKSTART, 'h1', '--', 'tc', '-batch', secret]);
    expect(tc.status).to.equal(1);
    expect(tc.stderr).to.contain(`libsim: ${secret}: reading host files that not every user may read is refused`);
    // The same lines in a file every user may read: they run.
    chmodSync(secret, 0o644);
    const readable = cli(['exec', QUICKSTART, 'h1', '--', 'ip', '-batch', secret]);
    expect(readable.status, readable.stderr).to.equal(0);
    expect(readable.stdout).to.match(/^1: lo: <LOOPBACK/);
    chmodSync(secret, 0o600);
    expect(snapshot(V)).to.equal(before);
  });

  it("nstat neither creates nor changes its history file in the host's /tmp", function () {
    const hist = '/tmp/.nstat.u0';
    if (process.getuid?.() !== 0) this.skip();
    const state = (): string => (existsSync(hist) ? snapshot(hist) : 'absent');
    const before = state();
    for (const args of [['nstat'], ['nstat', '-r'], ['nstat', '-a']]) {
      const r = cli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', ...args]);
      expect(r.status, args.join(' ')).not.to.equal(0);
      expect(r.stderr).to.contain(`libsim: ${hist}: writing host files is refused`);
      expect(state()).to.equal(before);
    }
  });

  it('links the program makes in its directory lead nowhere outside it, dangling ones neither', () => {
    const before = snapshot(V);
    const file = join(root, 'links.yaml');
    writeFileSync(
      file,
      `duration: 1s
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24] }
    run:
      - ln -s ${victim} evil
      - ss -t -a -D evil
      - ln -s ${join(V, 'new')} dangling
      - ss -t -a -D dangling
      - ln -s ${V} vdir
      - ss -t -a -D vdir/v
`,
    );
    const out = join(root, 'out');
    const run = cli(['run', file, '--allow-exec', '--out', out]);
    expect(run.status, run.stderr).to.equal(0);
    const commands = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { commands: Command[] }).commands;
    const stderr = (cmd: string): string => commands.find((c) => c.cmd === cmd)!.stderr;
    expect(stderr('ss -t -a -D evil')).to.contain(`libsim: evil -> ${victim}: writing host files is refused`);
    expect(stderr('ss -t -a -D dangling')).to.contain(
      `libsim: dangling -> ${join(V, 'new')}: writing host files is refused`,
    );
    expect(stderr('ss -t -a -D vdir/v')).to.contain(`libsim: vdir/v -> ${victim}: writing host files is refused`);
    expect(snapshot(V)).to.equal(before);
    expect(readlinkSync(join(out, 'nodes', 'h1', 'evil'))).to.equal(victim);
  });

  it('every libc way to change or read a file (probe program): refused outside, works inside', () => {
    const probe = join(root, 'host-files-probe');
    execFileSync('gcc', ['-O2', '-Wall', '-o', probe, join(ROOT, 'test/sim/exec/fixtures/host-files-probe.c')]);
    const before = snapshot(V);
    const out = join(root, 'out');
    const r = cli(['exec', QUICKSTART, 'h1', '--allow-exec', '--out', out, '--', probe, V]);
    expect(r.status, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).to.equal('done');
    const outside = lines.filter((l) => l.startsWith('outside '));
    const inside = lines.filter((l) => l.startsWith('inside '));
    expect(outside.length).to.be.at.least(75);
    expect(outside.filter((l) => !l.endsWith(': Permission denied'))).to.deep.equal([]);
    expect(inside.filter((l) => !l.endsWith(': ok'))).to.deep.equal([]);
    expect(lines.filter((l) => l.startsWith('read '))).to.deep.equal([
      'read fopen r of a world-readable file: ok',
      'read open O_RDONLY of a world-readable file: ok',
      "read a world-readable file's content: ok",
    ]);
    // One line on stderr for each refusal, saying what and why.
    const said = r.stderr.trim().split('\n');
    expect(said.length).to.equal(outside.length);
    expect(said.filter((l) => !/^libsim: .*(refused|not supported)/.test(l))).to.deep.equal([]);
    expect(snapshot(V)).to.equal(before);
    expect(existsSync('/dev/shm/libsim-probe') || existsSync('/dev/shm/sem.libsim-probe')).to.equal(false);
    const scratch = join(out, 'nodes', 'h1');
    expect(readFileSync(join(scratch, 'out.txt'), 'utf8')).to.equal('hello\n');
    expect(readdirSync(scratch).sort()).to.include.members(['new2', 's', 'fifo', 'at', 'tmp000000', 'own']);
    expect(statSync(join(scratch, 'new2')).mode & 0o7777).to.equal(0o640);
  });
});
