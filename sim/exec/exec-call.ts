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
import type { SyscallArg } from '../kernel/liblinux';
import { Msghdr, sockFprog } from '../kernel/linux-structs';
import type { MsgArg, RequestArg } from './exec-protocol';

/** What node.syscall() needs for one request, and how to finish it. */
export interface PreparedCall {
  args: SyscallArg[];
  /** Buffers pointers inside `args` refer to. */
  pins: unknown[];
  /** Copies what the kernel left in msghdrs back into the request. */
  finish(): void;
}

/** The arguments of `request` for the kernel. */
export function prepareCall(args: readonly RequestArg[]): PreparedCall {
  const pins: unknown[] = [];
  const msgs: Array<[MsgArg, Msghdr]> = [];
  const out: SyscallArg[] = args.map((a): SyscallArg => {
    switch (a.kind) {
      case 'int':
        return a.value;
      case 'msg': {
        const msg = new Msghdr({ name: a.name, data: a.data, control: a.control });
        pins.push(...msg.pins, msg.buffer);
        msgs.push([a, msg]);
        return msg.buffer;
      }
      case 'fprog': {
        const fprog = sockFprog(a.filter);
        pins.push(...fprog.pins);
        return fprog.prog;
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
      // Msghdr clamps the lengths to what was asked for: a msghdr handed to
      // a call that does not take one is only a buffer to the kernel, which
      // may write anything.
      for (const [a, msg] of msgs) {
        a.nameLen = msg.nameLen;
        a.controlLen = msg.controlLen;
        a.flags = msg.flags;
      }
    },
  };
}
