// SPDX-License-Identifier: GPL-2.0-only
/**
 * Wild accesses in a node's kernel (machine faults, not BUG()): the fault
 * guard (kernel/host/fault-guard.c) every copy is registered with makes
 * each one a KernelFaultError of that copy alone; faults of the host's own
 * code, and WebAssembly's traps, are left to what handled them before.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEBUG_OP, WILD_ACCESS, WildAccess } from '../../../sim/kernel/debug-ops';
import { KernelFaultError } from '../../../sim/kernel/errors';
import { LibLinux } from '../../../sim/kernel/liblinux';
import { SYS } from '../../../sim/kernel/syscall-numbers';
import { boot, callNow } from '../../helpers/kernel-harness';
import { repoRoot } from '../../helpers/repo-root';

/** How each kind's panic message starts (the ip's offset depends on the build). */
const MESSAGES: Record<WildAccess, string> = {
  write: 'SIGSEGV in kernel code: unable to handle page fault for address 0x10, ip liblinux+0x',
  poison: 'SIGSEGV in kernel code: general protection fault, ip liblinux+0x',
  call: 'SIGSEGV in kernel code: unable to handle page fault for address 0x0, ip 0x0',
  stack: 'SIGSEGV in kernel code: unable to handle page fault for address 0xff8, ip liblinux+0x',
  divide: 'SIGFPE in kernel code: divide error, ip liblinux+0x',
  illegal: 'SIGILL in kernel code: invalid opcode, ip liblinux+0x',
};

/** The part of the WebAssembly global used here (tsconfig's libraries do not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
  RuntimeError: new () => Error;
};

/** The error `fn` throws (a failure if it returns). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

/*
 * (module (memory 1) (func (export "f") (result i32) (i32.load (i32.const -16))))
 * A load past the end of its memory: V8 catches it with a SIGSEGV handler
 * (its trap handler, behind Node's) and throws a RuntimeError.
 */
const OUT_OF_BOUNDS_WASM = Buffer.from(
  [
    '0061736d01000000', // magic, version 1
    '01050160' + '00017f', // types: () -> i32
    '03020100', // functions: one of type 0
    '0503010001', // memory: one page
    '0705010166' + '0000', // export "f": function 0
    '0a0901070041702802000b', // code: i32.const -16, i32.load, end
  ].join(''),
  'hex',
);

describe('LibLinux wild accesses (the fault guard)', () => {
  let other: LibLinux;
  let task: number;

  before(() => {
    other = boot(30n);
    task = other.taskCreate(0, other.now());
  });
  after(() => other.close());

  for (const kind of Object.keys(WILD_ACCESS) as WildAccess[]) {
    it(`a ${kind} fault is a KernelFaultError of its copy alone, then and on every later call`, () => {
      const dying = boot(31n);
      try {
        const at = dying.now() + 1000n;
        const fault = thrownBy(() => dying.debug(DEBUG_OP.fault, BigInt(WILD_ACCESS[kind]), at));
        expect(fault).to.be.instanceOf(KernelFaultError);
        const f = fault as KernelFaultError;
        expect(f.time).to.equal(at);
        expect(f.panicMessage.startsWith(MESSAGES[kind]), f.panicMessage).to.equal(true);
        expect(dying.isDead()).to.equal(true);
        expect(dying.logLines().at(-1)).to.match(/^\[\s*1\.000001\] /);
        expect(dying.logLines().at(-1)).to.contain(f.panicMessage);
        expect(() => dying.run(at + 1n)).to.throw(KernelFaultError);
        expect(() => dying.taskCreate(0, at + 1n)).to.throw(KernelFaultError);
        expect(dying.nextDeadline()).to.equal(null);
        expect(dying.netdevTransmitted()).to.deep.equal([]);
        expect(dying.completions()).to.deep.equal([]);
        // The process and the other copy live on.
        expect(callNow(other, task, SYS.getpid, []) > 0n).to.equal(true);
        other.run(other.now() + 1_000_000n);
      } finally {
        dying.close();
      }
    });
  }

  it("leaves WebAssembly's own traps to Node: an out-of-bounds load still throws RuntimeError", () => {
    const wasm = new WebAssembly.Instance(new WebAssembly.Module(OUT_OF_BOUNDS_WASM));
    const load = wasm.exports['f'] as () => number;
    expect(load).to.throw(WebAssembly.RuntimeError, /out of bounds/);
    expect(callNow(other, task, SYS.getpid, []) > 0n).to.equal(true);
  });

  describe('faults of the host itself, with copies registered', () => {
    const liblinux = join(repoRoot(), 'dist/sim/kernel/liblinux.js');
    const debugOps = join(repoRoot(), 'dist/sim/kernel/debug-ops.js');
    /** A child that boots two copies, kills one with a wild access, then runs `then`. */
    const child = (then: string): ReturnType<typeof spawnSync> =>
      spawnSync(
        process.execPath,
        [
          '-e',
          `
      const { LibLinux } = require(${JSON.stringify(liblinux)});
      const { DEBUG_OP } = require(${JSON.stringify(debugOps)});
      const a = new LibLinux(), b = new LibLinux();
      a.init({ seed: 1n }, 0n);
      b.init({ seed: 2n }, 0n);
      try { a.debug(DEBUG_OP.fault, 0n, 1n); } catch (e) { if (e.name !== 'KernelFaultError') throw e; }
      ${then}
      process.exit(7);
    `,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );

    it('a bad pointer in host code still ends the process with SIGSEGV', () => {
      // strlen(NULL), in libc: the host's own bug.
      const r = child(`require('koffi').load('libc.so.6').func('size_t strlen(const char *s)')(null);`);
      expect(r.signal, String(r.stderr)).to.equal('SIGSEGV');
    });

    it('a SIGSEGV sent to the process still ends it', () => {
      const r = child('process.kill(process.pid, "SIGSEGV"); setTimeout(() => {}, 5000);');
      expect(r.signal, String(r.stderr)).to.equal('SIGSEGV');
    });

    it("the process otherwise carries on past a node's wild access", () => {
      const r = child('');
      expect(r.status, String(r.stderr)).to.equal(7);
    });
  });
});
