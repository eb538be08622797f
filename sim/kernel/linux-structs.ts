// SPDX-License-Identifier: GPL-2.0-only
/**
 * The structures Linux system calls take by pointer -- struct msghdr with
 * its iovec, struct sock_fprog, struct timespec, struct pollfd, the
 * control messages (struct cmsghdr) of a msghdr, and the int and
 * socklen_t of socket options and addresses -- packed into host Buffers
 * and read back, declared once for everything that calls a node's kernel:
 * the apps, rtnetlink and the exec machinery.  liblinux is
 * built for x86-64, so these are the kernel's own layouts: little-endian,
 * 8-byte pointers and size_t.  The constants they carry are in
 * linux-abi.ts.
 *
 * The kernel reaches only the memory passed as a system call's arguments
 * or in its `pins` (liblinux.ts, "User memory"); anything else is EFAULT.
 * So whatever here stores a pointer also hands back every buffer it points
 * to, for the caller to pass as pins.
 */
import { NS_PER_S } from '../core/time';
import { addressOf } from './ffi';

/** The sizes of the structures, as sizeof() gives them on x86-64. */
export const SIZEOF = {
  /** int, and socklen_t. */
  int: 4,
  msghdr: 56,
  iovec: 16,
  /** u16 len, 6 bytes of padding, the filter's address. */
  sock_fprog: 16,
  /** One classic BPF instruction. */
  sock_filter: 8,
  /** struct __kernel_timespec: s64 seconds, s64 nanoseconds. */
  timespec: 16,
  /** int fd, short events, short revents. */
  pollfd: 8,
  /** u64 len, int level, int type; the data follows, 8-aligned. */
  cmsghdr: 16,
} as const;

/** An int, as setsockopt() takes an option's value (its length: SIZEOF.int). */
export function cInt(value: number): Buffer {
  const b = Buffer.alloc(SIZEOF.int);
  b.writeInt32LE(value, 0);
  return b;
}

/**
 * A socklen_t holding `size`: the value-result length of getsockopt(),
 * getsockname(), accept() and recvfrom() -- the room given, and after the
 * call the length the kernel wrote (read it with readUInt32LE(0)).
 */
export function socklen(size: number): Buffer {
  const b = Buffer.alloc(SIZEOF.int);
  b.writeUInt32LE(size, 0);
  return b;
}

/** Offsets of struct msghdr's fields. */
const MSGHDR = { name: 0, namelen: 8, iov: 16, iovlen: 24, control: 32, controllen: 40, flags: 48 } as const;

/** A pointer to `b`, or NULL for none or an empty buffer. */
function pointer(b: Buffer | undefined): bigint {
  return b === undefined || b.length === 0 ? 0n : addressOf(b);
}

/** What a msghdr describes; a part left out is a NULL pointer of length 0. */
export interface MsghdrParts {
  /** msg_name: the peer's address (to send to, or room for the sender's). */
  readonly name?: Buffer;
  /** The bytes to send or the room to receive into, as one iovec. */
  readonly data: Buffer;
  /** msg_control: ancillary data (to send, or room for it). */
  readonly control?: Buffer;
}

/**
 * A struct msghdr in host memory around the caller's buffers, for
 * sendmsg() and recvmsg(): pass `buffer` as the argument and `pins` as the
 * call's pins.  After a receive, `nameLen`, `controlLen` and `flags` read
 * what the kernel left in it.  Build a new one for each call: the kernel
 * writes into it.
 */
export class Msghdr {
  /** The struct msghdr itself: the system call's argument. */
  readonly buffer: Buffer = Buffer.alloc(SIZEOF.msghdr);
  /** Every buffer a pointer in `buffer` refers to (the iovec, the data, name and control given). */
  readonly pins: readonly Buffer[];
  private readonly nameSize: number;
  private readonly controlSize: number;

  constructor(parts: MsghdrParts) {
    const { name, data, control } = parts;
    const iov = Buffer.alloc(SIZEOF.iovec);
    // iov_base must be a valid pointer even for a zero-length read (a peek).
    const base = data.length === 0 ? Buffer.alloc(1) : data;
    iov.writeBigUInt64LE(addressOf(base), 0);
    iov.writeBigUInt64LE(BigInt(data.length), 8);
    this.nameSize = name?.length ?? 0;
    this.controlSize = control?.length ?? 0;
    const msg = this.buffer;
    msg.writeBigUInt64LE(pointer(name), MSGHDR.name);
    msg.writeUInt32LE(this.nameSize, MSGHDR.namelen);
    msg.writeBigUInt64LE(addressOf(iov), MSGHDR.iov);
    msg.writeBigUInt64LE(1n, MSGHDR.iovlen);
    msg.writeBigUInt64LE(pointer(control), MSGHDR.control);
    msg.writeBigUInt64LE(BigInt(this.controlSize), MSGHDR.controllen);
    const pins = [iov, base];
    if (name !== undefined) pins.push(name);
    if (control !== undefined) pins.push(control);
    this.pins = pins;
  }

  // The lengths are clamped to the buffers given: a msghdr handed to a call
  // that does not take one is only a buffer to the kernel, which may write
  // anything into it, and a length read back must never reach past them.

  /** msg_namelen as the kernel left it (the sender's address length), at most the name's size. */
  get nameLen(): number {
    return Math.min(this.buffer.readUInt32LE(MSGHDR.namelen), this.nameSize);
  }

  /** msg_controllen as the kernel left it (ancillary bytes received), at most the control's size. */
  get controlLen(): number {
    const n = this.buffer.readBigUInt64LE(MSGHDR.controllen);
    return n < BigInt(this.controlSize) ? Number(n) : this.controlSize;
  }

  /** msg_flags as the kernel left them (MSG.TRUNC, MSG.ERRQUEUE ...). */
  get flags(): number {
    return this.buffer.readInt32LE(MSGHDR.flags);
  }
}

/** A struct sock_fprog and the buffers it points to. */
export interface SockFprog {
  /** The struct sock_fprog: the setsockopt() value. */
  readonly prog: Buffer;
  /** The filter and the struct: the call's pins. */
  readonly pins: readonly Buffer[];
}

/**
 * A struct sock_fprog (SO_ATTACH_FILTER and its kin) around `filter`, a
 * classic BPF program of SIZEOF.sock_filter bytes an instruction.
 */
export function sockFprog(filter: Buffer): SockFprog {
  const prog = Buffer.alloc(SIZEOF.sock_fprog);
  prog.writeUInt16LE(filter.length / SIZEOF.sock_filter, 0);
  prog.writeBigUInt64LE(pointer(filter), 8);
  return { prog, pins: [filter, prog] };
}

/** Writes `ns` (>= 0) as a struct timespec at `offset` of `buf`. */
export function writeTimespec(buf: Buffer, ns: bigint, offset = 0): void {
  buf.writeBigInt64LE(ns / NS_PER_S, offset);
  buf.writeBigInt64LE(ns % NS_PER_S, offset + 8);
}

/** Writes a struct pollfd asking for `events` on `fd` at `offset` of `buf`, its revents cleared. */
export function writePollfd(buf: Buffer, fd: number, events: number, offset = 0): void {
  buf.writeInt32LE(fd, offset);
  buf.writeInt16LE(events, offset + 4);
  buf.writeInt16LE(0, offset + 6);
}

/** The revents the kernel left in the struct pollfd at `offset` of `buf`. */
export function pollRevents(buf: Buffer, offset = 0): number {
  return buf.readInt16LE(offset + 6);
}

/** One control message of a received msghdr. */
export interface ControlMessage {
  /** cmsg_level, e.g. SOL.IP. */
  readonly level: number;
  /** cmsg_type, e.g. IP_OPT.RECVERR. */
  readonly type: number;
  /** Its data (a view into the control buffer). */
  readonly data: Buffer;
}

/**
 * The control messages in the first `length` bytes of `control` (a
 * msghdr's controlLen after a receive), in order; a malformed one ends the
 * list.
 */
export function controlMessages(control: Buffer, length: number): ControlMessage[] {
  const out: ControlMessage[] = [];
  for (let off = 0; off + SIZEOF.cmsghdr <= length;) {
    const len = Number(control.readBigUInt64LE(off));
    if (len < SIZEOF.cmsghdr) break;
    out.push({
      level: control.readInt32LE(off + 8),
      type: control.readInt32LE(off + 12),
      data: control.subarray(off + SIZEOF.cmsghdr, off + len),
    });
    off += (len + 7) & ~7;
  }
  return out;
}
