// SPDX-License-Identifier: GPL-2.0-only
/**
 * A program that bypasses the shim -- raw system calls, as Go's runtime
 * makes them, or a static program the shim is never loaded into -- still
 * cannot reach the host (issue 17): libsim-exec-start confines every
 * command before its code runs, with the host kernel's own means (seccomp,
 * Landlock, no capabilities).  The fixture tries the host's network, a
 * host directory's files and the simulator's process, and checks that it
 * can still use its scratch directory; each test then checks the host
 * directory byte for byte, mode and mtime, and that nothing connected to
 * a listener on 127.0.0.1.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultShimPath } from '../../../sim/exec/command-runner';
import { commandIdentity } from '../../../sim/exec/exec-identity';
import { hostLandlockAbi, starterPath } from '../../../sim/exec/exec-sandbox';
import { runCli } from '../../helpers/cli';
import type { CliResult } from '../../helpers/cli';
import { repoRoot } from '../../helpers/repo-root';

const ROOT = repoRoot();
const QUICKSTART = join(ROOT, 'topologies/quickstart.yaml');

/** What raw-escape prints where every backstop holds (Landlock ABI 2 or later). */
const HELD = [
  'socket AF_INET: Permission denied',
  'socket AF_INET6 UDP: Permission denied',
  'socket AF_NETLINK: Permission denied',
  'socket AF_UNIX: Permission denied',
  'socketpair: Permission denied',
  'io_uring_setup: Function not implemented',
  'open for writing: Permission denied',
  'open O_TRUNC: Permission denied',
  'create: Permission denied',
  'truncate: Permission denied',
  'unlink: Permission denied',
  'rename: Permission denied',
  'rename into scratch: Permission denied',
  'link into scratch: Invalid cross-device link',
  'symlink: Permission denied',
  'mkdir: Permission denied',
  'mkfifo: Permission denied',
  'chmod: Operation not permitted',
  'chown: Operation not permitted',
  'utimensat: Operation not permitted',
  'setxattr: Operation not permitted',
  'open for reading: ok',
  'fchmod: Operation not permitted',
  'FS_IOC_SETFLAGS: Inappropriate ioctl for device',
  'write a host sysctl: Permission denied',
  'scratch: create: ok',
  'scratch: write: ok',
  'scratch: mkdir: ok',
  'scratch: rename into a subdirectory: ok',
  'scratch: unlink: ok',
  'scratch: rmdir: ok',
  'scratch: setuid file: Permission denied',
  '/dev/null: open for writing: ok',
  '/dev/null: write: ok',
  'kill the simulator (signal 0): Operation not permitted',
  'kill -1 (signal 0): Operation not permitted',
  'kill itself (signal 0): ok',
  'prlimit of the simulator: Operation not permitted',
  'process_vm_readv: Operation not permitted',
  'capabilities: none',
];

/**
 * What it prints under Landlock ABI `abi`: ABI 1 refuses every rename across directories, the scratch directory's own too.
 * `unprivileged`: run as uid 65534 (libsim as root), the host refuses a hard link to a file the command does not own
 * (fs.protected_hardlinks) before Landlock looks at it.
 */
function held(abi: number, unprivileged: boolean): string[] {
  const lines = unprivileged
    ? HELD.map((l) =>
        l === 'link into scratch: Invalid cross-device link' ? 'link into scratch: Operation not permitted' : l,
      )
    : HELD;
  if (abi >= 2) return lines;
  return lines.map((l) =>
    l === 'scratch: rename into a subdirectory: ok'
      ? 'scratch: rename into a subdirectory: Invalid cross-device link'
      : l === 'scratch: unlink: ok'
        ? 'scratch: unlink: No such file or directory'
        : l,
  );
}

/** Whether libsim runs commands as an unprivileged identity here (it runs as root). */
const UNPRIVILEGED = commandIdentity() !== null;

/** Every entry under dir (and dir itself): type, mode, size, mtime, content or link text. */
function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (p: string, rel: string): void => {
    const st = lstatSync(p);
    out.push(
      `${rel} ${st.mode.toString(8)} ${st.size} ${st.mtimeMs} ${st.isFile() ? readFileSync(p).toString('base64') : ''}`,
    );
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e), `${rel}/${e}`);
  };
  walk(dir, '.');
  return out.join('\n');
}

/** Lets the listener take whatever connected while the test waited for a child synchronously. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100));
}

describe('exec backstops: a program that bypasses the shim cannot reach the host', function () {
  let root: string;
  let V: string;
  let dynamic: string;
  let statik: string | null;
  let server: Server;
  let port: number;
  let connections = 0;
  /** The host kernel's Landlock ABI: without one, --allow-exec programs do not run at all. */
  const abi = hostLandlockAbi() ?? 0;

  before(async () => {
    // World-searchable: the shim lets programs read only what every user may.
    root = mkdtempSync(join(tmpdir(), 'libsim-backstops-'));
    chmodSync(root, 0o755);
    const src = join(ROOT, 'test/sim/exec/fixtures/raw-escape.c');
    dynamic = join(root, 'raw-escape');
    execFileSync('gcc', ['-O2', '-Wall', '-o', dynamic, src]);
    statik = join(root, 'raw-escape-static');
    // Static glibc (libc.a) is part of libc6-dev; without it the static cases are skipped.
    if (spawnSync('gcc', ['-O2', '-Wall', '-static', '-o', statik, src]).status !== 0) statik = null;
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  beforeEach(() => {
    V = join(root, 'V');
    rmSync(V, { recursive: true, force: true });
    mkdirSync(V, { mode: 0o755 });
    writeFileSync(join(V, 'v'), 'victim\n', { mode: 0o644 });
    // Old times, so that any change would show.
    utimesSync(join(V, 'v'), 1_000_000, 1_000_000);
    utimesSync(V, 1_000_000, 1_000_000);
    connections = 0;
  });

  /** The fixture through `libsim exec` (dynamically linked: the shim is in it, and bypassed). */
  function viaLibsim(out: string, env?: NodeJS.ProcessEnv): CliResult {
    return runCli(
      ['exec', QUICKSTART, 'h1', '--allow-exec', '--out', out, '--', dynamic, V, String(port)],
      env !== undefined ? { env: { ...process.env, ...env } } : {},
    );
  }

  it('raw system calls of a program run by libsim: no host socket or connection, no host file changed, the scratch directory works', async function () {
    if (abi === 0) this.skip();
    const before = snapshot(V);
    const out = join(root, 'out');
    const r = viaLibsim(out);
    expect(r.code, r.err).to.equal(0);
    expect(r.out.trim().split('\n')).to.deep.equal(held(abi, UNPRIVILEGED));
    expect(r.err).to.equal('');
    await settle();
    expect(connections).to.equal(0);
    expect(snapshot(V)).to.equal(before);
    // The fixture cleaned up after itself in its node's directory; the setuid file was never made.
    expect(readdirSync(join(out, 'nodes', 'h1'))).to.deep.equal([]);
  });

  it("glibc's own sockets (nscd, NSS modules) fail harmlessly: id -un finds the user in /etc/passwd", function () {
    if (abi === 0) this.skip();
    const r = runCli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', '/usr/bin/id', '-un']);
    expect(r.code, r.err).to.equal(0);
    // The node's view of who runs: root, whoever runs libsim (the shim's getuid).
    expect(r.out).to.equal('root\n');
    expect(r.err).to.equal('');
  });

  it('the same held with an older Landlock (ABI 2, 1): seccomp covers what those lack', async () => {
    for (const older of [2, 1].filter((a) => a <= abi)) {
      const before = snapshot(V);
      const out = join(root, `out-abi${older}`);
      const r = viaLibsim(out, { LIBSIM_LANDLOCK_ABI_MAX: String(older) });
      expect(r.code, r.err).to.equal(0);
      expect(r.out.trim().split('\n'), `ABI ${older}`).to.deep.equal(held(older, UNPRIVILEGED));
      await settle();
      expect(connections).to.equal(0);
      expect(snapshot(V)).to.equal(before);
    }
  });

  it('the program built static, straight under libsim-exec-start (no shim at all), is held the same way', async function () {
    if (statik === null || abi === 0) this.skip();
    const scratch = join(root, 'scratch');
    mkdirSync(scratch, { recursive: true });
    const before = snapshot(V);
    const r = spawnSync(starterPath(defaultShimPath()), [statik!, 'raw-escape', V, String(port)], {
      cwd: scratch,
      env: { LIBSIM_NODE_DIR: scratch },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim().split('\n')).to.deep.equal(held(abi, false));
    await settle();
    expect(connections).to.equal(0);
    expect(snapshot(V)).to.equal(before);
    expect(readdirSync(scratch)).to.deep.equal([]);
  });

  it('libsim refuses a statically linked program before anything runs, in one line naming it', function () {
    if (statik === null) this.skip();
    const r = runCli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', statik!, V, String(port)]);
    expect(r.code).to.equal(2);
    expect(r.out).to.equal('');
    expect(r.err).to.equal(
      `libsim: ${statik}: not a dynamically linked program (statically linked, or not an executable): ` +
        "the exec shim cannot be preloaded into it, so none of its calls would reach the node's kernel\n",
    );
    const file = join(root, 'static.yaml');
    writeFileSync(file, `nodes:\n  h1:\n    run:\n      - ${statik} ${V} ${port}\n`);
    const v = runCli(['validate', file, '--allow-exec']);
    expect(v.code).to.equal(2);
    expect(v.err).to.match(
      /^libsim: .*static\.yaml: nodes\.h1\.run\[0\]: .*raw-escape-static: not a dynamically linked program .*\(line 4\)\n$/,
    );
  });

  it('without Landlock, --allow-exec programs are refused before anything runs; the allowlisted tools run, with one note', () => {
    const env = { ...process.env, LIBSIM_LANDLOCK_ABI_MAX: '0' };
    const refused = runCli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', dynamic, V, String(port)], { env });
    expect(refused.code).to.equal(2);
    expect(refused.err).to.match(
      /^libsim: .*raw-escape: --allow-exec programs run only where the host kernel has Landlock .*\n$/,
    );

    const file = join(root, 'tools.yaml');
    writeFileSync(
      file,
      `duration: 1s
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24] }
    run:
      - ip link set eth0 mtu 1400
      - { at: 0.5s, cmd: "ip -o link show eth0" }
      - { at: 0.5s, cmd: "sysctl net.ipv4.ip_forward" }
`,
    );
    const out = join(root, 'out-tools');
    const run = runCli(['run', file, '--out', out, '--no-pcap', '--no-report'], { env });
    expect(run.code, run.err).to.equal(0);
    const notes = run.err.split('\n').filter((l) => l.startsWith('libsim: note: this host kernel has no Landlock'));
    expect(notes).to.have.length(1);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      commands: Array<{ stdout: string }>;
    };
    expect(summary.commands[1]!.stdout).to.match(/eth0: .* mtu 1400 /);
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { shim: { landlockAbi: number } };
    expect(record.shim.landlockAbi).to.equal(0);
    // With Landlock, no note, and run.json has the host's ABI.
    if (abi === 0) return;
    const withLandlock = runCli(['run', file, '--out', out, '--no-pcap', '--no-report']);
    expect(withLandlock.code, withLandlock.err).to.equal(0);
    expect(withLandlock.err).to.equal('');
    const again = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { shim: { landlockAbi: number } };
    expect(again.shim.landlockAbi).to.be.at.least(1);
  });
});
