// SPDX-License-Identifier: GPL-2.0-only
/**
 * sim/exec/process-group.ts on a real process group: emptyGroup kills every
 * member, names them, and returns only once none runs.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { emptyGroup, groupMembers } from '../../../sim/exec/process-group';

describe('process group of a command', function () {
  it('emptyGroup kills the leader and every member, and names them', async () => {
    const marker = `libsim-group-${process.pid}`;
    // A leader and two children, all asleep; $0 is the marker.
    const sh = spawn('/bin/sh', ['-c', 'sleep 60 & sleep 60 & wait', marker], { detached: true, stdio: 'ignore' });
    const pgid = sh.pid!;
    const exited = new Promise((r) => sh.on('exit', r));
    // Until both children have exec'd sleep: a forked child is named sh until then.
    const asleep = (): boolean => groupMembers(pgid).filter((m) => m.comm === 'sleep').length === 2;
    for (let i = 0; i < 200 && !asleep(); i++) await new Promise((r) => setTimeout(r, 10));
    const { killed, left } = await emptyGroup(pgid);
    expect(killed.map((m) => m.comm).sort()).to.deep.equal(['sh', 'sleep', 'sleep']);
    expect(left).to.deep.equal([]);
    expect(groupMembers(pgid)).to.deep.equal([]);
    await exited;
  });

  it('an empty group is answered at once', async () => {
    const sh = spawn('/bin/true', [], { detached: true, stdio: 'ignore' });
    await new Promise((r) => sh.on('exit', r));
    expect(await emptyGroup(sh.pid!)).to.deep.equal({ killed: [], left: [] });
  });
});
