// SPDX-License-Identifier: GPL-2.0-only
/**
 * Commands run as an unprivileged host identity when libsim runs as root
 * (issue 17): uid and gid 65534, no supplementary group, set by
 * libsim-exec-start before the program's first instruction.  So the host
 * kernel's own permission checks hold "reads only what every user may
 * read" for a program that bypasses the shim -- root's 0600 and 0640
 * files, which uid 0 could read without any capability, are out of its
 * reach -- and it owns no host file, so not even a forged seccomp mark
 * lets it change a file's mode, owner, times or attributes.  Its scratch
 * directory is lent to it for the command and belongs to whoever ran
 * libsim afterwards.  Through the shim the program still sees the node's
 * view of itself: root.
 *
 * The fixture (fixtures/raw-identity.c) makes raw system calls, by the
 * instruction itself; the tests check the host directory byte for byte,
 * with mode, owner, mtime and ctime, after it.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultShimPath } from '../../../sim/exec/command-runner';
import { commandIdentity } from '../../../sim/exec/exec-identity';
import { hostLandlockAbi, starterPath } from '../../../sim/exec/exec-sandbox';
import { runCli } from '../../helpers/cli';
import { repoRoot } from '../../helpers/repo-root';

const ROOT = repoRoot();
const QUICKSTART = join(ROOT, 'topologies/quickstart.yaml');

/** What raw-identity prints run as uid 65534 by libsim. */
const EXPECTED = [
  'raw getuid: 65534',
  'raw geteuid: 65534',
  'raw getgid: 65534',
  'raw getegid: 65534',
  'raw getgroups: 0',
  'getuid: 0',
  'geteuid: 0',
  'getgid: 0',
  'getgroups: 1',
  'setuid(getuid()): ok',
  'raw setuid(0): Operation not permitted',
  'read secret600: Permission denied',
  'read secret640: Permission denied',
  'read closed/file: Permission denied',
  'read public: read: ok',
  'chmod secret600: Operation not permitted',
  'chmod public: Operation not permitted',
  'chown public: Operation not permitted',
  'fchownat public: Operation not permitted',
  'utimensat public: Operation not permitted',
  'utimensat public (now): Permission denied',
  'setxattr public: Permission denied',
  'removexattr public: Permission denied',
  'open public: ok',
  'fchmod public: Operation not permitted',
  'fchown public: Operation not permitted',
  'chmod the directory: Operation not permitted',
  'scratch: create: ok',
  'scratch: write: ok',
  'scratch: mkdir: ok',
  'scratch: create in it: ok',
  'scratch: symlink: ok',
  'scratch: chmod its own file: ok',
];

/** Every entry under dir (and dir itself): type and mode, owner, size, mtime, ctime, content or link text. */
function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (p: string, rel: string): void => {
    const st = lstatSync(p, { bigint: true });
    out.push(
      `${rel} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.size} ${st.mtimeNs} ${st.ctimeNs} ` +
        `${st.isFile() ? readFileSync(p).toString('base64') : ''}`,
    );
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e), `${rel}/${e}`);
  };
  walk(dir, '.');
  return out.join('\n');
}

describe('exec identity: commands run as an unprivileged host identity', function () {
  let root: string;
  let fixture: string;
  /** The host directory the fixture tries: root's files, one of them behind a 0700 directory. */
  let V: string;
  const identity = commandIdentity();

  before(function () {
    // Only root can give its uid away; without Landlock --allow-exec programs do not run at all.
    if (identity === null || (hostLandlockAbi() ?? 0) === 0) this.skip();
    root = mkdtempSync(join(tmpdir(), 'libsim-identity-'));
    // The program must be one every user may run.
    chmodSync(root, 0o755);
    fixture = join(root, 'raw-identity');
    execFileSync('gcc', ['-O2', '-Wall', '-o', fixture, join(ROOT, 'test/sim/exec/fixtures/raw-identity.c')]);
  });
  after(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  beforeEach(function () {
    if (identity === null) this.skip();
    V = join(root, 'V');
    rmSync(V, { recursive: true, force: true });
    mkdirSync(V, { mode: 0o755 });
    writeFileSync(join(V, 'secret600'), 'shadow-like 600\n', { mode: 0o600 });
    writeFileSync(join(V, 'secret640'), 'shadow-like 640\n', { mode: 0o640 });
    writeFileSync(join(V, 'public'), 'everyone\n', { mode: 0o644 });
    mkdirSync(join(V, 'closed'), { mode: 0o700 });
    writeFileSync(join(V, 'closed', 'file'), 'behind a closed door\n', { mode: 0o644 });
    // The umask may have taken bits: the modes are what the test says.
    chmodSync(join(V, 'secret600'), 0o600);
    chmodSync(join(V, 'secret640'), 0o640);
    chmodSync(join(V, 'public'), 0o644);
    chmodSync(join(V, 'closed'), 0o700);
    for (const f of ['secret600', 'secret640', 'public', 'closed/file', 'closed', '.']) {
      utimesSync(join(V, f), 1_000_000, 1_000_000);
    }
  });

  it("raw system calls read none of root's 0600 and 0640 files and change no host file, even with the shim's mark forged", () => {
    const before = snapshot(V);
    const out = join(root, 'out-raw');
    const r = runCli(['exec', QUICKSTART, 'h1', '--allow-exec', '--out', out, '--', fixture, V]);
    expect(r.code, r.err).to.equal(0);
    expect(r.out.trim().split('\n')).to.deep.equal(EXPECTED);
    expect(r.err).to.equal('');
    expect(r.out).not.to.contain('shadow-like').and.not.to.contain('closed door');
    // Content, mode, owner, mtime and ctime: chown(-1, -1), which any user may make, would have touched the ctime.
    expect(snapshot(V)).to.equal(before);
  });

  it("what the command made in its scratch directory belongs to whoever ran libsim afterwards, its link's target untouched", () => {
    const passwd = lstatSync('/etc/passwd', { bigint: true });
    const out = join(root, 'out-owner');
    const r = runCli(['exec', QUICKSTART, 'h1', '--allow-exec', '--out', out, '--', fixture, V]);
    expect(r.code, r.err).to.equal(0);
    const scratch = join(out, 'nodes', 'h1');
    const owners = ['.', 'made', 'sub', 'sub/deeper', 'link'].map((f) => {
      const st = lstatSync(join(scratch, f));
      return `${f} ${st.uid}:${st.gid}`;
    });
    const me = `${process.getuid!()}:${process.getgid!()}`;
    expect(owners).to.deep.equal(['.', 'made', 'sub', 'sub/deeper', 'link'].map((f) => `${f} ${me}`));
    // Its own chmod held (it owned the file then); the link was changed, not what it points to.
    expect(statSync(join(scratch, 'made')).mode & 0o7777).to.equal(0o640);
    expect(readFileSync(join(scratch, 'made'), 'utf8')).to.equal('mine\n');
    const after = lstatSync('/etc/passwd', { bigint: true });
    expect(`${after.uid}:${after.gid} ${after.ctimeNs}`).to.equal(`${passwd.uid}:${passwd.gid} ${passwd.ctimeNs}`);
  });

  it('through the shim the program is root, as in its node (id); the host kernel sees uid 65534 (/proc/self/status)', () => {
    const id = runCli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', '/usr/bin/id']);
    expect(id.code, id.err).to.equal(0);
    expect(id.out).to.equal('uid=0(root) gid=0(root) groups=0(root)\n');
    const u = runCli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', '/usr/bin/id', '-u']);
    expect(u.out).to.equal('0\n');
    const status = runCli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', '/bin/cat', '/proc/self/status']);
    expect(status.code, status.err).to.equal(0);
    const line = (k: string): string =>
      status.out
        .split('\n')
        .find((l) => l.startsWith(`${k}:`))!
        .split(/\s+/)
        .slice(1)
        .join(' ');
    expect(line('Uid')).to.equal('65534 65534 65534 65534');
    expect(line('Gid')).to.equal('65534 65534 65534 65534');
    expect(line('Groups')).to.equal('');
    expect(line('CapEff')).to.equal('0000000000000000');
    expect(line('CapBnd')).to.equal('0000000000000000');
  });

  it('a later command rewrites what an earlier one wrote: the scratch directory is lent again, and taken back', () => {
    const file = join(root, 'twice.yaml');
    writeFileSync(
      file,
      `duration: 1s
nodes:
  h1:
    run:
      - ss -t -a -D dump
      - { at: 0.5s, cmd: "ss -t -a -D dump" }
`,
    );
    const out = join(root, 'out-twice');
    const r = runCli(['run', file, '--out', out, '--no-pcap', '--no-report']);
    expect(r.code, r.err).to.equal(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      commands: Array<{ exit: number; stderr: string }>;
    };
    expect(summary.commands.map((c) => [c.exit, c.stderr])).to.deep.equal([
      [0, ''],
      [0, ''],
    ]);
    const st = lstatSync(join(out, 'nodes', 'h1', 'dump'));
    expect(`${st.uid}:${st.gid}`).to.equal(`${process.getuid!()}:${process.getgid!()}`);
    // The provenance record says who the commands were on the host.
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { shim: { commandIdentity: unknown } };
    expect(record.shim.commandIdentity).to.deep.equal({ uid: 65534, gid: 65534 });
  });

  it('libsim and its results under directories only root may search (/root): the shim still loads, the scratch directory still works', () => {
    const closed = join(root, 'closed-home');
    mkdirSync(closed, { mode: 0o700 });
    chmodSync(closed, 0o700);
    const build = join(closed, 'build');
    mkdirSync(build);
    copyFileSync(defaultShimPath(), join(build, 'libsim-exec-shim.so'));
    copyFileSync(starterPath(), join(build, 'libsim-exec-start'));
    chmodSync(join(build, 'libsim-exec-start'), 0o755);
    const out = join(closed, 'out');
    const r = runCli(['exec', QUICKSTART, 'h1', '--out', out, '--', 'ss', '-t', '-a', '-D', 'dump'], {
      env: { ...process.env, LIBSIM_EXEC_SHIM: join(build, 'libsim-exec-shim.so') },
    });
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.equal('');
    // A netlink dump of the node's (empty) TCP table: written through the node's kernel, into the scratch directory.
    expect(statSync(join(out, 'nodes', 'h1', 'dump')).uid).to.equal(process.getuid!());
    // Without --out: a 0700 temporary directory.
    const tmp = runCli(['exec', QUICKSTART, 'h1', '--', 'ss', '-t', '-a', '-D', 'dump']);
    expect(tmp.code, tmp.err).to.equal(0);
    expect(tmp.err).to.equal('');
  });

  it('a program not every user may run is refused before anything runs, saying why', () => {
    const closed = join(root, 'closed-bin');
    mkdirSync(closed, { mode: 0o700 });
    chmodSync(closed, 0o700);
    copyFileSync(fixture, join(closed, 'raw-identity'));
    const hidden = runCli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', join(closed, 'raw-identity'), V]);
    expect(hidden.code).to.equal(2);
    expect(hidden.out).to.equal('');
    expect(hidden.err).to.equal(
      `libsim: ${join(closed, 'raw-identity')}: not a program every user may run ` +
        `(${closed} is not searchable by every user): commands run as uid 65534, not as root, so that the host kernel ` +
        'holds them to what every user may do\n',
    );
    const own = join(root, 'owner-only');
    copyFileSync(fixture, own);
    chmodSync(own, 0o750);
    const mode = runCli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', own, V]);
    expect(mode.code).to.equal(2);
    expect(mode.err).to.contain('(mode 0750: not executable by every user)');
  });
});
