// SPDX-License-Identifier: GPL-2.0-only
/**
 * The wire format between the exec shim (sim/exec/shim/channel.c, which
 * documents it byte by byte) and the simulator: the shim asks for a
 * system call of the node's kernel, with its arguments either integers
 * or buffers (read by the kernel, written by it, or both), a struct
 * msghdr (name, data gathered into one run, control), or a struct
 * sock_fprog (its filter's instructions).  No pointer of the program's
 * crosses: the simulator rebuilds every structure around its own copies.  The reply
 * is the result and every buffer the kernel may have written.  Each
 * request names the program's thread that made it, and its reply goes to
 * that thread: several threads may wait for replies at once.  Besides
 * system calls, the shim makes the simulator's own calls (SIM_CALL),
 * which schedule the program's threads.
 *
 * Pure encoding and decoding; sim/exec/exec-call.ts turns a request into
 * kernel arguments.
 */
import { SIZEOF } from '../kernel/linux-structs';
import { ExecProtocolError } from './exec-protocol-error';
import { giveOutputBuffer, takeOutputBuffer } from './output-buffers';

/** Argument kinds, as numbered on the wire. */
export const ARG_KIND = { INT: 0, IN: 1, OUT: 2, INOUT: 3, MSG: 4, OUTR: 5, FPROG: 6 } as const;

/**
 * The simulator's own calls (SIM_* in sim/exec/shim/shim.h), numbered
 * above every system call; sim/exec/call-server.ts answers them.
 *
 * - THREAD_NEW (id): the calling thread is creating thread `id`; 0, or
 *   -EAGAIN (no task for it).  The caller runs on.
 * - THREAD_START (): the calling thread, just created, asks to run;
 *   answered when it may.
 * - THREAD_EXIT (id): thread `id` has ended (or was never made); no reply.
 * - PARK (key, deadline): the calling thread waits for another thread
 *   (on the object at address `key`) until a WAKE on `key` or simulated
 *   time `deadline` (ns; -1: none): 0, or -ETIMEDOUT.
 * - WAKE (key, n): up to `n` threads parked on `key` may run again; no reply.
 * - TIMER (id, sig, value, interval, OUT i64[2]): arms the program's timer
 *   `id` to deliver signal `sig` `value` ns from now and every `interval`
 *   ns after (value 0: disarms it; -1: only reads it); 0, with the time it
 *   had left and its interval before.
 * - SIGNALS (mask): the signals the program ignores now (bit sig - 1),
 *   which a delivered signal must interrupt nothing for; no reply.
 */
export const SIM_CALL = {
  THREAD_NEW: 0x10001,
  THREAD_START: 0x10002,
  THREAD_EXIT: 0x10003,
  PARK: 0x10004,
  WAKE: 0x10005,
  TIMER: 0x10006,
  SIGNALS: 0x10007,
} as const;

/** BPF_MAXINSNS: the most instructions a classic BPF filter may have. */
const BPF_MAXINSNS = 4096;

/** Largest request or reply accepted: the shim moves at most 1 MiB per buffer. */
export const MAX_FRAME = 4 << 20;

/**
 * A buffer argument; `data` holds its bytes (zeros for OUT) and is what
 * the kernel writes into.  'outr' is an output the kernel fills only up to
 * the call's result (read, recv): only those bytes are returned, so a read
 * of 0 bytes leaves the program's buffer as it was.
 */
export interface BufferArg {
  kind: 'in' | 'out' | 'inout' | 'outr';
  data: Buffer;
}

/** A struct msghdr argument (sendmsg, recvmsg). */
export interface MsgArg {
  kind: 'msg';
  /** recvmsg (true) or sendmsg. */
  recv: boolean;
  /** msg_name, msg_namelen bytes (zeros for a receive). */
  name: Buffer;
  /** The iovecs' bytes, as one run. */
  data: Buffer;
  /** msg_control, msg_controllen bytes. */
  control: Buffer;
  /** Set after a receive: msg_namelen, msg_controllen, msg_flags as the kernel left them. */
  nameLen?: number;
  controlLen?: number;
  flags?: number;
}

/**
 * A struct sock_fprog argument (SO_ATTACH_FILTER and its kin): the
 * filter's instructions, whose address the simulator supplies.
 */
export interface FprogArg {
  kind: 'fprog';
  filter: Buffer;
}

/** One argument of a request. */
export type RequestArg = { kind: 'int'; value: bigint } | BufferArg | MsgArg | FprogArg;

/** "Run system call `nr` (asm-generic) with `args`", from the program's thread `thread`. */
export interface ExecRequest {
  nr: number;
  /** The shim's number of the calling thread (0: the main thread). */
  thread: number;
  args: RequestArg[];
}

const pad8 = (n: number): number => (n + 7) & ~7;

/** A reply's fixed part: length, thread, result, the node's simulated time (ns). */
const REPLY_HEAD = 32;

/**
 * Decodes one request frame.
 * @throws ExecProtocolError if it is malformed
 */
export function decodeRequest(frame: Buffer): ExecRequest {
  const fail = (why: string): never => {
    throw new ExecProtocolError(`bad request: ${why}`);
  };
  if (frame.length < 16 || frame.readUInt32LE(0) !== frame.length) fail('length field does not match');
  const nr = frame.readUInt32LE(4);
  const nargs = frame.readUInt32LE(8);
  const thread = frame.readUInt32LE(12);
  if (nargs > 6) fail(`${nargs} arguments`);
  let at = 16 + 16 * nargs;
  if (at > frame.length) fail('truncated argument table');
  const take = (n: number): Buffer => {
    if (at + pad8(n) > frame.length) fail('truncated data');
    const b = Buffer.alloc(Math.max(n, 1));
    frame.copy(b, 0, at, at + n);
    at += pad8(n);
    return b.subarray(0, n);
  };
  const args: RequestArg[] = [];
  for (let i = 0; i < nargs; i++) {
    const h = 16 + 16 * i;
    const kind = frame.readUInt32LE(h);
    const size = frame.readUInt32LE(h + 4);
    const value = frame.readBigInt64LE(h + 8);
    switch (kind) {
      case ARG_KIND.INT:
        args.push({ kind: 'int', value });
        break;
      case ARG_KIND.IN:
        args.push({ kind: 'in', data: take(size) });
        break;
      case ARG_KIND.INOUT:
        args.push({ kind: 'inout', data: take(size) });
        break;
      case ARG_KIND.OUT:
      case ARG_KIND.OUTR:
        if (size > MAX_FRAME) fail(`output buffer of ${size} bytes`);
        args.push({ kind: kind === ARG_KIND.OUT ? 'out' : 'outr', data: takeOutputBuffer(size) });
        break;
      case ARG_KIND.FPROG:
        if (size % SIZEOF.sock_filter !== 0 || size > BPF_MAXINSNS * SIZEOF.sock_filter) {
          fail(`filter of ${size} bytes`);
        }
        args.push({ kind: 'fprog', filter: take(size) });
        break;
      case ARG_KIND.MSG: {
        if (at + 16 > frame.length) fail('truncated msghdr');
        const nameLen = frame.readUInt32LE(at);
        const dataLen = frame.readUInt32LE(at + 4);
        const controlLen = frame.readUInt32LE(at + 8);
        const recv = frame.readUInt32LE(at + 12) !== 0;
        at += 16;
        if (nameLen > 4096 || dataLen > MAX_FRAME || controlLen > 65536) fail('msghdr sizes');
        if (recv) {
          const z = (n: number): Buffer => Buffer.alloc(Math.max(n, 1)).subarray(0, n);
          args.push({ kind: 'msg', recv, name: z(nameLen), data: z(dataLen), control: z(controlLen) });
        } else {
          const name = take(nameLen);
          const data = take(dataLen);
          const control = take(controlLen);
          args.push({ kind: 'msg', recv, name, data, control });
        }
        break;
      }
      default:
        fail(`argument kind ${kind}`);
    }
  }
  if (at !== frame.length) fail('trailing bytes');
  return { nr, thread, args };
}

/** A reply's length in bytes: see writeReply(). */
export function replyLength(result: bigint, args: readonly RequestArg[]): number {
  let len = REPLY_HEAD;
  for (const a of args) {
    if (a.kind === 'out' || a.kind === 'inout') len += pad8(a.data.length);
    else if (a.kind === 'outr') len += pad8(filled(a, result).length);
    else if (a.kind === 'msg' && a.recv) len += 16 + pad8(a.name.length) + pad8(a.control.length) + pad8(a.data.length);
  }
  return len;
}

/**
 * Writes the reply to a request of thread `thread` whose kernel call
 * returned `result` (>= 0 or -errno) into `out`, which is
 * replyLength(result, args) bytes long (the shared memory's reply area,
 * sim/exec/shared-channel.ts, or a buffer of its own).  `signal`: one the
 * thread is to take with it (0: none).
 */
export function writeReply(
  out: Buffer,
  result: bigint,
  args: readonly RequestArg[],
  now: bigint,
  thread: number,
  signal = 0,
): void {
  out.writeUInt32LE(out.length, 0);
  out.writeUInt32LE(thread, 4);
  out.writeBigInt64LE(result, 8);
  out.writeBigInt64LE(now, 16);
  out.writeUInt32LE(signal, 24);
  out.writeUInt32LE(0, 28);
  let at = REPLY_HEAD;
  const put = (b: Buffer): void => {
    b.copy(out, at);
    // Padding: the area is reused, and the shim must never see a stale byte.
    const end = at + pad8(b.length);
    out.fill(0, at + b.length, end);
    at = end;
  };
  for (const a of args) {
    if (a.kind === 'out' || a.kind === 'inout') {
      put(a.data);
    } else if (a.kind === 'outr') {
      put(filled(a, result));
    } else if (a.kind === 'msg' && a.recv) {
      out.writeUInt32LE(a.nameLen ?? 0, at);
      out.writeUInt32LE(a.controlLen ?? 0, at + 4);
      out.writeUInt32LE((a.flags ?? 0) >>> 0, at + 8);
      out.writeUInt32LE(0, at + 12);
      at += 16;
      put(a.name);
      put(a.control);
      put(a.data);
    }
  }
}

/** The reply as a buffer of its own (writeReply()). */
export function encodeReply(result: bigint, args: readonly RequestArg[], now: bigint, thread = 0, signal = 0): Buffer {
  const out = Buffer.allocUnsafe(replyLength(result, args));
  writeReply(out, result, args, now, thread, signal);
  return out;
}

/**
 * Once a reply is written: the request's output buffers go back for
 * another call (sim/exec/output-buffers.ts).
 */
export function releaseRequest(result: bigint, args: readonly RequestArg[]): void {
  for (const a of args) {
    if (a.kind === 'outr') giveOutputBuffer(a.data, result < 0n ? null : filled(a, result).length);
    else if (a.kind === 'out') giveOutputBuffer(a.data, null);
  }
}

/** The bytes of an 'outr' buffer the kernel filled: up to the call's result. */
function filled(a: BufferArg, result: bigint): Buffer {
  return a.data.subarray(0, result <= 0n ? 0 : result < BigInt(a.data.length) ? Number(result) : a.data.length);
}
