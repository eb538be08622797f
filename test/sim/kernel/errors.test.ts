// SPDX-License-Identifier: GPL-2.0-only
/**
 * The errno table against the host's headers, and the typed errors of the
 * kernel boundary (sim/kernel/errno.ts, errors.ts).
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import { ERRNO, errnoName } from '../../../sim/kernel/errno';
import { KernelApiError, KernelError, KernelFaultError } from '../../../sim/kernel/errors';

describe('errno table and kernel errors', () => {
  it('matches <asm-generic/errno*.h> where installed', function () {
    const files = ['/usr/include/asm-generic/errno-base.h', '/usr/include/asm-generic/errno.h'];
    if (!files.every((f) => fs.existsSync(f))) this.skip();
    const host = new Map<string, number>();
    for (const f of files) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/^#define\s+(E[A-Z0-9]+)\s+(\d+)/gm)) {
        host.set(m[1] as string, Number(m[2]));
      }
    }
    expect(host.size).to.be.greaterThan(100);
    expect(Object.fromEntries(host)).to.deep.equal({ ...ERRNO });
  });

  it('names errnos, keeping the number of unknown ones', () => {
    expect(errnoName(111)).to.equal('ECONNREFUSED');
    expect(errnoName(131)).to.equal('ENOTRECOVERABLE');
    expect(errnoName(999)).to.equal('E?999');
  });

  it('KernelError reads "operation: NAME (n)" from a negative errno', () => {
    const e = new KernelError(-111, 'connect');
    expect(e).to.be.instanceOf(Error);
    expect(e.name).to.equal('KernelError');
    expect(e.message).to.equal('connect: ECONNREFUSED (111)');
    expect(e.errno).to.equal(111);
    expect(e.code).to.equal('ECONNREFUSED');
    expect(e.operation).to.equal('connect');
  });

  it('KernelFaultError carries time and panic text; KernelApiError its call', () => {
    const f = new KernelFaultError('lib_run', 5n, 'BUG!');
    expect(f.name).to.equal('KernelFaultError');
    expect(f.time).to.equal(5n);
    expect(f.panicMessage).to.equal('BUG!');
    expect(f.message).to.contain('BUG!').and.contain('5 ns');
    const a = new KernelApiError('lib_task_create', -3, 'no such task');
    expect(a.name).to.equal('KernelApiError');
    expect(a.message).to.equal('lib_task_create: ESRCH (3): no such task');
  });
});
