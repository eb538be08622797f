// SPDX-License-Identifier: GPL-2.0-only
/** Finding the liblinux builds kernel/build.sh keeps (sim/kernel/kernel-store.ts), in a made-up cache directory. */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelCacheDir, keptKernelPaths, keptKernelsById, sha256File } from '../../../sim/kernel/kernel-store';

describe('kernel store (the builds kernel/build.sh keeps)', () => {
  let cache = '';
  const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
  /** A kept "library" with the given bytes, in the layout build.sh uses. */
  const keep = (debian: string, content: string, name = 'liblinux-6.1.192.so'): string => {
    const dir = join(cache, 'kernels', debian, sha(content).slice(0, 12));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'libsim-store-'));
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  it('finds the cache as build.sh does: LIBSIM_CACHE, else /var/cache/libsim if writable, else XDG_CACHE_HOME or ~/.cache', () => {
    expect(kernelCacheDir({ LIBSIM_CACHE: '/x/y' })).to.equal('/x/y');
    let varWritable = true;
    try {
      accessSync('/var/cache/libsim', constants.W_OK);
    } catch {
      varWritable = false;
    }
    const fallback = kernelCacheDir({ XDG_CACHE_HOME: '/xdg', HOME: '/home/u' });
    expect(fallback).to.equal(varWritable ? '/var/cache/libsim' : '/xdg/libsim');
    if (!varWritable) expect(kernelCacheDir({ HOME: '/home/u' })).to.equal('/home/u/.cache/libsim');
  });

  it('lists kept libraries sorted by Debian version then hash, skipping other files', () => {
    const b = keep('6.1.192-3', 'b');
    const a = keep('6.1.192-2', 'a');
    const c = keep('6.1.192-3', 'c');
    writeFileSync(join(cache, 'kernels', 'README'), 'not a build');
    writeFileSync(join(a, '..', 'notes.txt'), 'not a library');
    const sorted = [b, c].sort();
    expect(keptKernelPaths(cache)).to.deep.equal([a, ...sorted]);
    expect(keptKernelPaths(join(cache, 'nowhere'))).to.deep.equal([]);
  });

  it('finds a kept library by a SHA-256 prefix; a prefix longer than the directory name is checked against the file', () => {
    const a = keep('6.1.192-2', 'a');
    keep('6.1.192-3', 'b');
    const full = sha('a');
    expect(sha256File(a)).to.equal(full);
    expect(keptKernelsById(full.slice(0, 8), cache)).to.deep.equal([a]);
    expect(keptKernelsById(full.toUpperCase(), cache)).to.deep.equal([a]);
    // The directory matches, the rest of the hash does not.
    const wrongTail = full.slice(0, 12) + (full[12] === '0' ? '1' : '0');
    expect(keptKernelsById(wrongTail, cache)).to.deep.equal([]);
  });
});
