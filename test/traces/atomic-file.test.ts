// SPDX-License-Identifier: GPL-2.0-only
/** Result files written whole or not at all (traces/atomic-file.ts, and json-writer.ts through it). */
import { expect } from 'chai';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../../traces/atomic-file';
import { writeJson } from '../../traces/json-writer';
import { tempDirs } from '../helpers/cli';

describe('traces/atomic-file', () => {
  const temp = tempDirs('libsim-atomic-');
  after(temp.cleanUp);

  it('writes the whole file in place, through a partial file that does not stay', () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'summary.json'), 'old');
    writeFileAtomically(join(dir, 'summary.json'), 'new');
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).to.equal('new');
    expect(readdirSync(dir)).to.deep.equal(['summary.json']);
  });

  it('a write that fails half way leaves no partial file (summary.json, run.json, report.html, topology.yaml)', () => {
    const dir = temp.make();
    // A directory with something in it where the file should go: the rename fails.
    mkdirSync(join(dir, 'summary.json', 'x'), { recursive: true });
    expect(() => writeJson(join(dir, 'summary.json'), { a: 1 })).to.throw(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(existsSync(join(dir, 'summary.json.partial'))).to.equal(false);
  });
});
