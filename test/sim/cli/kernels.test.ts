// SPDX-License-Identifier: GPL-2.0-only
/**
 * Kernel builds through the real bin/libsim: `libsim kernels` lists the
 * builds kept in the cache, and a node may run its own build (`kernel:`),
 * here a copy of the library relabelled with another version text -- as
 * a kernel developer's patched build would run beside stock 6.1.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliResult, runCli, tempDirs } from '../../helpers/cli';

const ROOT = join(__dirname, '../../../..');
const LIBRARY = realpathSync(join(ROOT, 'kernel/build/liblinux.so'));

const libsim = (args: readonly string[], env?: NodeJS.ProcessEnv): CliResult =>
  runCli(args, env !== undefined ? { env } : {});

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** The library with its version text "#1 libsim" replaced by `text` (same length) everywhere. */
function relabelled(text: string): Buffer {
  const bytes = Buffer.from(readFileSync(LIBRARY));
  const from = Buffer.from('#1 libsim');
  let n = 0;
  for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 1), n++) bytes.write(text, at, 'latin1');
  expect(n, 'version text occurrences').to.be.at.least(2);
  return bytes;
}

const TWO_HOSTS = (h2Kernel: string): string => `duration: 4s
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24] }
  h2:
    kernel: ${h2Kernel}
    interfaces:
      eth0: { addresses: [10.0.0.2/24] }
links:
  - { endpoints: [h1:eth0, h2:eth0], delay: 5ms }
apps:
  - { type: ping, node: h1, to: 10.0.0.2, count: 3, interval: 1s, start: 1s }
checks:
  - { at: 1s, node: h1, cmd: "sysctl -n kernel.version", match: "^#1 libsim$" }
  - { at: 1s, node: h2, cmd: "sysctl -n kernel.version", match: "^#2 libsim$" }
  - { app: 0, expect: { received: 3 } }
`;

describe('kernel builds: libsim kernels and a kernel per node', function () {
  const temp = tempDirs('libsim-kernels-');
  const tmp = temp.make;
  after(temp.cleanUp);

  it('libsim kernels lists the kept builds with SHA-256, release, Debian version and path; * marks the default', () => {
    const cache = tmp();
    const sum = sha256(readFileSync(LIBRARY));
    const other = relabelled('#2 libsim');
    const otherSum = sha256(other);
    const keep = (debian: string, hash: string, bytes: Buffer): string => {
      const dir = join(cache, 'kernels', debian, hash.slice(0, 12));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'liblinux-6.1.192.so'), bytes);
      return join(dir, 'liblinux-6.1.192.so');
    };
    const kept = keep('6.1.192-3', sum, readFileSync(LIBRARY));
    const keptOther = keep('6.1.192-2', otherSum, other);
    const r = libsim(['kernels'], { ...process.env, LIBSIM_CACHE: cache });
    expect(r.code, r.err).to.equal(0);
    const rows = r.out.trimEnd().split('\n');
    expect(rows[0]).to.match(/^\s+SHA-256\s+RELEASE\s+DEBIAN\s+PATH$/);
    // Sorted by the directory they are kept in: 6.1.192-2 first.
    expect(rows[1]!.split(/\s+/)).to.deep.equal(['', otherSum, '6.1.192', debianOf(LIBRARY), keptOther]);
    expect(rows[2]!.split(/\s+/)).to.deep.equal(['*', sum, '6.1.192', debianOf(LIBRARY), kept]);
    expect(rows.at(-1)).to.contain('the default library');
  });

  it('a kept build this libsim cannot load (an older API) is listed as not loadable, and the rest still are', () => {
    const cache = tmp();
    const dir = join(cache, 'kernels', '6.1.192-1', 'aaaaaaaaaaaa');
    mkdirSync(dir, { recursive: true });
    // A shared object without liblinux's functions, as a build of an older API lacks some.
    copyFileSync(realpathSync('/lib/x86_64-linux-gnu/libz.so.1'), join(dir, 'liblinux-6.1.192.so'));
    const r = libsim(['kernels'], { ...process.env, LIBSIM_CACHE: cache });
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(
      new RegExp(`^\\s+[0-9a-f]{64}\\s+\\(not loadable\\)\\s+\\S+\\s+${join(dir, 'liblinux-6.1.192.so')}$`, 'm'),
    );
    expect(r.out).to.match(/^\*\s+[0-9a-f]{64}\s+6\.1\.\d+/m);
    expect(r.out.trimEnd().split('\n').at(-1)).to.match(/^\(not loadable\): kept by an older libsim/);
  });

  it('libsim kernels with an empty cache still names the default library', () => {
    const r = libsim(['kernels'], { ...process.env, LIBSIM_CACHE: tmp() });
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(
      new RegExp(`^\\*\\s+${sha256(readFileSync(LIBRARY))}\\s+6\\.1\\.\\d+\\s+\\S+\\s+${LIBRARY}$`, 'm'),
    );
  });

  it('a node runs the build its kernel: names, beside the default; run.json records each; reproduce finds both', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'patched.so'), relabelled('#2 libsim'));
    writeFileSync(join(dir, 'two.yaml'), TWO_HOSTS('patched.so'));
    const out = join(dir, 'out');
    const r = libsim(['run', join(dir, 'two.yaml'), '--out', out, '--no-pcap']);
    expect(r.code, r.err + r.out).to.equal(0);
    expect(r.out).to.contain('checks: 3 of 3 ok');
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(record.kernels.map((k: { nodes: string[]; sha256: string }) => [k.nodes, k.sha256])).to.deep.equal([
      [['h1'], sha256(readFileSync(LIBRARY))],
      [['h2'], sha256(readFileSync(join(dir, 'patched.so')))],
    ]);
    expect(record.kernels[1].path).to.equal(join(dir, 'patched.so'));
    const again = libsim(['reproduce', out]);
    expect(again.code, again.err + again.out).to.equal(0);
  });

  it('kernel: may name a kept build by the first digits of its SHA-256', () => {
    const cache = tmp();
    const patched = relabelled('#2 libsim');
    const sum = sha256(patched);
    mkdirSync(join(cache, 'kernels', '6.1.192-3', sum.slice(0, 12)), { recursive: true });
    writeFileSync(join(cache, 'kernels', '6.1.192-3', sum.slice(0, 12), 'liblinux-6.1.192.so'), patched);
    const dir = tmp();
    writeFileSync(join(dir, 'two.yaml'), TWO_HOSTS(sum.slice(0, 10)));
    const r = libsim(['run', join(dir, 'two.yaml'), '--out', join(dir, 'out'), '--no-pcap', '--no-report'], {
      ...process.env,
      LIBSIM_CACHE: cache,
    });
    expect(r.code, r.err + r.out).to.equal(0);
    expect(r.out).to.contain('checks: 3 of 3 ok');
  });

  it('a kernel: that names nothing is bad input at its path and line', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'two.yaml'), TWO_HOSTS('deadbeefdeadbeef'));
    const r = libsim(['run', join(dir, 'two.yaml'), '--out', join(dir, 'out')], {
      ...process.env,
      LIBSIM_CACHE: tmp(),
    });
    expect(r.code).to.equal(2);
    expect(r.err.trim().split('\n')).to.have.length(1);
    expect(r.err)
      .to.contain('nodes.h2.kernel')
      .and.to.contain('line 7')
      .and.to.contain('deadbeefdeadbeef: no such file, and no build with this id');
    const missing = join(dir, 'missing.yaml');
    writeFileSync(missing, TWO_HOSTS('../nowhere/liblinux.so'));
    const m = libsim(['validate', missing]);
    expect(m.code).to.equal(2);
    expect(m.err).to.contain('nodes.h2.kernel').and.to.contain('../nowhere/liblinux.so: no such file');
  });

  it('a kernel: file that is no liblinux is bad input naming it', () => {
    const dir = tmp();
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'not-a-kernel.so'));
    writeFileSync(join(dir, 'two.yaml'), TWO_HOSTS('not-a-kernel.so'));
    const r = libsim(['run', join(dir, 'two.yaml'), '--out', join(dir, 'out')]);
    expect(r.code).to.equal(2);
    expect(r.err.trim().split('\n')).to.have.length(1);
    expect(r.err).to.contain('h2').and.to.contain('not-a-kernel.so');
  });
});

/** The Debian version the library records, read with binutils (independent of libsim's ELF reader). */
function debianOf(path: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'libsim-section-'));
  try {
    const out = join(dir, 'section');
    const r = spawnSync('objcopy', ['--dump-section', `.liblinux.source=${out}`, path, join(dir, 'copy.so')], {
      encoding: 'utf8',
    });
    const m = r.status === 0 ? /^linux-source-6\.1 (\S+)\n$/.exec(readFileSync(out, 'utf8')) : null;
    if (!m) throw new Error(`no .liblinux.source in ${path}: ${r.stderr}`);
    return m[1]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
