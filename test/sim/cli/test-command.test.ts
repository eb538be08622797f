// SPDX-License-Identifier: GPL-2.0-only
/**
 * `libsim test`, `checks:` in `libsim run` and `--kernel`, through the real
 * bin/libsim: the regression library passes, a wrong check fails with its
 * expected and actual values, node and time.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'bin/libsim');
const REGRESSION = join(ROOT, 'topologies/regression');
const LIBRARY = join(ROOT, 'kernel/build/liblinux.so');

function libsim(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/*
 * h1 -- h2 on one subnet.  The right checks hold on any Linux: the
 * connected route has no gateway, five pings over a 5 ms link are all
 * answered.  The wrong ones: a gateway that does not exist, and a sixth
 * reply.
 */
const CHECKED = `duration: 7s
nodes:
  h1: { interfaces: { eth0: { addresses: [10.0.0.1/24] } } }
  h2: { interfaces: { eth0: { addresses: [10.0.0.2/24] } } }
links:
  - { endpoints: [h1:eth0, h2:eth0], delay: 5ms }
apps:
  - { type: ping, node: h1, to: 10.0.0.2, count: 5, start: 1s }
checks:
  - { at: 2s, node: h1, cmd: "ip -j route get 10.0.0.2", json: [{ dst: 10.0.0.2, dev: eth0 }] }
  - { at: 2500ms, node: h1, cmd: "ip -j route get 10.0.0.2", json: [{ gateway: 10.0.0.254 }] }
  - { app: 0, expect: { received: 6 } }
  - { at: 3s, node: h2, cmd: "ip route get 10.0.0.1", match: "dev eth0", exit: 0 }
`;

describe('libsim test and checks:', function () {
  this.timeout(300_000);
  const dirs: string[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'libsim-checks-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('topologies/regression: every check ok, exit 0, TAP plan matching, JUnit without failures', () => {
    const junit = join(tmp(), 'junit.xml');
    const r = libsim('test', 'topologies/regression', '--junit', junit);
    expect(r.code, r.out + r.err).to.equal(0);
    const lines = r.out.split('\n');
    expect(lines[0]).to.equal('TAP version 13');
    const plan = /^1\.\.(\d+)$/.exec(lines[1]!);
    expect(plan).to.not.equal(null);
    const oks = lines.filter((l) => /^ok \d+ - /.test(l));
    expect(oks).to.have.length(Number(plan![1]));
    expect(lines.filter((l) => l.startsWith('not ok'))).to.deep.equal([]);
    // Every file of the library has checks, and all of them ran.
    const files = readdirSync(REGRESSION).filter((f) => f.endsWith('.yaml'));
    expect(files.length).to.be.at.least(11);
    for (const f of files) {
      expect(
        oks.some((l) => l.includes(`topologies/regression/${f}: `)),
        f,
      ).to.equal(true);
    }
    const xml = readFileSync(junit, 'utf8');
    expect(xml).to.contain(`<testsuites name="libsim test" tests="${plan![1]}" failures="0">`);
    // Deterministic: the same TAP, byte for byte, a second time.
    expect(libsim('test', 'topologies/regression').out).to.equal(r.out);
  });

  it('a wrong check: not ok with expected, actual, node and time; exit 1; the others still ok', () => {
    const dir = tmp();
    const file = join(dir, 'checked.yaml');
    writeFileSync(file, CHECKED);
    const junit = join(dir, 'junit.xml');
    const r = libsim('test', file, '--junit', junit);
    expect(r.code, r.err).to.equal(1);
    expect(r.out).to.contain('1..4\n');
    expect(r.out).to.match(/^ok 1 - .*checked\.yaml: h1 at 2s: ip -j route get 10\.0\.0\.2$/m);
    expect(r.out).to.match(/^not ok 2 - .*checked\.yaml: h1 at 2\.5s: ip -j route get 10\.0\.0\.2$/m);
    expect(r.out).to.match(/^ok 4 - /m);
    const diag2 = r.out.split('not ok 2 - ')[1]!.split('\n  ...\n')[0]!;
    expect(diag2).to.contain('  ---\n');
    expect(diag2).to.match(
      /message: .json: expected element 0 matches no element of the actual array \(at \[0\]\.gateway: missing\)/,
    );
    expect(diag2).to.contain('node: h1\n');
    expect(diag2).to.contain('time: 2.500000000s\n');
    expect(diag2).to.match(/expected:\n\s+- gateway: 10\.0\.0\.254\n/);
    expect(diag2).to.match(/actual:\n\s+- dst: 10\.0\.0\.2\n\s+dev: eth0\n/);
    const diag3 = r.out.split('not ok 3 - ')[1]!.split('\n  ...\n')[0]!;
    expect(diag3).to.contain('app 0 (ping on h1): received = 6');
    expect(diag3).to.contain('received: expected 6, found 5');
    expect(diag3).to.contain('time: 7.000000000s');
    expect(diag3).to.match(/expected:\n\s+received: 6\n\s+actual:\n\s+received: 5$/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).to.contain('tests="4" failures="2"');
    expect(xml).to.contain('<failure message="received: expected 6, found 5">');
  });

  it('libsim run: records the checks in summary.json and exits 1 when one fails', () => {
    const dir = tmp();
    const file = join(dir, 'checked.yaml');
    writeFileSync(file, CHECKED);
    const out = join(dir, 'out');
    const r = libsim('run', file, '--out', out, '--no-pcap', '--no-report');
    expect(r.code).to.equal(1);
    expect(r.out).to.contain('checks: 2 of 4 ok');
    expect(r.err).to.contain('check failed: app 0 (ping on h1): received = 6 (node h1 at 7.000000000s)');
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.checks.map((c: { ok: boolean }) => c.ok)).to.deep.equal([true, false, false, true]);
    expect(s.checks[1]).to.include({ kind: 'command', node: 'h1', time_ns: 2_500_000_000, ok: false });
    expect(s.checks[0]).to.deep.equal({
      description: 'h1 at 2s: ip -j route get 10.0.0.2',
      kind: 'command',
      node: 'h1',
      time_ns: 2_000_000_000,
      ok: true,
      message: null,
      expected: null,
      actual: null,
    });
  });

  it('a bad check is bad input: exit 2, one line with file, path and line', () => {
    const dir = tmp();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, `${CHECKED}  - { link: "h2:eth0-h1:eth0", expect: { ab.framesDelivered: 1 } }\n`);
    const r = libsim('test', file);
    expect(r.code).to.equal(2);
    expect(r.out).to.match(/^not ok 1 - .*bad\.yaml: load$/m);
    expect(r.out).to.contain('checks[4].link: no link "h2:eth0-h1:eth0" (links: h1:eth0-h2:eth0) (line 14)');
    writeFileSync(join(dir, 'good.yaml'), CHECKED);
    expect(libsim('validate', join(dir, 'good.yaml')).out).to.contain('ok (2 nodes, 1 links, 1 apps, 4 checks)');
    const v = libsim('validate', file);
    expect(v.code).to.equal(2);
    expect(v.err.trim().split('\n')).to.have.length(1);
    expect(v.err).to.contain('bad.yaml: checks[4].link: no link').and.to.contain('(line 14)');
  });

  it('--kernel: the same library given by path runs, and summary.json names its version', () => {
    const dir = tmp();
    const byPath = libsim(
      'run',
      'topologies/quickstart.yaml',
      '--out',
      join(dir, 'a'),
      '--no-pcap',
      '--no-report',
      '--kernel',
      realpathSync(LIBRARY),
    );
    expect(byPath.code, byPath.err).to.equal(0);
    const plain = libsim('run', 'topologies/quickstart.yaml', '--out', join(dir, 'b'), '--no-pcap', '--no-report');
    expect(plain.code).to.equal(0);
    const a = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'b', 'summary.json'), 'utf8'));
    // The file is liblinux-<release>.so: the version is the library's own.
    const release = /liblinux-(.+)\.so$/.exec(realpathSync(LIBRARY))![1];
    expect(a.kernel).to.equal(release);
    expect(a).to.deep.equal(b);
    const t = libsim('test', 'topologies/regression/ttl-exceeded.yaml', '--kernel', LIBRARY);
    expect(t.code, t.out).to.equal(0);
    const e = libsim(
      'exec',
      'topologies/quickstart.yaml',
      'h1',
      '--kernel',
      LIBRARY,
      '--',
      'ip',
      '-j',
      'link',
      'show',
      'lo',
    );
    expect(e.code).to.equal(0);
    expect(e.out).to.contain('"ifname":"lo"');
  });

  it('--kernel: a missing file or a library that is not liblinux is bad input (exit 2), nothing runs', () => {
    for (const cmd of [
      ['run', 'topologies/quickstart.yaml'],
      ['test', 'topologies/regression/ttl-exceeded.yaml'],
      ['exec', 'topologies/quickstart.yaml', 'h1'],
    ]) {
      const missing = libsim(
        ...cmd,
        '--kernel',
        '/nonexistent/liblinux.so',
        ...(cmd[0] === 'exec' ? ['--', 'ip', 'link'] : []),
      );
      expect(missing.code, cmd.join(' ')).to.equal(2);
      expect(missing.err).to.contain('--kernel /nonexistent/liblinux.so: no such file');
      expect(missing.out).to.not.contain('ok 1');
    }
    const libm = ['/lib/x86_64-linux-gnu/libm.so.6', '/usr/lib/x86_64-linux-gnu/libm.so.6'].find((p) => {
      try {
        return readFileSync(p).length > 0;
      } catch {
        return false;
      }
    })!;
    const notLinux = libsim('run', 'topologies/quickstart.yaml', '--out', tmp(), '--kernel', libm);
    expect(notLinux.code).to.equal(2);
    expect(notLinux.err).to.contain(`--kernel ${libm}: not a liblinux shared library`);
    const text = libsim('run', 'topologies/quickstart.yaml', '--out', tmp(), '--kernel', join(ROOT, 'README.md'));
    expect(text.code).to.equal(2);
    expect(text.err).to.contain('not a liblinux shared library');
  });
});
