// SPDX-License-Identifier: GPL-2.0-only
/**
 * A decoded shim request as kernel system call arguments: buffers are
 * passed as host pointers, a msghdr is built in host memory around the
 * request's name, data and control buffers (one iovec), a sock_fprog
 * around its filter, and after the call the msghdr's namelen, controllen
 * and flags are copied back into the request for the reply.  Every buffer
 * a pointer refers to is in the call's pins: the kernel reaches nothing
 * else (liblinux's user memory ranges).
 */
import { LibLinux } from '../sim/kernel/liblinux';
import type { SyscallArg } from '../sim/kernel/liblinux';
import { SOCK_FILTER_LEN } from './exec-protocol';
import type { MsgArg, RequestArg } from './exec-protocol';

/** sizeof(struct msghdr), struct iovec, struct sock_fprog on x86-64 (the kernel's too). */
const MSGHDR_LEN = 56;
const IOVEC_LEN = 16;
const FPROG_LEN = 16;

/** What node.syscall() needs for one request, and how to finish it. */
export interface PreparedCall {
  args: SyscallArg[];
  /** Buffers pointers inside `args` refer to. */
  pins: unknown[];
  /** Copies what the kernel left in msghdrs back into the request. */
  finish(): void;
}

/** A pointer to `b`, or NULL for an empty buffer. */
function pointer(b: Buffer): bigint {
  return b.length === 0 ? 0n : LibLinux.addressOf(b);
}

/** The arguments of `request` for the kernel. */
export function prepareCall(args: readonly RequestArg[]): PreparedCall {
  const pins: unknown[] = [];
  const msgs: Array<[MsgArg, Buffer]> = [];
  const out: SyscallArg[] = args.map((a): SyscallArg => {
    switch (a.kind) {
      case 'int':
        return a.value;
      case 'msg': {
        const iov = Buffer.alloc(IOVEC_LEN);
        // iov_base must be a valid pointer even for a zero-length peek.
        const data = a.data.length === 0 ? Buffer.alloc(1) : a.data;
        iov.writeBigUInt64LE(LibLinux.addressOf(data), 0);
        iov.writeBigUInt64LE(BigInt(a.data.length), 8);
        const msg = Buffer.alloc(MSGHDR_LEN);
        msg.writeBigUInt64LE(pointer(a.name), 0);
        msg.writeUInt32LE(a.name.length, 8);
        msg.writeBigUInt64LE(LibLinux.addressOf(iov), 16);
        msg.writeBigUInt64LE(1n, 24);
        msg.writeBigUInt64LE(pointer(a.control), 32);
        msg.writeBigUInt64LE(BigInt(a.control.length), 40);
        pins.push(iov, data, a.name, a.control, msg);
        msgs.push([a, msg]);
        return msg;
      }
      case 'fprog': {
        const prog = Buffer.alloc(FPROG_LEN);
        prog.writeUInt16LE(a.filter.length / SOCK_FILTER_LEN, 0);
        prog.writeBigUInt64LE(pointer(a.filter), 8);
        pins.push(a.filter, prog);
        return prog;
      }
      default:
        // A zero-length buffer is still a valid pointer (a recv of 0 bytes is legal).
        pins.push(a.data);
        return a.data.length === 0 ? Buffer.alloc(1) : a.data;
    }
  });
  return {
    args: out,
    pins,
    finish: (): void => {
      // Clamped to what was asked for: a msghdr handed to a call that does
      // not take one is only a buffer to the kernel, which may write anything.
      for (const [a, msg] of msgs) {
        a.nameLen = Math.min(msg.readUInt32LE(8), a.name.length);
        const controlLen = msg.readBigUInt64LE(40);
        a.controlLen = controlLen < BigInt(a.control.length) ? Number(controlLen) : a.control.length;
        a.flags = msg.readInt32LE(48);
      }
    },
  };
}
