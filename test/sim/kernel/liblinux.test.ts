// SPDX-License-Identifier: GPL-2.0-only
/**
 * LibLinux against the real library: each instance is a real Linux 6.1.
 * Instances are few (booting one costs tens of milliseconds) and closed
 * after use.
 */
import { expect } from 'chai';
import { KernelApiError, KernelError, KernelFaultError } from '../../../sim/kernel/errors';
import { LibLinux } from '../../../sim/kernel/liblinux';
import { SYS } from '../../../sim/kernel/syscall-numbers';
import { boot, callBlocking, callNow, kernelErrorOf, sockaddrIn, T0 } from '../../helpers/kernel-harness';

const AF_INET = 2;
const SOCK_DGRAM = 2;
const LIB_DEBUG_BUG = 1;
const GRND_NONBLOCK = 1;

describe('LibLinux (real liblinux)', () => {
  let k: LibLinux;
  let task: number;

  before(() => {
    k = boot(1n);
    task = k.taskCreate(0, k.now());
  });
  after(() => k.close());

  describe('boot', () => {
    it('runs Linux 6.1 and logs its banner', () => {
      expect(k.kernelVersion()).to.match(/^6\.1\.\d+$/);
      // loglevel only filters the console; the banner is always printed first.
      expect(k.logLines().some((l) => /^\[\s*\d+\.\d{6}\] Linux version 6\.1\./.test(l))).to.equal(true);
      expect(k.isDead()).to.equal(false);
      expect(k.panicMessage()).to.equal(null);
    });

    it('keeps the kernel clock at the time of the last entry', () => {
      expect(k.now() >= T0).to.equal(true);
      const t = k.now() + 5_000_000n;
      k.run(t);
      expect(k.now()).to.equal(t);
    });

    it('refuses time going backwards with KernelApiError', () => {
      const before = k.now();
      const e = (() => {
        try {
          k.run(before - 1n);
        } catch (err) {
          return err;
        }
        return null;
      })();
      expect(e).to.be.instanceOf(KernelApiError);
      expect((e as KernelApiError).code).to.equal('EINVAL');
      expect(k.now()).to.equal(before);
    });

    it('reports a timer deadline that run() then consumes', () => {
      const d = k.nextDeadline();
      expect(d).to.not.equal(null);
      k.run(d as bigint);
      const next = k.nextDeadline();
      // The deadline that was due has fired, so the next one (if any) is later.
      expect(next === null || next > (d as bigint)).to.equal(true);
    });
  });

  describe('sysctl', () => {
    it('reads, writes and reads back a value', () => {
      expect(k.sysctlGet('net.ipv4.ip_forward', k.now())).to.equal('0');
      k.sysctlSet('net.ipv4.ip_forward', '1', k.now());
      expect(k.sysctlGet('net/ipv4/ip_forward', k.now())).to.equal('1');
      k.sysctlSet('net.ipv4.ip_forward', '0', k.now());
      expect(k.sysctlGet('net.ipv4.ip_forward', k.now())).to.equal('0');
    });

    it('names the sysctl in the error for an unknown one', () => {
      const e = kernelErrorOf(() => k.sysctlGet('net.ipv4.no_such_knob', k.now()));
      expect(e.code).to.equal('ENOENT');
      expect(e.message).to.equal('sysctl net.ipv4.no_such_knob: ENOENT (2)');
    });
  });

  describe('system calls', () => {
    it('raises KernelError EBADF for a bad fd', () => {
      const e = kernelErrorOf(() => k.syscall(task, SYS.close, [999], k.now()));
      expect(e.errno).to.equal(9);
      expect(e.code).to.equal('EBADF');
      expect(e.operation).to.equal('close');
      expect(e.message).to.equal('close: EBADF (9)');
    });

    it('passes integer arguments as whole 64-bit values, negative ones and those above 2^32 included', () => {
      expect(kernelErrorOf(() => k.syscall(task, SYS.close, [-1], k.now())).code).to.equal('EBADF');
      const tx = Number(callNow(k, task, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
      const payload = Buffer.from('x');
      // A length of 2^33 + 1 is refused as too long; its low 32 bits alone (1) would be sent.
      for (const len of [2 ** 33 + 1, 2n ** 33n + 1n]) {
        const e = kernelErrorOf(() =>
          k.syscall(task, SYS.sendto, [tx, payload, len, 0, sockaddrIn('127.0.0.1', 5009), 16], k.now()),
        );
        expect(e.code).to.equal('EMSGSIZE');
      }
      expect(callNow(k, task, SYS.sendto, [tx, payload, 1, 0, sockaddrIn('127.0.0.1', 5009), 16])).to.equal(1n);
      callNow(k, task, SYS.close, [tx]);
    });

    it('carries a UDP datagram over loopback with Buffer arguments', () => {
      const rx = Number(callNow(k, task, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
      const tx = Number(callNow(k, task, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
      expect(callNow(k, task, SYS.bind, [rx, sockaddrIn('127.0.0.1', 5000), 16])).to.equal(0n);
      const payload = Buffer.from('ping over lo');
      expect(
        callNow(k, task, SYS.sendto, [tx, payload, payload.length, 0, sockaddrIn('127.0.0.1', 5000), 16]),
      ).to.equal(BigInt(payload.length));

      // The sender's ephemeral port, to check the source address recvfrom reports.
      const txName = Buffer.alloc(16);
      const txLen = Buffer.alloc(4);
      txLen.writeUInt32LE(16);
      callNow(k, task, SYS.getsockname, [tx, txName, txLen]);
      const txPort = txName.readUInt16BE(2);
      expect(txPort).to.be.greaterThan(0);

      const buf = Buffer.alloc(64);
      const from = Buffer.alloc(16);
      const fromLen = Buffer.alloc(4);
      fromLen.writeUInt32LE(16);
      const n = callBlocking(k, task, SYS.recvfrom, [rx, buf, buf.length, 0, from, fromLen]);
      expect(n).to.equal(BigInt(payload.length));
      expect(buf.subarray(0, Number(n)).toString()).to.equal('ping over lo');
      expect(from.readUInt16LE(0)).to.equal(AF_INET);
      expect(from.readUInt16BE(2)).to.equal(txPort);
      expect([...from.subarray(4, 8)]).to.deep.equal([127, 0, 0, 1]);
      callNow(k, task, SYS.close, [rx]);
      callNow(k, task, SYS.close, [tx]);
    });

    it('completes a blocked recvfrom on a later entry and reports it once', () => {
      const rx = Number(callNow(k, task, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
      callNow(k, task, SYS.bind, [rx, sockaddrIn('127.0.0.1', 5001), 16]);
      // A thread of the same process: the file table (and rx) is shared,
      // and it can submit while the first task is blocked.
      const sender = k.taskCreate(task, k.now());
      const buf = Buffer.alloc(64, 0xee);

      const r = k.syscall(task, SYS.recvfrom, [rx, buf, buf.length, 0, null, null], k.now());
      expect(r.state).to.equal('pending');
      expect(k.completions()).to.deep.equal([]);
      expect(buf[0]).to.equal(0xee);

      // A task with a call pending takes no other.
      const busy = (() => {
        try {
          k.syscall(task, SYS.getpid, [], k.now());
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(busy).to.be.instanceOf(KernelApiError);
      expect((busy as KernelApiError).code).to.equal('EBUSY');

      k.run(k.now() + 1_000_000n);
      expect(k.completions()).to.deep.equal([]);

      const tx = Number(callNow(k, sender, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
      const msg = Buffer.from('late');
      const sent = k.syscall(
        sender,
        SYS.sendto,
        [tx, msg, msg.length, 0, sockaddrIn('127.0.0.1', 5001), 16],
        k.now() + 1_000_000n,
      );
      expect(sent).to.deep.equal({ state: 'done', result: 4n });

      // Loopback delivery runs in the same entry, and wakes the reader.
      const done = k.completions();
      expect(done).to.deep.equal([{ task, result: 4n, error: null }]);
      expect(buf.subarray(0, 4).toString()).to.equal('late');
      expect(k.completions()).to.deep.equal([]);
      // The task takes calls again.
      expect(callNow(k, task, SYS.close, [rx])).to.equal(0n);
      callNow(k, sender, SYS.close, [tx]);
    });

    it('reports a blocked call that times out as a completion with a KernelError', () => {
      const rx = Number(callNow(k, task, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
      const SOL_SOCKET = 1;
      const SO_RCVTIMEO_OLD = 20;
      const tv = Buffer.alloc(16); // struct timeval: 0 s, 10000 us
      tv.writeBigInt64LE(0n, 0);
      tv.writeBigInt64LE(10_000n, 8);
      callNow(k, task, SYS.setsockopt, [rx, SOL_SOCKET, SO_RCVTIMEO_OLD, tv, tv.length]);
      const buf = Buffer.alloc(16);
      const submitted = k.now();
      expect(k.syscall(task, SYS.recvfrom, [rx, buf, buf.length, 0, null, null], submitted).state).to.equal('pending');
      let done: ReturnType<LibLinux['completions']> = [];
      for (let i = 0; i < 100 && done.length === 0; i++) {
        const d = k.nextDeadline();
        if (d === null) break;
        k.run(d);
        done = k.completions();
      }
      expect(done).to.have.length(1);
      const c = done[0]!;
      expect(c.task).to.equal(task);
      expect(c.result).to.equal(-11n);
      expect(c.error).to.be.instanceOf(KernelError);
      expect(c.error!.code).to.equal('EAGAIN');
      expect(c.error!.operation).to.equal('recvfrom');
      // Not before the 10 ms timeout (jiffy granularity may make it later).
      expect(k.now() - submitted >= 10_000_000n).to.equal(true);
      callNow(k, task, SYS.close, [rx]);
    });

    it('rejects more than six arguments before entering', () => {
      const before = k.now();
      expect(() => k.syscall(task, SYS.getpid, [0, 0, 0, 0, 0, 0, 0], before)).to.throw(KernelApiError, /at most 6/);
    });

    it('lets the kernel reach the Buffer arguments and pins, and nothing else', () => {
      const b = Buffer.alloc(32);
      const addr = LibLinux.addressOf(b);
      // The address as a plain number: not declared, so EFAULT.
      expect(kernelErrorOf(() => callNow(k, task, SYS.getrandom, [addr, b.length, GRND_NONBLOCK])).code).to.equal(
        'EFAULT',
      );
      // The same address with b pinned, or with a view of b at that address as long as the call.
      expect(callNow(k, task, SYS.getrandom, [addr, b.length, GRND_NONBLOCK], [b])).to.equal(32n);
      const head = b.subarray(0, 16);
      expect(callNow(k, task, SYS.getrandom, [addr, 16, GRND_NONBLOCK], [Buffer.alloc(8), head])).to.equal(16n);
    });

    it('declares each view once, and refuses more than 32 before entering', () => {
      const b = Buffer.alloc(32);
      const same = Array.from({ length: 40 }, () => b);
      // One range for b however often it comes, and none for empty views.
      expect(callNow(k, task, SYS.getrandom, [b, b.length, GRND_NONBLOCK], [...same, Buffer.alloc(0)])).to.equal(32n);
      const distinct = Array.from({ length: 31 }, () => Buffer.alloc(8));
      expect(callNow(k, task, SYS.getrandom, [b, b.length, GRND_NONBLOCK], distinct)).to.equal(32n);
      // A view at b's address with another length is another range.
      const before = k.now();
      expect(() =>
        k.syscall(task, SYS.getrandom, [b, b.length, GRND_NONBLOCK], before, [...distinct, b.subarray(0, 8)]),
      ).to.throw(KernelApiError, /getrandom: more than 32 buffers/);
      expect(k.now()).to.equal(before);
    });
  });

  describe('randomness', () => {
    it('is a function of the seed', () => {
      const draw = (seed: bigint): string => {
        const i = boot(seed);
        try {
          const t = i.taskCreate(0, i.now());
          const b = Buffer.alloc(32);
          expect(callNow(i, t, SYS.getrandom, [b, b.length, GRND_NONBLOCK])).to.equal(32n);
          return b.toString('hex');
        } finally {
          i.close();
        }
      };
      const a = draw(7n);
      expect(a).to.not.equal('0'.repeat(64));
      expect(draw(7n)).to.equal(a);
      expect(draw(8n)).to.not.equal(a);
    });
  });

  describe('faults', () => {
    it('turns BUG() into KernelFaultError, then and on every later call', () => {
      const dying = boot(3n);
      try {
        const t = dying.taskCreate(0, dying.now());
        const at = dying.now() + 1000n;
        let fault: unknown = null;
        try {
          dying.debug(LIB_DEBUG_BUG, 0n, at);
        } catch (e) {
          fault = e;
        }
        expect(fault).to.be.instanceOf(KernelFaultError);
        const f = fault as KernelFaultError;
        expect(f.time).to.equal(at);
        expect(f.panicMessage).to.match(/BUG/);
        expect(dying.isDead()).to.equal(true);
        expect(dying.panicMessage()).to.equal(f.panicMessage);

        expect(() => dying.syscall(t, SYS.getpid, [], at)).to.throw(KernelFaultError);
        expect(() => dying.run(at + 1n)).to.throw(KernelFaultError);
        expect(() => dying.taskCreate(0, at + 1n)).to.throw(KernelFaultError);
        expect(dying.nextDeadline()).to.equal(null);

        // The other instance lives on.
        expect(callNow(k, task, SYS.getpid, []) > 0n).to.equal(true);
      } finally {
        dying.close();
      }
    });

    it('refuses calls on a closed instance', () => {
      const c = boot(4n);
      c.close();
      expect(() => c.now()).to.throw(KernelApiError, /closed/);
    });
  });
});

describe('LibLinux loading (the library file mapped per copy)', () => {
  it('gives every copy its own writable memory over one shared file', () => {
    const a = boot(1n);
    const b = boot(2n);
    try {
      a.sysctlSet('net.ipv4.ip_forward', '1', a.now());
      expect(a.sysctlGet('net.ipv4.ip_forward', a.now())).to.equal('1');
      expect(b.sysctlGet('net.ipv4.ip_forward', b.now())).to.equal('0');
      // A copy that is closed leaves the others running.
      a.close();
      b.run(b.now() + 1_000_000n);
      expect(b.kernelVersion()).to.match(/^6\.1\.\d+$/);
    } finally {
      a.close();
      b.close();
    }
  });

  it('refuses a file that is not an ELF shared object, and one that is not liblinux', () => {
    const notElf = (): LibLinux => new LibLinux({ path: __filename });
    expect(notElf).to.throw(KernelApiError, /not a 64-bit little-endian ELF file/);
    // A real shared object, but not ours: no lib_self_relocate to call.
    const other = (): LibLinux => new LibLinux({ path: '/lib/x86_64-linux-gnu/libdl.so.2' });
    expect(other).to.throw(KernelApiError, /not a liblinux of this version \(no lib_self_relocate\)/);
    expect(() => new LibLinux({ path: '/no/such/liblinux.so' })).to.throw(KernelApiError, /ENOENT|no such file/i);
  });
});
