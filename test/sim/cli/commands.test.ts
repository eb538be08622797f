// SPDX-License-Identifier: GPL-2.0-only
/** The CLI's options and exit codes, through the real bin/libsim. */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'bin/libsim');
const QUICKSTART = join(ROOT, 'topologies/quickstart.yaml');

function libsim(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('bin/libsim', () => {
  const dirs: string[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'libsim-cli-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('run: a reader that closes the pipe early (| head) ends neither the run nor its results', () => {
    const out = tmp();
    // `sh -c 'libsim ... | head -c 1'`: head exits after one byte, later writes get EPIPE.
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" run "${QUICKSTART}" --out "${out}" | head -c 1`], {
      encoding: 'utf8',
    });
    expect(r.stderr).to.not.contain('EPIPE');
    expect(existsSync(join(out, 'summary.json'))).to.equal(true);
  });

  it('validate: exit 0 and a count of what the file holds', () => {
    const r = libsim('validate', QUICKSTART);
    expect(r.code).to.equal(0);
    expect(r.out).to.contain('ok (2 nodes, 1 links, 1 apps)');
  });

  it('validate: a missing file is bad input (exit 2), in one line', () => {
    const r = libsim('validate', '/nonexistent/x.yaml');
    expect(r.code).to.equal(2);
    expect(r.err.trim().split('\n')).to.have.length(1);
    expect(r.err).to.contain('/nonexistent/x.yaml').and.to.contain('cannot read');
  });

  it('no command, or an unknown option, is bad input (exit 2) and runs nothing', () => {
    expect(libsim().code).to.equal(2);
    const out = tmp();
    const r = libsim('run', QUICKSTART, '--out', out, '--bogus');
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('bogus');
    expect(existsSync(join(out, 'summary.json'))).to.equal(false);
  });

  it("--help lists every command and a command's options, runs nothing; --version is package.json's", () => {
    const main = libsim('--help');
    expect(main.code).to.equal(0);
    for (const c of ['run FILE', 'exec FILE NODE', 'test PATHS...', 'validate FILE']) expect(main.out).to.contain(c);
    const out = tmp();
    const run = libsim('run', QUICKSTART, '--out', out, '--help');
    expect(run.code).to.equal(0);
    expect(run.out)
      .to.match(/--\[no-\]pcap/)
      .and.to.match(/--log-level LEVEL .*one of fatal, error, warn/);
    expect(existsSync(join(out, 'summary.json'))).to.equal(false);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(libsim('--version').out.trim()).to.equal(pkg.version);
  });

  it('a usage mistake is one line naming the command and the fix', () => {
    const r = libsim('run', QUICKSTART, '--log-level', 'loud');
    expect(r.code).to.equal(2);
    expect(r.err).to.equal('libsim: run: --log-level loud: one of fatal, error, warn, info, debug, trace, silent\n');
  });

  it('--duration and --seed override the file and show in summary.json', () => {
    const out = tmp();
    const r = libsim('run', QUICKSTART, '--out', out, '--duration', '2500ms', '--seed', '7');
    expect(r.code, r.err).to.equal(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.duration_ns).to.equal(2_500_000_000);
    expect(s.seed).to.equal(7);
    // Pings start at 1 s, one a second: by 2.5 s two were sent.
    expect(s.apps[0].transmitted).to.equal(2);
  });

  it('a bad --duration or --seed is bad input naming the option', () => {
    const d = libsim('run', QUICKSTART, '--out', tmp(), '--duration', '5 parsecs');
    expect(d.code).to.equal(2);
    expect(d.err).to.contain('--duration');
    const s = libsim('run', QUICKSTART, '--out', tmp(), '--seed=-3');
    expect(s.code).to.equal(2);
    expect(s.err).to.contain('--seed -3: not a non-negative integer');
    // 2^64 would wrap to seed 0 while the summary said otherwise.
    const big = libsim('run', QUICKSTART, '--out', tmp(), '--seed', '18446744073709551616');
    expect(big.code).to.equal(2);
    expect(big.err.trim()).to.equal(
      'libsim: --seed 18446744073709551616: more than 64 bits (at most 18446744073709551615)',
    );
  });

  it('--seed takes the largest 64-bit value, and summary.json states it exactly', () => {
    const out = tmp();
    const r = libsim(
      'run',
      QUICKSTART,
      '--out',
      out,
      '--duration',
      '1500ms',
      '--no-pcap',
      '--no-report',
      '--seed',
      '18446744073709551615',
    );
    expect(r.code, r.err).to.equal(0);
    // Above 2^53 a JSON number would round: the seed is written as a string.
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).to.contain('"seed": "18446744073709551615"');
  });

  it('a node out of kernel tasks is bad input naming node and time (exit 2), not an internal error', () => {
    const dir = tmp();
    const file = join(dir, 'many-apps.yaml');
    // 300 sinks each hold a task on h1 (64 MiB: about 240 tasks): the command at 1 s gets none.
    writeFileSync(
      file,
      `duration: 2s
nodes:
  h1:
    interfaces: { eth0: { addresses: [10.0.0.1/24] } }
    run:
      - { at: 1s, cmd: "ip link show lo" }
apps:
${Array.from({ length: 300 }, (_, i) => `  - { type: udp-sink, node: h1, port: ${6000 + i} }`).join('\n')}
`,
    );
    const r = libsim('run', file, '--out', join(dir, 'out'), '--no-pcap');
    expect(r.code, r.err).to.equal(2);
    expect(r.err.trim()).to.match(/^libsim: node h1 at 1\.000000000s: out of kernel tasks: .*EAGAIN/);
  });

  it('--no-pcap writes no pcap files but the rest', () => {
    const out = tmp();
    expect(libsim('run', QUICKSTART, '--out', out, '--no-pcap').code).to.equal(0);
    expect(existsSync(join(out, 'pcap'))).to.equal(false);
    expect(existsSync(join(out, 'summary.json'))).to.equal(true);
    expect(existsSync(join(out, 'kernel', 'h1.log'))).to.equal(true);
  });

  it('a failed run leaves the earlier run in the same directory untouched, and no partial files', () => {
    const out = tmp();
    expect(libsim('run', QUICKSTART, '--out', out).code).to.equal(0);
    const before = snapshot(out);
    expect(before.has('summary.json') && before.has('run.json') && before.has('pcap/h1-eth0.pcap')).to.equal(true);
    // Valid YAML the kernel refuses: a route via a gateway on no subnet (ENETUNREACH).
    const bad = join(tmp(), 'bad.yaml');
    writeFileSync(
      bad,
      readFileSync(QUICKSTART, 'utf8').replace(
        '      eth0: { addresses: [10.0.0.1/24, "fd00::1/64"] }',
        '      eth0: { addresses: [10.0.0.1/24, "fd00::1/64"] }\n    routes:\n      - { to: 10.9.0.0/16, via: 10.8.0.1 }',
      ),
    );
    const r = libsim('run', bad, '--out', out);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('h1').and.to.contain('10.9.0.0/16');
    expect(r.err.trim().split('\n')).to.have.length(1);
    expect(snapshot(out)).to.deep.equal(before);
    // Nothing of the failed run beside it either: no staging directory, no lock.
    expect(readdirSync(dirname(out)).filter((e) => e.startsWith(`.${basename(out)}.`))).to.deep.equal([]);
  });

  it('a run replaces its directory whole: no file of an earlier topology stays', () => {
    const out = tmp();
    expect(libsim('run', join(ROOT, 'topologies/iproute2.yaml'), '--out', out).code).to.equal(0);
    expect(existsSync(join(out, 'commands', 'r1.txt'))).to.equal(true);
    expect(libsim('run', QUICKSTART, '--out', out).code).to.equal(0);
    expect(
      [...snapshot(out).keys()].filter(
        (f) => f.startsWith('pcap/') || f.startsWith('commands/') || f.startsWith('kernel/'),
      ),
    ).to.deep.equal(['kernel/h1.log', 'kernel/h2.log', 'pcap/h1-eth0.pcap', 'pcap/h2-eth0.pcap']);
  });

  it('--out that holds files libsim did not write, or is a file, is bad input and stays as it was', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'thesis.tex'), 'mine');
    const r = libsim('run', QUICKSTART, '--out', dir);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain(`--out ${dir}: holds files libsim did not write (thesis.tex)`);
    expect(readdirSync(dir)).to.deep.equal(['thesis.tex']);
    const f = libsim('run', QUICKSTART, '--out', join(dir, 'thesis.tex'));
    expect(f.code).to.equal(2);
    expect(f.err).to.contain('exists and is not a directory');
  });

  it("a second run into a directory in use exits 2 naming the holder; a dead holder's lock is taken over", () => {
    const parent = tmp();
    const out = join(parent, 'res');
    // A live holder: this test's own process.
    writeFileSync(
      join(parent, '.res.lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' }),
    );
    const r = libsim('run', QUICKSTART, '--out', out);
    expect(r.code).to.equal(2);
    expect(r.err.trim()).to.equal(
      `libsim: --out ${out}: in use by libsim pid ${process.pid} on ${hostname()} ` +
        `since 2026-01-01T00:00:00.000Z (lock ${join(parent, '.res.lock')})`,
    );
    expect(existsSync(out)).to.equal(false);
    // A holder that is gone (a killed run), with its staging directory left behind.
    const dead = spawnSync('true').pid!;
    writeFileSync(
      join(parent, '.res.lock'),
      JSON.stringify({ pid: dead, host: hostname(), started: '2026-01-01T00:00:00.000Z' }),
    );
    mkdirSync(join(parent, `.res.partial-${dead}`));
    // And the draft of a lock its writer never linked into place.
    writeFileSync(join(parent, `.res.lock.${dead}`), '{}');
    const ok = libsim('run', QUICKSTART, '--out', out, '--no-pcap');
    expect(ok.code, ok.err).to.equal(0);
    expect(readdirSync(parent)).to.deep.equal(['res']);
  });

  it('two runs into one directory at once: one runs, the other exits 2, and the results are one whole run', async () => {
    const out = join(tmp(), 'res');
    const start = (): Promise<{ code: number; err: string }> =>
      new Promise((done) => {
        const child = spawn(process.execPath, [CLI, 'run', QUICKSTART, '--out', out], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
        });
        child.on('close', (code) => done({ code: code ?? -1, err }));
      });
    const results = await Promise.all([start(), start()]);
    const codes = results.map((x) => x.code).sort();
    // Usually one finds the other's lock; if the first finished before the
    // second started, both ran in turn.  Never a mixture.
    expect([
      [0, 0],
      [0, 2],
    ]).to.deep.include(codes);
    for (const x of results) if (x.code === 2) expect(x.err).to.contain('in use by libsim pid');
    const again = libsim('reproduce', out);
    expect(again.code, again.out + again.err).to.equal(0);
  });
});

/** Every file under `dir` by relative path, with its bytes. */
function snapshot(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) for (const [k, v] of snapshot(dir, rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, rel), 'base64'));
  }
  return out;
}
