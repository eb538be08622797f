// SPDX-License-Identifier: GPL-2.0-only
/**
 * A results directory is a complete record of its experiment: results that
 * depend only on the experiment (not on paths, directories or the
 * environment), run.json with the provenance, a copy of the topology, and
 * `libsim reproduce` to check them, all through the real bin/libsim.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { CliResult, runCli, tempDirs } from '../../helpers/cli';

const ROOT = join(__dirname, '../../../..');
const QUICKSTART = join(ROOT, 'topologies/quickstart.yaml');
const ROUTER = join(ROOT, 'topologies/router.yaml');
const LIBRARY = join(ROOT, 'kernel/build/liblinux.so');

const libsim = (args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult =>
  runCli(args, options);

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** The bytes of every result file a reproduction compares, by relative path. */
function results(dir: string): Map<string, Buffer> {
  const files = ['summary.json', 'report.html', ...readdirSync(join(dir, 'pcap')).map((f) => `pcap/${f}`)];
  return new Map(files.map((f) => [f, readFileSync(join(dir, f))]));
}

describe('results directories: provenance and libsim reproduce', function () {
  const temp = tempDirs('libsim-repro-');
  const tmp = temp.make;
  after(temp.cleanUp);
  const rmAfter: string[] = [];
  after(() => rmAfter.forEach((d) => rmSync(d, { recursive: true, force: true })));
  /** A differing rerun is kept for inspection: the test removes it (and checks it was kept). */
  const keptRerun = (out: string): void => {
    const m = /^rerun kept in (.+)$/m.exec(out);
    expect(m, 'rerun kept').to.not.equal(null);
    expect(existsSync(m![1]!)).to.equal(true);
    rmAfter.push(m![1]!);
  };

  let original = '';
  before(() => {
    original = tmp();
    const r = libsim(['run', ROUTER, '--out', original]);
    expect(r.code, r.err).to.equal(0);
  });

  it('the same content by another path, from another directory, with --out elsewhere and another environment: the same bytes', () => {
    const elsewhere = tmp();
    mkdirSync(join(elsewhere, 'deep', 'er'), { recursive: true });
    const copy = join(elsewhere, 'deep', 'er', 'renamed-topology.yaml');
    copyFileSync(ROUTER, copy);
    const out = join(elsewhere, 'out');
    const env = {
      ...process.env,
      HOME: elsewhere,
      LANG: 'de_DE.UTF-8',
      TZ: 'Pacific/Kiritimati',
      EXTRA: 'x'.repeat(1000),
    };
    const r = libsim(['run', join('er', 'renamed-topology.yaml'), '--out', out], { cwd: join(elsewhere, 'deep'), env });
    expect(r.code, r.err).to.equal(0);
    const a = results(original);
    const b = results(out);
    expect([...b.keys()]).to.deep.equal([...a.keys()]);
    for (const [f, bytes] of a) expect(bytes.equals(b.get(f)!), f).to.equal(true);
  });

  it('what a tool prints about a refused host path does not depend on where the results are written', () => {
    const dir = tmp();
    const file = join(dir, 'refused.yaml');
    // ../../x from the node's directory <out>/nodes/h1 is <out>/x: inside the results, outside the node's files.
    writeFileSync(
      file,
      `duration: 1s
nodes:
  h1:
    interfaces: { eth0: { addresses: [10.0.0.1/24] } }
    run:
      - { cmd: "ss -t -a -D ../../x", allow-fail: true }
`,
    );
    const a = join(dir, 'first');
    const b = join(tmp(), 'deeper', 'second');
    for (const out of [a, b]) expect(libsim(['run', file, '--out', out, '--no-pcap']).code).to.equal(0);
    const summary = readFileSync(join(a, 'summary.json'), 'utf8');
    expect(summary).to.contain(
      "libsim: ../../x -> <results>/x: writing host files is refused (a node's files are under <results>/nodes/h1)",
    );
    expect(readFileSync(join(b, 'summary.json'), 'utf8')).to.equal(summary);
    expect(existsSync(join(a, 'x'))).to.equal(false);
  });

  it('run.json records the environment, the topology as given and hashed, the kernel build and the tools', () => {
    const record = JSON.parse(readFileSync(join(original, 'run.json'), 'utf8'));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(record.libsim.version).to.equal(pkg.version);
    expect(record.node).to.equal(process.version);
    expect(record.command).to.deep.equal(['run', ROUTER, '--out', original]);
    expect(record.topology).to.deep.equal({
      path: ROUTER,
      sha256: sha256(readFileSync(ROUTER)),
      copy: 'topology.yaml',
    });
    expect(readFileSync(join(original, 'topology.yaml')).equals(readFileSync(ROUTER))).to.equal(true);
    expect(record.experiment).to.deep.equal({
      seed: '1',
      duration_ns: '8000000000',
      pcap: true,
      report: true,
      allowExec: false,
      execTimeoutMs: 10000,
    });
    expect(record.kernels).to.have.length(1);
    const k = record.kernels[0];
    expect(k.nodes).to.deep.equal(['h1', 'h2', 'r1']);
    expect(k.sha256).to.equal(sha256(readFileSync(LIBRARY)));
    expect(k.release).to.match(/^6\.1\.\d+$/);
    // The Debian package the build came from: the one installed here (build.sh rebuilds when it changes).
    const installed = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'linux-source-6.1'], { encoding: 'utf8' }).stdout;
    expect(k.debian).to.equal(installed);
    expect(Date.parse(record.finished)).to.be.at.least(Date.parse(record.started));
    // Nothing of the environment leaked into the summary.
    const summary = readFileSync(join(original, 'summary.json'), 'utf8');
    for (const text of [ROUTER, original, record.host, k.debian].filter((t) => t.length >= 4)) {
      expect(summary).to.not.contain(text);
    }
  });

  it('run.json names each host tool that ran, with its version and hash', () => {
    const out = tmp();
    const r = libsim(['run', join(ROOT, 'topologies/iproute2.yaml'), '--out', out, '--no-pcap', '--no-report']);
    expect(r.code, r.err).to.equal(0);
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    const names = record.tools.map((t: { name: string }) => t.name);
    expect(names).to.include.members(['ip', 'sysctl', 'tc']);
    for (const t of record.tools) {
      expect(t.sha256, t.name).to.equal(sha256(readFileSync(t.path)));
      expect(t.version, t.name).to.be.a('string').and.not.equal('');
    }
    const ip = record.tools.find((t: { name: string }) => t.name === 'ip');
    expect(ip.version).to.equal(spawnSync(ip.path, ['-V'], { encoding: 'utf8' }).stdout.trim());
    expect(record.shim.sha256).to.equal(sha256(readFileSync(record.shim.path)));
  });

  it('reproduce: exit 0 when the rerun gives the same bytes', () => {
    const r = libsim(['reproduce', original]);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/^identical: \d+ files \(summary\.json, report\.html, pcap\//);
  });

  it('reproduce: exit 1 naming the first differing file, and for summary.json the key path', () => {
    const changed = tmp();
    spawnSync('cp', ['-r', `${original}/.`, changed]);
    const s = JSON.parse(readFileSync(join(changed, 'summary.json'), 'utf8'));
    s.apps[1].rtts_ms[2] += 1;
    writeFileSync(join(changed, 'summary.json'), `${JSON.stringify(s, null, 2)}\n`);
    const r = libsim(['reproduce', changed]);
    keptRerun(r.out);
    expect(r.code, r.err).to.equal(1);
    expect(r.out).to.match(/^different: summary\.json differs at apps\[1\]\.rtts_ms\[2\]: /);

    // With the summary back as it was, the first pcap that differs is named.
    copyFileSync(join(original, 'summary.json'), join(changed, 'summary.json'));
    const pcap = join(changed, 'pcap', readdirSync(join(changed, 'pcap')).sort()[0]!);
    const bytes = readFileSync(pcap);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(pcap, bytes);
    const p = libsim(['reproduce', changed]);
    keptRerun(p.out);
    expect(p.code, p.err).to.equal(1);
    expect(p.out).to.contain(
      `different: pcap/${readdirSync(join(changed, 'pcap')).sort()[0]} differs from byte ${bytes.length - 1}`,
    );
  });

  it("reproduce: compares the process apps' whole output, apps/<index>-<node>.stdout and .stderr", function () {
    this.timeout(120_000);
    const dir = tmp();
    // Programs run as nobody reach their node's directory by its absolute path: every user may search it.
    chmodSync(dir, 0o755);
    const file = join(dir, 'p.yaml');
    writeFileSync(
      file,
      `duration: 1s
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24] }
apps:
  - { type: process, node: h1, cmd: "echo hello from h1" }
`,
    );
    const out = join(dir, 'out');
    const run = libsim(['run', file, '--allow-exec', '--out', out]);
    expect(run.code, run.err).to.equal(0);
    expect(readFileSync(join(out, 'apps', '0-h1.stdout'), 'utf8')).to.equal('hello from h1\n');
    const same = libsim(['reproduce', out]);
    expect(same.code, same.err).to.equal(0);
    expect(same.out).to.contain('apps/0-h1.stderr, apps/0-h1.stdout');
    // Output that only the file holds (the summary has it too here, but the file is compared itself).
    writeFileSync(join(out, 'apps', '0-h1.stdout'), 'hello from h2\n');
    const r = libsim(['reproduce', out]);
    keptRerun(r.out);
    expect(r.code, r.err).to.equal(1);
    expect(r.out).to.contain(
      'different: apps/0-h1.stdout differs from byte 12 (14 bytes in the original, 14 in the rerun)',
    );
  });

  it('reproduce: exit 2 naming what differs when the recorded kernel build is not here; --kernel with its bytes runs it', () => {
    const moved = tmp();
    spawnSync('cp', ['-r', `${original}/.`, moved]);
    const record = JSON.parse(readFileSync(join(moved, 'run.json'), 'utf8'));
    // A build this machine does not have: another SHA-256 and Debian revision.
    const realSha = record.kernels[0].sha256;
    record.kernels[0] = {
      ...record.kernels[0],
      sha256: 'ab'.repeat(32),
      debian: '6.1.0-0',
      path: join(moved, 'gone.so'),
    };
    writeFileSync(join(moved, 'run.json'), JSON.stringify(record));
    const r = libsim(['reproduce', moved]);
    expect(r.code).to.equal(2);
    expect(r.err)
      .to.contain('Debian version 6.1.0-0 vs')
      .and.to.contain('SHA-256 abababababab')
      .and.to.contain('--kernel');
    expect(r.err.trim().split('\n')).to.have.length(1);
    // --kernel naming a library whose SHA-256 is not the recorded one is refused too.
    expect(libsim(['reproduce', moved, '--kernel', LIBRARY]).code).to.equal(2);

    // The real build, recorded at a path that is gone: --kernel names a copy of it.
    record.kernels[0] = { ...record.kernels[0], sha256: realSha, path: join(moved, 'gone.so') };
    writeFileSync(join(moved, 'run.json'), JSON.stringify(record));
    const copy = join(moved, 'copy-of-the-build.so');
    copyFileSync(LIBRARY, copy);
    const ok = libsim(['reproduce', moved, '--kernel', copy]);
    expect(ok.code, ok.err).to.equal(0);
  });

  it('reproduce: a directory without run.json, or a topology copy changed since, is bad input', () => {
    const empty = tmp();
    const r = libsim(['reproduce', empty]);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain(join(empty, 'run.json')).and.to.contain('not the results directory of a finished');
    const edited = tmp();
    spawnSync('cp', ['-r', `${original}/.`, edited]);
    writeFileSync(join(edited, 'topology.yaml'), `${readFileSync(join(edited, 'topology.yaml'), 'utf8')}# edited\n`);
    const e = libsim(['reproduce', edited]);
    expect(e.code).to.equal(2);
    expect(e.err).to.contain('topology.yaml: changed since the run');
  });

  it('a run that fails leaves no run.json', () => {
    const out = tmp();
    const r = libsim(['run', QUICKSTART, '--out', out, '--kernel', join(out, 'missing.so')]);
    expect(r.code).to.equal(2);
    expect(existsSync(join(out, 'run.json'))).to.equal(false);
  });
});
