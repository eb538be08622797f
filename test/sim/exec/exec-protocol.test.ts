// SPDX-License-Identifier: GPL-2.0-only
/**
 * The shim's wire format, byte by byte as sim/exec/shim/channel.c writes
 * and reads it (the integration tests check the two agree in practice),
 * and the simulator's own calls as sim/exec/shim/shim.h numbers them.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareCall } from '../../../sim/exec/exec-call';
import {
  decodeRequest,
  encodeReply,
  releaseRequest,
  replyLength,
  SIM_CALL,
  writeReply,
} from '../../../sim/exec/exec-protocol';
import { LibLinux } from '../../../sim/kernel/liblinux';
import type { RequestArg } from '../../../sim/exec/exec-protocol';
import { ExecProtocolError } from '../../../sim/exec/exec-protocol-error';

/** A request as the shim lays it out: header, argument table, padded byte runs. */
function request(nr: number, args: Array<[number, number, bigint]>, payload: Buffer[], thread = 0): Buffer {
  const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((8 - (b.length % 8)) % 8)]);
  const table = Buffer.alloc(16 * args.length);
  args.forEach(([kind, size, value], i) => {
    table.writeUInt32LE(kind, 16 * i);
    table.writeUInt32LE(size, 16 * i + 4);
    table.writeBigInt64LE(value, 16 * i + 8);
  });
  const body = Buffer.concat([table, ...payload.map(pad)]);
  const head = Buffer.alloc(16);
  head.writeUInt32LE(16 + body.length, 0);
  head.writeUInt32LE(nr, 4);
  head.writeUInt32LE(args.length, 8);
  head.writeUInt32LE(thread, 12);
  return Buffer.concat([head, body]);
}

const u32s = (...v: number[]): Buffer => {
  const b = Buffer.alloc(4 * v.length);
  v.forEach((x, i) => b.writeUInt32LE(x, 4 * i));
  return b;
};

describe('sim/exec/exec-protocol', () => {
  it('decodes integers, input, output and in-out buffers', () => {
    const frame = request(
      206,
      [
        [0, 0, -100n],
        [1, 5, 0n],
        [2, 12, 0n],
        [3, 4, 0n],
        [5, 3, 0n],
      ],
      [Buffer.from('hello'), Buffer.from([7, 0, 0, 0])],
    );
    const r = decodeRequest(frame);
    expect(r.nr).to.equal(206);
    expect(r.thread).to.equal(0);
    expect(r.args.map((a) => a.kind)).to.deep.equal(['int', 'in', 'out', 'inout', 'outr']);
    expect(r.args[0]).to.deep.equal({ kind: 'int', value: -100n });
    expect((r.args[1] as { data: Buffer }).data.toString()).to.equal('hello');
    expect((r.args[2] as { data: Buffer }).data).to.deep.equal(Buffer.alloc(12));
    expect((r.args[3] as { data: Buffer }).data).to.deep.equal(Buffer.from([7, 0, 0, 0]));
  });

  it('decodes a sendmsg msghdr with its name, data and control, and a recvmsg one by sizes', () => {
    const send = decodeRequest(
      request(
        211,
        [
          [0, 0, 3n],
          [4, 0, 0n],
          [0, 0, 0n],
        ],
        [Buffer.concat([u32s(12, 3, 0, 0)]), Buffer.alloc(12, 1), Buffer.from('abc'), Buffer.alloc(0)],
      ),
    );
    const m = send.args[1] as Extract<RequestArg, { kind: 'msg' }>;
    expect(m.recv).to.equal(false);
    expect(m.name).to.deep.equal(Buffer.alloc(12, 1));
    expect(m.data.toString()).to.equal('abc');
    expect(m.control.length).to.equal(0);
    const recv = decodeRequest(
      request(
        212,
        [
          [0, 0, 3n],
          [4, 0, 0n],
          [0, 0, 0n],
        ],
        [u32s(12, 32768, 0, 1)],
      ),
    );
    const n = recv.args[1] as Extract<RequestArg, { kind: 'msg' }>;
    expect([n.recv, n.name.length, n.data.length, n.control.length]).to.deep.equal([true, 12, 32768, 0]);
  });

  it('replies with the result, output buffers, and only the filled part of a read buffer', () => {
    const r = decodeRequest(
      request(
        63,
        [
          [0, 0, 3n],
          [5, 16, 0n],
          [2, 4, 0n],
          [1, 2, 0n],
        ],
        [Buffer.from('xy')],
      ),
    );
    (r.args[1] as { data: Buffer }).data.write('0\n');
    (r.args[2] as { data: Buffer }).data.writeUInt32LE(0xabcd, 0);
    const reply = encodeReply(2n, r.args, 1_500_000_000n, 3);
    // Header (32: length, thread, result, simulated time, signal, 0), two bytes of the read padded
    // to 8, the 4-byte output padded to 8; inputs are not echoed.
    expect(reply.length).to.equal(48);
    expect(reply.readUInt32LE(0)).to.equal(48);
    expect(reply.readUInt32LE(4)).to.equal(3);
    expect(reply.readBigInt64LE(8)).to.equal(2n);
    expect(reply.readBigInt64LE(16)).to.equal(1_500_000_000n);
    expect([reply.readUInt32LE(24), reply.readUInt32LE(28)]).to.deep.equal([0, 0]);
    expect(reply.subarray(32, 34).toString()).to.equal('0\n');
    expect(reply.readUInt32LE(40)).to.equal(0xabcd);
    // A read of 0 bytes (or an error) returns none: the program's buffer stays as it was.
    expect(encodeReply(0n, r.args, 0n).length).to.equal(40);
    expect(encodeReply(-9n, r.args, 0n).readBigInt64LE(8)).to.equal(-9n);
  });

  it('replies to a recvmsg with namelen, controllen, flags, then name, control and data', () => {
    const r = decodeRequest(
      request(
        212,
        [
          [0, 0, 3n],
          [4, 0, 0n],
          [0, 0, 0n],
        ],
        [u32s(12, 8, 0, 1)],
      ),
    );
    const m = r.args[1] as Extract<RequestArg, { kind: 'msg' }>;
    m.name.fill(0x10);
    m.data.write('datagram');
    m.nameLen = 12;
    m.controlLen = 0;
    m.flags = 0x20;
    const reply = encodeReply(100n, r.args, 0n);
    expect([reply.readUInt32LE(32), reply.readUInt32LE(36), reply.readUInt32LE(40)]).to.deep.equal([12, 0, 0x20]);
    expect(reply.subarray(48, 60)).to.deep.equal(Buffer.alloc(12, 0x10));
    expect(reply.subarray(64, 72).toString()).to.equal('datagram');
    expect(reply.length).to.equal(72);
  });

  it("carries the calling thread's number in the request, and back in its reply", () => {
    const r = decodeRequest(
      request(
        SIM_CALL.PARK,
        [
          [0, 0, 0x7f00_1234n],
          [0, 0, -1n],
        ],
        [],
        7,
      ),
    );
    expect(r).to.deep.equal({
      nr: SIM_CALL.PARK,
      thread: 7,
      args: [
        { kind: 'int', value: 0x7f00_1234n },
        { kind: 'int', value: -1n },
      ],
    });
    const reply = encodeReply(-110n, r.args, 5n, r.thread, 14);
    expect([reply.readUInt32LE(0), reply.readUInt32LE(4)]).to.deep.equal([32, 7]);
    expect(reply.readBigInt64LE(8)).to.equal(-110n);
    // A signal the thread takes with its reply (SIGALRM).
    expect(reply.readUInt32LE(24)).to.equal(14);
  });

  it("numbers the simulator's own calls as the shim does, above every system call", () => {
    const header = readFileSync(join(__dirname, '../../../../sim/exec/shim/shim.h'), 'utf8');
    const shim: Record<string, number> = {};
    for (const m of header.matchAll(/^#define SIM_([A-Z_]+)\s+(0x[0-9a-f]+)/gm)) shim[m[1]!] = Number(m[2]);
    expect(shim).to.deep.equal(SIM_CALL);
    for (const nr of Object.values(SIM_CALL)) expect(nr).to.be.greaterThan(1024);
  });

  it('writes a reply over a used area with no stale byte in its padding', () => {
    const r = decodeRequest(
      request(
        63,
        [
          [0, 0, 3n],
          [5, 16, 0n],
          [0, 0, 16n],
        ],
        [],
      ),
    );
    (r.args[1] as { data: Buffer }).data.write('hello');
    // A read of 5 bytes: they, padded to 8, follow the 32-byte head.
    const len = replyLength(5n, r.args);
    expect(len).to.equal(40);
    const area = Buffer.alloc(64, 0xff);
    writeReply(area.subarray(0, len), 5n, r.args, 9n, 2);
    expect([area.readUInt32LE(0), area.readUInt32LE(4)]).to.deep.equal([40, 2]);
    expect(area.readBigInt64LE(16)).to.equal(9n);
    expect(area.subarray(24, 32)).to.deep.equal(Buffer.alloc(8));
    expect(area.subarray(32, 40)).to.deep.equal(Buffer.from('hello\0\0\0', 'latin1'));
    // Nothing past the reply is touched, and the buffer form is the same bytes.
    expect(area[40]).to.equal(0xff);
    expect(encodeReply(5n, r.args, 9n, 2)).to.deep.equal(area.subarray(0, 40));
  });

  it("cleans a call's buffers for the next call, trusting its result only where it bounds what the call wrote", () => {
    const readArgs = (nr: number): RequestArg[] =>
      decodeRequest(
        request(
          nr,
          [
            [0, 0, 3n],
            [5, 300, 0n],
            [0, 0, 300n],
          ],
          [],
        ),
      ).args;
    const data = (args: RequestArg[]): Buffer => (args[1] as { data: Buffer }).data;
    // A read writes what it says (2 bytes); another call handed a read's buffer (a program
    // writing its own frames picks the call) may write all of it whatever it returns.
    for (const [nr, wrote] of [
      [63, 2],
      [209, 300],
    ] as const) {
      const args = readArgs(nr);
      data(args).fill(0x55, 0, wrote);
      releaseRequest(2n, args);
      const next = readArgs(63);
      expect(data(next).buffer).to.equal(data(args).buffer);
      expect(data(next).every((b) => b === 0)).to.equal(true);
      releaseRequest(0n, next);
    }
  });

  it('carries a socket filter as its instructions and points a sock_fprog of its own at them', () => {
    const insns = Buffer.from('0600000000000000' + '060000000b000000', 'hex');
    const r = decodeRequest(
      request(
        208,
        [
          [0, 0, 3n],
          [0, 0, 1n],
          [0, 0, 26n],
          [6, 16, 0n],
          [0, 0, 16n],
        ],
        [insns],
      ),
    );
    expect(r.args[3]).to.deep.equal({ kind: 'fprog', filter: insns });
    const call = prepareCall(r.args);
    const prog = call.args[3] as Buffer;
    expect(prog.readUInt16LE(0)).to.equal(2);
    expect(prog.readBigUInt64LE(8)).to.equal(LibLinux.addressOf((r.args[3] as { filter: Buffer }).filter));
    // The kernel reaches only pinned memory: the filter and the sock_fprog.
    expect(call.pins).to.include(prog);
    expect(call.pins).to.include((r.args[3] as { filter: Buffer }).filter);
    // Nothing of it comes back.
    expect(encodeReply(0n, r.args, 0n).length).to.equal(32);
    expect(() => decodeRequest(request(208, [[6, 12, 0n]], [Buffer.alloc(12)]))).to.throw(
      ExecProtocolError,
      /filter of 12 bytes/,
    );
    expect(() => decodeRequest(request(208, [[6, 8 * 4097, 0n]], [Buffer.alloc(8 * 4097)]))).to.throw(
      ExecProtocolError,
      /filter of/,
    );
  });

  it('refuses malformed requests with ExecProtocolError', () => {
    const good = request(
      63,
      [
        [0, 0, 3n],
        [1, 3, 0n],
      ],
      [Buffer.from('abc')],
    );
    const truncated = Buffer.from(good);
    truncated.writeUInt32LE(good.length - 8, 0);
    expect(() => decodeRequest(truncated.subarray(0, good.length - 8))).to.throw(ExecProtocolError, /truncated/);
    const badKind = request(63, [[9, 0, 0n]], []);
    expect(() => decodeRequest(badKind)).to.throw(ExecProtocolError, /argument kind 9/);
  });
});
