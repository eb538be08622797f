// SPDX-License-Identifier: GPL-2.0-only
/** The x86-64 layouts of the structures system calls take by pointer, and the pins that go with them. */
import { expect } from 'chai';
import { NS_PER_S } from '../../../sim/core/time';
import { LibLinux } from '../../../sim/kernel/liblinux';
import { POLL } from '../../../sim/kernel/linux-abi';
import {
  cInt,
  controlMessages,
  Msghdr,
  pollRevents,
  SIZEOF,
  sockFprog,
  socklen,
  writePollfd,
  writeTimespec,
} from '../../../sim/kernel/linux-structs';

describe('linux-structs', () => {
  it('lays out a msghdr: name, namelen, one iovec over the data, control, controllen', () => {
    const name = Buffer.alloc(28);
    const data = Buffer.alloc(100);
    const control = Buffer.alloc(64);
    const m = new Msghdr({ name, data, control });
    const b = m.buffer;
    expect(b.length).to.equal(SIZEOF.msghdr);
    expect(b.readBigUInt64LE(0)).to.equal(LibLinux.addressOf(name));
    expect(b.readUInt32LE(8)).to.equal(28);
    expect(b.readBigUInt64LE(24)).to.equal(1n);
    expect(b.readBigUInt64LE(32)).to.equal(LibLinux.addressOf(control));
    expect(b.readBigUInt64LE(40)).to.equal(64n);
    expect(b.readInt32LE(48)).to.equal(0);
    // The iovec it points to is pinned, and points at the data.
    const iov = m.pins.find((p) => LibLinux.addressOf(p) === b.readBigUInt64LE(16))!;
    expect(iov.readBigUInt64LE(0)).to.equal(LibLinux.addressOf(data));
    expect(iov.readBigUInt64LE(8)).to.equal(100n);
    expect(m.pins).to.include.members([iov, data, name, control]);
  });

  it('leaves out parts as NULL of length 0, and gives an empty data run a valid pointer', () => {
    const m = new Msghdr({ data: Buffer.alloc(0) });
    expect(m.buffer.readBigUInt64LE(0)).to.equal(0n);
    expect(m.buffer.readUInt32LE(8)).to.equal(0);
    expect(m.buffer.readBigUInt64LE(32)).to.equal(0n);
    expect(m.buffer.readBigUInt64LE(40)).to.equal(0n);
    const iov = m.pins[0]!;
    expect(iov.readBigUInt64LE(0)).to.not.equal(0n);
    expect(iov.readBigUInt64LE(8)).to.equal(0n);
    // The placeholder the pointer refers to is pinned too.
    expect(m.pins.map((p) => LibLinux.addressOf(p))).to.include(iov.readBigUInt64LE(0));
  });

  it('reads back what the kernel left, lengths clamped to the buffers given', () => {
    const m = new Msghdr({ name: Buffer.alloc(16), data: Buffer.alloc(8), control: Buffer.alloc(32) });
    m.buffer.writeUInt32LE(12, 8);
    m.buffer.writeBigUInt64LE(24n, 40);
    m.buffer.writeInt32LE(0x20, 48);
    expect([m.nameLen, m.controlLen, m.flags]).to.deep.equal([12, 24, 0x20]);
    // A call that took it for a plain buffer may have written anything.
    m.buffer.writeUInt32LE(0xffffffff, 8);
    m.buffer.writeBigUInt64LE(0xffffffffffffffffn, 40);
    expect([m.nameLen, m.controlLen]).to.deep.equal([16, 32]);
  });

  it('lays out a sock_fprog: instruction count, then the filter address, both pinned', () => {
    const filter = Buffer.alloc(3 * 8);
    const f = sockFprog(filter);
    expect(f.prog.readUInt16LE(0)).to.equal(3);
    expect(f.prog.readBigUInt64LE(8)).to.equal(LibLinux.addressOf(filter));
    expect(f.pins).to.include.members([filter, f.prog]);
  });

  it('writes a timespec, a pollfd with its revents cleared, an int and a socklen_t', () => {
    const ts = Buffer.alloc(SIZEOF.timespec);
    writeTimespec(ts, 3n * NS_PER_S + 250n);
    expect([ts.readBigInt64LE(0), ts.readBigInt64LE(8)]).to.deep.equal([3n, 250n]);
    const p = Buffer.alloc(SIZEOF.pollfd, 0xff);
    writePollfd(p, 7, POLL.IN);
    expect([p.readInt32LE(0), p.readInt16LE(4), pollRevents(p)]).to.deep.equal([7, POLL.IN, 0]);
    p.writeInt16LE(POLL.IN | POLL.ERR, 6);
    expect(pollRevents(p)).to.equal(POLL.IN | POLL.ERR);
    expect(cInt(-1).readInt32LE(0)).to.equal(-1);
    expect(socklen(28).readUInt32LE(0)).to.equal(28);
  });

  it('splits control messages, 8-aligned, and stops at a malformed one', () => {
    const control = Buffer.alloc(128);
    // level 0 type 11 with 20 bytes of data (36 in all, 40 aligned), then level 41 type 25 with 4.
    control.writeBigUInt64LE(36n, 0);
    control.writeInt32LE(0, 8);
    control.writeInt32LE(11, 12);
    control.fill(0xab, 16, 36);
    control.writeBigUInt64LE(20n, 40);
    control.writeInt32LE(41, 48);
    control.writeInt32LE(25, 52);
    control.writeUInt32LE(0xdeadbeef, 56);
    const all = controlMessages(control, 60);
    expect(all.map((c) => [c.level, c.type, c.data.length])).to.deep.equal([
      [0, 11, 20],
      [41, 25, 4],
    ]);
    expect(all[1]!.data.readUInt32LE(0)).to.equal(0xdeadbeef);
    // Only what the kernel said it wrote counts.
    expect(controlMessages(control, 40)).to.have.length(1);
    control.writeBigUInt64LE(8n, 40);
    expect(controlMessages(control, 60)).to.have.length(1);
  });
});
