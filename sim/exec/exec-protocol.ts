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
import { SYS } from '../kernel/syscall-numbers';
import { ExecProtocolError } from './exec-protocol-error';
import { FORWARDED_SYSCALLS } from './exec-syscalls';
import { giveCallBuffer, takeCallBuffer } from './call-buffers';

/** Argument kinds, as numbered on the wire. */
export const ARG_KIND = { INT: 0, IN: 1, OUT: 2, INOUT: 3, MSG: 4, OUTR: 5, FPROG: 6 } as const;

/*
 * The per-request path reads these as module constants: an exported
 * binding used in its own module compiles to a property load of
 * `exports` (CommonJS), a few of them per argument.
 */
const { INT, IN, OUT, INOUT, MSG, OUTR, FPROG } = ARG_KIND;

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

/**
 * The calls that write no more than their result's worth of bytes into
 * their 'outr' buffer or received data (a read, a receive): after one,
 * only that much of the buffer is cleaned for the next call
 * (releaseRequest).  After any other call the whole buffer is, whatever
 * its result says: a program writing its own frames may hand any call one.
 */
const WRITES_UP_TO_RESULT: ReadonlySet<number> = new Set([
  SYS.read,
  SYS.recvfrom,
  SYS.recvmsg,
  FORWARDED_SYSCALLS.pread64!,
]);

/** Largest request or reply accepted: the shim moves at most 1 MiB per buffer. */
export const MAX_FRAME = 4 << 20;
/** MAX_FRAME as a module constant, for the per-request path (see INT above). */
const FRAME_MAX = MAX_FRAME;

/**
 * A buffer argument; `data` holds its bytes (zeros for OUT) and is what
 * the kernel writes into.  'outr' is an output the kernel fills only up to
 * the call's result (read, recv): only those bytes are returned, so a read
 * of 0 bytes leaves the program's buffer as it was.
 */
export interface BufferArg {
  kind: 'in' | 'out' | 'inout' | 'outr';
  data: Buffer;
  /** For 'outr': the call writes no more than its result into it (see WRITES_UP_TO_RESULT). */
  bounded?: boolean;
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
  /** For a receive: the call writes no more than its result into `data` (see WRITES_UP_TO_RESULT). */
  bounded?: boolean;
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

/** A reply's fixed part: length, thread, result, the node's simulated time (ns), a signal, 0. */
const REPLY_HEAD = 32;

/** Up to this many bytes, a loop copies faster than a call does. */
const COPY_LOOP_BYTES = 64;

/** A malformed request. */
function bad(why: string): never {
  throw new ExecProtocolError(`bad request: ${why}`);
}

/** A copy of the `n` bytes at `at` of the frame, whose padded run must fit in it. */
function copyIn(frame: Buffer, at: number, n: number): Buffer {
  if (at + pad8(n) > frame.length) bad('truncated data');
  const b = takeCallBuffer(n);
  if (n <= COPY_LOOP_BYTES) for (let i = 0; i < n; i++) b[i] = frame[at + i]!;
  else b.set(frame.subarray(at, at + n));
  return b;
}

/**
 * Decodes one request frame.  Its buffers are copies, from
 * sim/exec/call-buffers.ts: releaseRequest() gives them back.
 * @throws ExecProtocolError if it is malformed
 */
export function decodeRequest(frame: Buffer): ExecRequest {
  if (frame.length < 16) bad('length field does not match');
  const fields = requestFields.of(frame);
  const o = frame.byteOffset;
  if (fields.getUint32(o, true) !== frame.length) bad('length field does not match');
  const nr = fields.getUint32(o + 4, true);
  const nargs = fields.getUint32(o + 8, true);
  const thread = fields.getUint32(o + 12, true);
  if (nargs > 6) bad(`${nargs} arguments`);
  let at = 16 + 16 * nargs;
  if (at > frame.length) bad('truncated argument table');
  // Of its exact length: a first push() makes room for 17.
  const args = new Array<RequestArg>(nargs);
  for (let i = 0; i < nargs; i++) {
    const h = 16 + 16 * i;
    const kind = fields.getUint32(o + h, true);
    const size = fields.getUint32(o + h + 4, true);
    switch (kind) {
      case INT:
        args[i] = { kind: 'int', value: fields.getBigInt64(o + h + 8, true) };
        break;
      case IN:
      case INOUT:
        args[i] = { kind: kind === IN ? 'in' : 'inout', data: copyIn(frame, at, size) };
        at += pad8(size);
        break;
      case OUT:
      case OUTR:
        if (size > FRAME_MAX) bad(`output buffer of ${size} bytes`);
        if (kind === OUT) args[i] = { kind: 'out', data: takeCallBuffer(size) };
        else args[i] = { kind: 'outr', data: takeCallBuffer(size), bounded: WRITES_UP_TO_RESULT.has(nr) };
        break;
      case FPROG:
        if (size % SIZEOF.sock_filter !== 0 || size > BPF_MAXINSNS * SIZEOF.sock_filter) {
          bad(`filter of ${size} bytes`);
        }
        args[i] = { kind: 'fprog', filter: copyIn(frame, at, size) };
        at += pad8(size);
        break;
      case MSG: {
        if (at + 16 > frame.length) bad('truncated msghdr');
        const nameLen = fields.getUint32(o + at, true);
        const dataLen = fields.getUint32(o + at + 4, true);
        const controlLen = fields.getUint32(o + at + 8, true);
        const recv = fields.getUint32(o + at + 12, true) !== 0;
        at += 16;
        if (nameLen > 4096 || dataLen > FRAME_MAX || controlLen > 65536) bad('msghdr sizes');
        if (recv) {
          const [name, data, control] = [nameLen, dataLen, controlLen].map(takeCallBuffer) as [Buffer, Buffer, Buffer];
          args[i] = { kind: 'msg', recv, name, data, control, bounded: WRITES_UP_TO_RESULT.has(nr) };
        } else {
          const name = copyIn(frame, at, nameLen);
          at += pad8(nameLen);
          const data = copyIn(frame, at, dataLen);
          at += pad8(dataLen);
          const control = copyIn(frame, at, controlLen);
          at += pad8(controlLen);
          args[i] = { kind: 'msg', recv, name, data, control };
        }
        break;
      }
      default:
        bad(`argument kind ${kind}`);
    }
  }
  if (at !== frame.length) bad('trailing bytes');
  return { nr, thread, args };
}

/** A reply's length in bytes: see writeReply(). */
export function replyLength(result: bigint, args: readonly RequestArg[]): number {
  let len = REPLY_HEAD;
  for (const a of args) {
    if (a.kind === 'out' || a.kind === 'inout') len += pad8(a.data.length);
    else if (a.kind === 'outr') len += pad8(filledLength(a, result));
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
  const fields = replyFields.of(out);
  const o = out.byteOffset;
  fields.setUint32(o, out.length, true);
  fields.setUint32(o + 4, thread, true);
  fields.setBigInt64(o + 8, result, true);
  fields.setBigInt64(o + 16, now, true);
  fields.setUint32(o + 24, signal, true);
  fields.setUint32(o + 28, 0, true);
  let at = REPLY_HEAD;
  for (const a of args) {
    if (a.kind === 'out' || a.kind === 'inout') {
      at = put(out, at, a.data, a.data.length);
    } else if (a.kind === 'outr') {
      at = put(out, at, a.data, filledLength(a, result));
    } else if (a.kind === 'msg' && a.recv) {
      fields.setUint32(o + at, a.nameLen ?? 0, true);
      fields.setUint32(o + at + 4, a.controlLen ?? 0, true);
      fields.setUint32(o + at + 8, (a.flags ?? 0) >>> 0, true);
      fields.setUint32(o + at + 12, 0, true);
      at = put(out, at + 16, a.name, a.name.length);
      at = put(out, at, a.control, a.control.length);
      at = put(out, at, a.data, a.data.length);
    }
  }
}

/** Copies the first `n` bytes of `b` to `at` of `out`, padded to 8 bytes; returns where the next goes. */
function put(out: Buffer, at: number, b: Buffer, n: number): number {
  if (n > 0) out.set(n === b.length ? b : b.subarray(0, n), at);
  // Padding: the area is reused, and the shim must never see a stale byte.
  const end = at + pad8(n);
  for (let i = at + n; i < end; i++) out[i] = 0;
  return end;
}

/** The reply as a buffer of its own (writeReply()). */
export function encodeReply(result: bigint, args: readonly RequestArg[], now: bigint, thread = 0, signal = 0): Buffer {
  const out = Buffer.allocUnsafe(replyLength(result, args));
  writeReply(out, result, args, now, thread, signal);
  return out;
}

/**
 * Once a reply is written: the request's buffers go back for another
 * call (sim/exec/call-buffers.ts), each with how much of it may hold
 * data.  A request's reply is written once; its buffers are not used again.
 */
export function releaseRequest(result: bigint, args: readonly RequestArg[]): void {
  for (const a of args) {
    switch (a.kind) {
      case 'int':
        break;
      case 'outr':
        giveCallBuffer(a.data, a.bounded === true && result >= 0n ? filledLength(a, result) : null);
        break;
      case 'fprog':
        giveCallBuffer(a.filter, null);
        break;
      case 'msg':
        giveCallBuffer(a.name, null);
        giveCallBuffer(a.control, null);
        giveCallBuffer(a.data, a.bounded === true && result >= 0n ? Math.min(Number(result), a.data.length) : null);
        break;
      default:
        giveCallBuffer(a.data, null);
    }
  }
}

/** How many bytes of an 'outr' buffer the kernel filled: up to the call's result. */
function filledLength(a: BufferArg, result: bigint): number {
  // Compared with constants: a buffer is at most MAX_FRAME long, and BigInt(length) would be made per call.
  return result <= 0n ? 0 : result < 0x1_0000_0000n ? Math.min(Number(result), a.data.length) : a.data.length;
}

/**
 * DataViews for the fields of frames: TurboFan inlines their accessors,
 * where Buffer's check their arguments (and its BigInt ones cost ~60 ns
 * each).  Making a DataView costs as much again, so one is kept for the
 * next frame over the same memory (a channel's request or reply area,
 * always): one for requests read, one for replies written.
 */
class WideFields {
  private memory: ArrayBufferLike | null = null;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(8));
  /** The last frame asked about: a channel hands out the same view while the length repeats. */
  private frame: Buffer | null = null;

  /** A view of the whole memory `b` is in (index it with b.byteOffset added). */
  of(b: Buffer): DataView<ArrayBufferLike> {
    if (b === this.frame) return this.view;
    this.frame = b;
    const memory = b.buffer;
    if (memory !== this.memory) {
      this.memory = memory;
      this.view = new DataView(memory);
    }
    return this.view;
  }
}

const requestFields = new WideFields();
const replyFields = new WideFields();
