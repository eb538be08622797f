// SPDX-License-Identifier: GPL-2.0-only
/**
 * The scratch directory's owner changes around a command
 * (sim/exec/scratch-owner.ts): lent to the command's identity, taken back
 * after.  The walk must follow no link, change no file that has a name
 * elsewhere, reach names that are not UTF-8 and trees deeper than
 * PATH_MAX, and refuse a directory that is a link.  Needs root (chown).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMAND_IDENTITY, ownIdentity } from '../../../sim/exec/exec-identity';
import { lendScratch, reclaimScratch } from '../../../sim/exec/scratch-owner';
import { ScratchOwnerError } from '../../../sim/exec/scratch-owner-error';

/** Levels of the deep chain: 300 × 17 bytes of path, past PATH_MAX (4096). */
const DEPTH = 300;

describe('sim/exec/scratch-owner', function () {
  let root: string;
  let scratch: string;
  let outside: string;
  const me = ownIdentity();

  before(function () {
    if (process.geteuid!() !== 0) this.skip();
  });
  beforeEach(function () {
    if (process.geteuid!() !== 0) this.skip();
    root = mkdtempSync(join(tmpdir(), 'libsim-scratch-owner-'));
    scratch = join(root, 'nodes', 'h1');
    mkdirSync(scratch, { recursive: true });
    outside = join(root, 'outside');
    writeFileSync(outside, "not the command's\n");
    writeFileSync(join(scratch, 'file'), 'x');
    mkdirSync(join(scratch, 'sub'));
    writeFileSync(join(scratch, 'sub', 'inner'), 'y');
    symlinkSync(outside, join(scratch, 'link-out'));
    symlinkSync('/', join(scratch, 'sub', 'link-root'));
    // A second name of a file outside (as a hard link made before the command would be).
    linkSync(outside, join(scratch, 'hard'));
    // A name that is not UTF-8.
    writeFileSync(Buffer.concat([Buffer.from(`${scratch}/`), Buffer.from([0x6e, 0xff, 0xfe])]), 'z');
    // Deeper than PATH_MAX: made by relative steps, as a program's mkdirat can.
    execFileSync('bash', [
      '-c',
      `cd "$1" && for i in $(seq ${DEPTH}); do mkdir dddddddddddddddd && cd dddddddddddddddd || exit 1; done; echo deep > f`,
      'deep',
      scratch,
    ]);
  });
  afterEach(() => {
    // rm(1), not rmSync: Node's recursive removal goes by whole paths and fails past PATH_MAX.
    if (root !== undefined) execFileSync('rm', ['-rf', '--', root]);
  });

  /** Entries under scratch (find handles any depth) owned by uid. */
  function ownedBy(uid: number): number {
    return Number(
      execFileSync('bash', ['-c', `find "$1" -uid ${uid} | wc -l`, 'count', scratch], { encoding: 'utf8' }).trim(),
    );
  }

  it('lends the directory, following no link and changing no file with a name elsewhere, at any depth; takes all of it back', () => {
    const all = ownedBy(me.uid);
    // ., file, sub, sub/inner, link-out, sub/link-root, hard, the non-UTF-8 name, DEPTH directories and f.
    expect(all).to.equal(8 + DEPTH + 1);
    const lent = lendScratch(scratch, me, COMMAND_IDENTITY);
    // All but the hard link.
    expect(lent).to.equal(all - 1);
    expect(ownedBy(COMMAND_IDENTITY.uid)).to.equal(all - 1);
    expect(lstatSync(join(scratch, 'hard')).uid).to.equal(me.uid);
    expect(lstatSync(join(scratch, 'link-out')).uid).to.equal(COMMAND_IDENTITY.uid);
    expect(lstatSync(join(scratch, 'link-out')).gid).to.equal(COMMAND_IDENTITY.gid);
    // Nothing a link points to changed.
    expect(lstatSync(outside).uid).to.equal(me.uid);
    expect(lstatSync('/').uid).to.equal(0);

    const back = reclaimScratch(scratch, COMMAND_IDENTITY, me);
    expect(back).to.equal(all - 1);
    expect(ownedBy(COMMAND_IDENTITY.uid)).to.equal(0);
    expect(
      Number(
        execFileSync('bash', ['-c', `find "$1" -gid ${COMMAND_IDENTITY.gid} | wc -l`, 'count', scratch], {
          encoding: 'utf8',
        }).trim(),
      ),
    ).to.equal(0);
    expect(ownedBy(me.uid)).to.equal(all);
  });

  it('takes back what the command made, and what has only its group', () => {
    writeFileSync(join(scratch, 'made'), 'm');
    execFileSync('chown', ['65534:65534', join(scratch, 'made')]);
    execFileSync('chown', [`${me.uid}:65534`, join(scratch, 'file')]);
    expect(reclaimScratch(scratch, COMMAND_IDENTITY, me)).to.equal(2);
    for (const f of ['made', 'file']) {
      const st = lstatSync(join(scratch, f));
      expect(`${st.uid}:${st.gid}`).to.equal(`${me.uid}:${me.gid}`);
    }
  });

  it('refuses a scratch directory that is itself a link, changing nothing', () => {
    const link = join(root, 'link-dir');
    symlinkSync(scratch, link);
    expect(() => lendScratch(link, me, COMMAND_IDENTITY)).to.throw(
      ScratchOwnerError,
      /cannot open the scratch directory/,
    );
    expect(ownedBy(COMMAND_IDENTITY.uid)).to.equal(0);
  });
});
