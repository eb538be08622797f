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
  readonly pins: readonly unknown[];
  /** Copies what the kernel left in msghdrs back into the request. */
  finish(): void;
}

/** No pins: most calls take their buffers as arguments (the kernel reaches those by themselves). */
const NO_PINS: readonly unknown[] = [];

/** finish() of a call without msghdrs. */
const NOTHING_TO_FINISH = (): void => undefined;

/** The arguments of `request` for the kernel. */
export function prepareCall(args: readonly RequestArg[]): PreparedCall {
  let pins: unknown[] | null = null;
  let msgs: Array<[MsgArg, Msghdr]> | null = null;
  // Of its exact length: a first push() makes room for 17.
  const out = new Array<SyscallArg>(args.length);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    switch (a.kind) {
      case 'int':
        out[i] = a.value;
        break;
      case 'msg': {
        const msg = new Msghdr({ name: a.name, data: a.data, control: a.control });
        (pins ??= []).push(...msg.pins, msg.buffer);
        (msgs ??= []).push([a, msg]);
        out[i] = msg.buffer;
        break;
      }
      case 'fprog': {
        const fprog = sockFprog(a.filter);
        (pins ??= []).push(...fprog.pins);
        out[i] = fprog.prog;
        break;
      }
      default:
        // An argument itself, no pin needed.  A zero-length buffer is
        // still a valid pointer (a recv of 0 bytes is legal).
        out[i] = a.data.length === 0 ? Buffer.alloc(1) : a.data;
    }
  }
  if (msgs === null) return { args: out, pins: pins ?? NO_PINS, finish: NOTHING_TO_FINISH };
  const kept = msgs;
  return {
    args: out,
    pins: pins ?? NO_PINS,
    finish: (): void => {
      // Msghdr clamps the lengths to what was asked for: a msghdr handed to
      // a call that does not take one is only a buffer to the kernel, which
      // may write anything.
      for (const [a, msg] of kept) {
        a.nameLen = msg.nameLen;
        a.controlLen = msg.controlLen;
        a.flags = msg.flags;
      }
    },
  };
}
