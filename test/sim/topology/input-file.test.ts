// SPDX-License-Identifier: GPL-2.0-only
/** Reading an input file (sim/topology/input-file.ts): regular UTF-8 text only, refusals quick and saying why. */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputFileError } from '../../../sim/topology/input-file-error';
import { MAX_INPUT_BYTES, readInputFile } from '../../../sim/topology/input-file';
import { tempDirs } from '../../helpers/cli';

/** The InputFileError `read` throws, within `ms` (a read that blocks would never return). */
function refused(read: () => unknown, ms = 2_000): InputFileError {
  const t0 = process.hrtime.bigint();
  try {
    read();
  } catch (err) {
    expect(Number((process.hrtime.bigint() - t0) / 1_000_000n)).to.be.below(ms);
    expect(err).to.be.instanceOf(InputFileError);
    return err as InputFileError;
  }
  expect.fail('the file was read');
}

describe('sim/topology/input-file', () => {
  const temp = tempDirs('libsim-input-');
  after(temp.cleanUp);

  it('reads a regular file of UTF-8 text byte for byte, a byte-order mark included', () => {
    const file = join(temp.make(), 't.yaml');
    writeFileSync(file, '\ufeffduration: 1s # é\n');
    expect(readInputFile(file)).to.equal('\ufeffduration: 1s # é\n');
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const fifo = join(temp.make(), 'f.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(refused(() => readInputFile(fifo)).message).to.equal('not a regular file (a FIFO)');
  });

  it('refuses a device and a directory', () => {
    expect(refused(() => readInputFile('/dev/zero')).message).to.equal('not a regular file (a character device)');
    const dir = join(temp.make(), 'd.yaml');
    mkdirSync(dir);
    expect(refused(() => readInputFile(dir)).message).to.equal('not a regular file (a directory)');
  });

  it('refuses a file larger than 64 MiB before reading it', () => {
    expect(MAX_INPUT_BYTES).to.equal(64 * 1024 * 1024);
    const file = join(temp.make(), 'big.yaml');
    writeFileSync(file, '');
    truncateSync(file, MAX_INPUT_BYTES + 1); // sparse: no disk used
    expect(refused(() => readInputFile(file), 500).message).to.equal('larger than 64 MiB (67108865 bytes)');
  });

  it('reads at most the limit, whatever the size the file system reports', () => {
    // procfs reports size 0 for files that have content: the bound is on what is read.
    expect(refused(() => readInputFile('/proc/self/status', 16)).message).to.equal('larger than 16 bytes');
    const file = join(temp.make(), 'ten.yaml');
    writeFileSync(file, '0123456789');
    expect(readInputFile(file, 10)).to.equal('0123456789');
    expect(refused(() => readInputFile(file, 9)).message).to.equal('larger than 9 bytes (10 bytes)');
  });

  it('refuses bytes that are not UTF-8, which a copy of the text could not reproduce', () => {
    const file = join(temp.make(), 'latin1.yaml');
    writeFileSync(file, Buffer.from([0x61, 0xe9, 0x0a]));
    expect(refused(() => readInputFile(file)).message).to.equal('not UTF-8 text');
  });

  it('says why a file cannot be opened', () => {
    expect(refused(() => readInputFile('/nonexistent/t.yaml')).message).to.match(/^cannot read: ENOENT/);
  });
});
