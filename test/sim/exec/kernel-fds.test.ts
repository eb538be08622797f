// SPDX-License-Identifier: GPL-2.0-only
/**
 * KernelFds: the highest kernel descriptor a program's calls made, which
 * a command's leftovers are closed up to -- results that are descriptors,
 * and the pairs socketpair and pipe2 write into their buffers.
 */
import { expect } from 'chai';
import { SYS } from '../../../sim/kernel/syscall-numbers';
import type { ExecRequest } from '../../../sim/exec/exec-protocol';
import { FORWARDED_SYSCALLS } from '../../../sim/exec/exec-syscalls';
import { KernelFds } from '../../../sim/exec/kernel-fds';

const pair = (a: number, b: number): Buffer => {
  const data = Buffer.alloc(8);
  data.writeInt32LE(a, 0);
  data.writeInt32LE(b, 4);
  return data;
};

const req = (nr: number, ...args: ExecRequest['args']): ExecRequest => ({ nr, thread: 0, args });

describe('sim/exec/kernel-fds', () => {
  it('notes eventfd2 and timerfd_create results, and the pair pipe2 writes', () => {
    const fds = new KernelFds();
    fds.note(req(FORWARDED_SYSCALLS.eventfd2!, { kind: 'int', value: 0n }, { kind: 'int', value: 0n }), 3n);
    expect(fds.highest).to.equal(3);
    fds.note(req(FORWARDED_SYSCALLS.timerfd_create!, { kind: 'int', value: 1n }, { kind: 'int', value: 0n }), 5n);
    expect(fds.highest).to.equal(5);
    fds.note(req(SYS.pipe2, { kind: 'out', data: pair(6, 9) }, { kind: 'int', value: 0n }), 0n);
    expect(fds.highest).to.equal(9);
    fds.note(
      req(SYS.socketpair, ...[0n, 1n, 0n].map((value) => ({ kind: 'int' as const, value })), {
        kind: 'out',
        data: pair(10, 11),
      }),
      0n,
    );
    expect(fds.highest).to.equal(11);
  });

  it('ignores failed calls, calls that make no descriptor and numbers past its bound', () => {
    const fds = new KernelFds();
    fds.note(req(SYS.pipe2, { kind: 'out', data: pair(7, 8) }, { kind: 'int', value: 0n }), -14n);
    fds.note(req(FORWARDED_SYSCALLS.timerfd_settime!, { kind: 'int', value: 3n }), 0n);
    fds.note(req(SYS.read, { kind: 'int', value: 3n }), 40n);
    fds.note(req(SYS.pipe2, { kind: 'out', data: pair(1 << 20, 1 << 21) }, { kind: 'int', value: 0n }), 0n);
    expect(fds.highest).to.equal(-1);
  });
});
