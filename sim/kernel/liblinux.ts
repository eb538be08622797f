// SPDX-License-Identifier: GPL-2.0-only
/**
 * LibLinux: one private copy of liblinux (one Linux kernel) and its API,
 * the methods of kernel/include/liblinux.h one for one.  The rest of the
 * boundary is in its own modules of sim/kernel: ffi.ts (the only importer
 * of koffi), liblinux-abi.ts (the header's constants, struct layouts and
 * prototypes), library-loader.ts (mapping and relocating a copy),
 * host-memory.ts with ram-pool.ts and prefault-thread.ts (the kernels'
 * RAM), host-callbacks.ts, fault-guard.ts, and kernel-copy.ts (a copy's
 * lifecycle, and -errno turned into typed errors, errors.ts, once).
 *
 * This module holds the per-call and per-frame paths -- syscall(),
 * completions(), netdevReceive(), netdevTransmitted(), the status reads --
 * so each reads its buffers and offsets directly, with no allocation and
 * no layer in between.
 *
 * User memory.  System call arguments that are pointers are host pointers:
 * a Buffer (or any ArrayBufferView) passed as a syscall argument is turned
 * into its address.  Node keeps an ArrayBuffer's bytes at one address for
 * its whole life (asking for the address moves an on-heap typed array off
 * the heap once, for good), so the address stays valid as long as the view
 * is referenced.  A pending call keeps its Buffer arguments, and the
 * `pins` given with it, referenced until its completion is read -- pass in
 * `pins` every buffer a pointer inside an argument struct refers to (the
 * iovecs and data behind a msghdr, ...).
 */
import { ERRNO } from './errno';
import { KernelApiError, KernelError } from './errors';
import { addressOf } from './ffi';
import { framePool } from './frame-pool';
import { KernelCopy } from './kernel-copy';
import { DEFINE, LAYOUT } from './liblinux-abi';
import { syscallName } from './syscall-numbers';

export type { BootOptions, LibLinuxOptions } from './kernel-copy';
export { defaultLibraryPath } from './library-loader';

/*
 * What the per-call and per-frame paths compare with and index by, bound
 * once to module constants: they read them as they read the hand-written
 * numbers before, not through the tables on every frame.
 */
const { LIB_DONE, LIB_EDEAD, LIB_NO_DEADLINE, LIB_PENDING, LIB_USER_MAX } = DEFINE;
const {
  size: COMPLETION_SIZE,
  offsetOf: { task: COMPLETION_TASK, result: COMPLETION_RESULT },
} = LAYOUT.completion;
const {
  size: FRAME_SIZE,
  offsetOf: { ifindex: FRAME_IFINDEX, len: FRAME_LEN, data: FRAME_DATA },
} = LAYOUT.frame;
const {
  size: USER_RANGE_SIZE,
  offsetOf: { addr: USER_RANGE_ADDR, len: USER_RANGE_LEN },
} = LAYOUT.userRange;
const { next_deadline: STATUS_NEXT_DEADLINE, completions: STATUS_COMPLETIONS } = LAYOUT.status.offsetOf;
const { transmitted: STATUS_TRANSMITTED, transmitted_bytes: STATUS_TRANSMITTED_BYTES } = LAYOUT.status.offsetOf;

/** Completions or frames moved per library call; the methods loop until drained. */
const BATCH = 64;
/** Initial size of the staging area transmitted frames are copied into. */
const STAGING_BYTES = 256 << 10;

/**
 * A system call argument: an integer, a pointer to a Buffer's bytes (any
 * ArrayBufferView; its byteOffset is honoured), or null for NULL / 0.
 */
export type SyscallArg = bigint | number | ArrayBufferView | null;

/** What lib_syscall() said: the result now, or a completion later. */
export type SyscallOutcome = { state: 'done'; result: bigint } | { state: 'pending' };

/** A blocked system call that has completed. */
export interface Completion {
  /** The task it ran on. */
  task: number;
  /** Its result: >= 0, or -errno. */
  result: bigint;
  /** The result as a typed error when it is -errno, else null. */
  error: KernelError | null;
}

/** A frame on a virtual Ethernet device: Ethernet header included, no FCS. */
export interface Frame {
  /** The device. */
  ifindex: number;
  /** The bytes. */
  data: Uint8Array;
}

/** A frame the kernel transmitted, copied out of the library. */
export interface TransmittedFrame extends Frame {
  /** A private copy, owned by the caller. */
  data: Buffer;
}

/** A call that blocked, and what must stay referenced until it completes. */
interface PendingCall {
  nr: number;
  pins: readonly unknown[];
}

/*
 * Where lib_netdev_transmitted_copy() puts frames: one area for every
 * copy, reused (the host reads one copy's frames at a time), so its pages
 * are faulted in once.
 */
let staging = Buffer.allocUnsafeSlow(STAGING_BYTES);
let stagingAddress = Number(addressOf(staging));
/* The same bytes as a plain Uint8Array: its subarray() is cheaper than a Buffer's. */
let stagingBytes = new Uint8Array(staging.buffer, staging.byteOffset, staging.length);

/*
 * Host addresses as numbers, read and written as two 32-bit halves: exact
 * (user-space addresses are below 2^47) and, unlike the BigInt accessors,
 * allocation-free -- they run for every frame.
 */
function writeAddress(buf: Buffer, offset: number, address: number): void {
  buf.writeUInt32LE(address % 0x1_0000_0000, offset);
  buf.writeUInt32LE(Math.floor(address / 0x1_0000_0000), offset + 4);
}

/**
 * writeAddress() into 32-bit words, low first (the host is little-endian,
 * as everywhere here): a plain store, where Buffer's writes check their
 * arguments.  `offset` in bytes, a multiple of 4.
 */
function setHalves(words: Uint32Array, offset: number, value: number): void {
  words[offset / 4] = value % 0x1_0000_0000;
  words[offset / 4 + 1] = Math.floor(value / 0x1_0000_0000);
}

function readAddress(buf: Buffer, offset: number): number {
  return buf.readUInt32LE(offset + 4) * 0x1_0000_0000 + buf.readUInt32LE(offset);
}

/**
 * One private copy of liblinux: one Linux kernel.  Methods mirror the C API
 * of kernel/include/liblinux.h one for one; every method that takes `now`
 * enters the kernel, and `now` (ns) must never go backwards.
 *
 * Errors: a system call's -errno becomes a KernelError, the library's own
 * -errno a KernelApiError, LIB_EDEAD a KernelFaultError (then and on every
 * later call).  After any entry -- also one that threw KernelError -- the
 * caller should read completions() and netdevTransmitted(): both can have
 * grown during it.
 *
 * The constructor, init(), close(), logLines(), panicMessage() and isDead()
 * are KernelCopy's (kernel-copy.ts).
 */
export class LibLinux extends KernelCopy {
  private readonly pending = new Map<number, PendingCall>();
  // Scratch memory for the calls; one entry at a time, so one of each suffices.
  /**
   * lib_syscall()'s `const long args[6]`, in the host's byte order: a store
   * wraps a BigInt to 64 bits natively (a Buffer's BigInt write is ~60 ns).
   */
  private readonly argsWords = new BigInt64Array(6);
  /** The call's user memory: struct lib_user_range[LIB_USER_MAX], as 32-bit halves (setHalves()). */
  private readonly userBuf = new Uint32Array((LIB_USER_MAX * USER_RANGE_SIZE) / 4);
  /** The addresses and lengths of userBuf's ranges as numbers, for comparing without BigInts. */
  private readonly userAddrs = new Float64Array(LIB_USER_MAX);
  private readonly userLens = new Float64Array(LIB_USER_MAX);
  /** lib_syscall()'s `long *result`. */
  private readonly resultWord = new BigInt64Array(1);
  private readonly completionBuf = Buffer.alloc(COMPLETION_SIZE * BATCH);
  private readonly frameBuf = Buffer.alloc(FRAME_SIZE * BATCH);
  /** lib_netdev_receive's frame table, grown on demand and reused. */
  private receiveTable = Buffer.alloc(FRAME_SIZE * BATCH);

  /**
   * The address of a view's first byte, for pointers stored inside argument
   * structs (msghdr.msg_iov, iovec.iov_base, ...).  Pass the view in
   * syscall()'s `pins` too: the kernel reaches no other memory.
   */
  static addressOf(view: ArrayBufferView): bigint {
    return addressOf(view);
  }

  /**
   * lib_run(): fires the timers due by `now` and runs the kernel until idle.
   * @throws KernelApiError (time went backwards), KernelFaultError
   */
  run(now: bigint): void {
    this.entering('lib_run', now);
    const ret = this.api.run(now) as number;
    this.entered('lib_run', ret, now);
  }

  /**
   * lib_next_deadline(), read from lib_status() without a call: when the
   * kernel next needs run(), or null when no
   * timer is armed -- and for a dead instance, which never needs to run again.
   */
  nextDeadline(): bigint | null {
    if (this.dead || this.closed || !this.booted) return null;
    const d = this.status.getBigUint64(STATUS_NEXT_DEADLINE, true);
    return d === LIB_NO_DEADLINE ? null : d;
  }

  /** lib_now(): the kernel's clock, the `now` of the last call that entered it. */
  now(): bigint {
    this.usable('lib_now');
    return BigInt(this.api.now() as number | bigint);
  }

  /** lib_kernel_version(): the kernel release, e.g. "6.1.192". */
  kernelVersion(): string {
    this.usable('lib_kernel_version');
    return this.api.kernelVersion() as string;
  }

  /**
   * lib_task_create(): a new process (shareWith 0) or a thread sharing the
   * file table of task `shareWith`.  Returns the task id (> 0).
   * @throws KernelApiError (ESRCH: no such task), KernelFaultError
   */
  taskCreate(shareWith: number, now: bigint): number {
    this.entering('lib_task_create', now);
    const ret = this.api.taskCreate(shareWith, now) as number;
    return this.entered('lib_task_create', ret, now);
  }

  /**
   * lib_task_exit(): ends `task` as an exiting thread does; the last task of
   * a process takes the process with it (its sockets are closed as by
   * close(), a TCP one sends its FIN).  A call still pending on the task is
   * killed and never reported; whatever it pinned is released.  The id is
   * refused afterwards.
   * @throws KernelApiError (ESRCH: no such task), KernelFaultError
   */
  taskExit(task: number, now: bigint): void {
    this.entering('lib_task_exit', now);
    const ret = this.api.taskExit(task, now) as number;
    if (ret === 0) this.pending.delete(task);
    this.entered('lib_task_exit', ret, now);
  }

  /**
   * lib_task_interrupt(): interrupts the call `task` has pending as a signal
   * would; it completes (reported as completions are) with -EINTR or one
   * of the kernel's restart codes (-512 ERESTARTSYS, -513 ERESTARTNOINTR,
   * -514 ERESTARTNOHAND, -516 ERESTART_RESTARTBLOCK), which the caller
   * turns into a restart or EINTR by the handler it runs.  Returns whether
   * a call was pending.
   * @throws KernelApiError (ESRCH: no such task), KernelFaultError
   */
  taskInterrupt(task: number, now: bigint): boolean {
    this.entering('lib_task_interrupt', now);
    const ret = this.api.taskInterrupt(task, now) as number;
    return this.entered('lib_task_interrupt', ret, now) === 1;
  }

  /**
   * lib_syscall(): submits system call `nr` (sim/kernel/syscall-numbers.ts)
   * with up to six arguments (missing ones are 0) on `task`.
   *
   * A Buffer argument is passed as its address.  The kernel reaches only
   * the memory of the Buffer arguments and of the views in `pins`: put
   * there every buffer that a pointer inside an argument refers to (a
   * msghdr's iovec and data, a sock_fprog's filter); any other address is
   * EFAULT.  If the call blocks, all of them stay referenced until its
   * completion is read by completions().
   *
   * @returns `{state: 'done', result}` (result >= 0) or `{state: 'pending'}`
   * @throws KernelError when the call itself fails (-errno result),
   *   KernelApiError (EBUSY: task has a call pending, ESRCH, ENOSYS: refused
   *   call, EINVAL: more than LIB_USER_MAX buffers), KernelFaultError
   */
  syscall(
    task: number,
    nr: number,
    args: readonly SyscallArg[],
    now: bigint,
    pins: readonly unknown[] = [],
  ): SyscallOutcome {
    const outcome = this.trySyscall(task, nr, args, now, pins);
    if (outcome.state === 'done' && outcome.result < 0n) throw new KernelError(Number(outcome.result), syscallName(nr));
    return outcome;
  }

  /**
   * syscall(), but a call that fails is `{state: 'done', result: -errno}`
   * rather than a KernelError: a caller that passes errnos on (a program's
   * calls, sim/exec) pays for no exception.
   */
  trySyscall(
    task: number,
    nr: number,
    args: readonly SyscallArg[],
    now: bigint,
    pins: readonly unknown[] = [],
  ): SyscallOutcome {
    const op = 'lib_syscall';
    if (args.length > 6) {
      throw new KernelApiError(op, ERRNO.EINVAL, `${syscallName(nr)}: ${args.length} arguments, at most 6`);
    }
    // The user memory: each argument view, then each pin, once.
    let nuser = 0;
    for (let i = 0; i < 6; i++) {
      const a = i < args.length ? args[i] : 0;
      let v: bigint;
      if (a === null || a === undefined) {
        v = 0n;
      } else if (typeof a === 'bigint') {
        // Stored modulo 2^64, as BigInt.asIntN(64) would.
        v = a;
      } else if (typeof a === 'number') {
        if (!Number.isSafeInteger(a)) {
          throw new KernelApiError(op, ERRNO.EINVAL, `${syscallName(nr)}: argument ${i} is not an integer: ${a}`);
        }
        v = BigInt(a);
      } else {
        v = addressOf(a);
        nuser = this.addUserRange(op, nr, Number(v), a.byteLength, nuser);
      }
      this.argsWords[i] = v;
    }
    for (const p of pins) {
      if (ArrayBuffer.isView(p)) nuser = this.addUserRange(op, nr, Number(addressOf(p)), p.byteLength, nuser);
    }
    this.entering(op, now);
    this.resultWord[0] = 0n;
    const ret = this.api.syscall(task, nr, this.argsWords, this.userBuf, nuser, now, this.resultWord) as number;
    this.afterEntry(now);
    if (ret === LIB_DONE) return { state: 'done', result: this.resultWord[0]! };
    if (ret === LIB_PENDING) {
      // Found again only here: most calls complete at once, and need no list.
      const views = args.filter((a): a is ArrayBufferView => ArrayBuffer.isView(a));
      this.pending.set(task, { nr, pins: [...views, ...pins] });
      return { state: 'pending' };
    }
    this.check(op, ret, now, syscallName(nr));
    throw new KernelApiError(op, ERRNO.EPROTO, `unexpected return ${ret}`);
  }

  /**
   * Adds `len` bytes at `addr` as range `n` of userBuf unless an earlier
   * range is the same.  Compared as numbers in userAddrs/userLens, so a
   * call allocates no BigInt beyond each view's address.
   * @returns how many ranges now
   */
  private addUserRange(op: string, nr: number, addr: number, len: number, n: number): number {
    if (len === 0) return n;
    for (let i = 0; i < n; i++) if (this.userAddrs[i] === addr && this.userLens[i] === len) return n;
    if (n === LIB_USER_MAX) {
      throw new KernelApiError(op, ERRNO.EINVAL, `${syscallName(nr)}: more than ${LIB_USER_MAX} buffers`);
    }
    this.userAddrs[n] = addr;
    this.userLens[n] = len;
    const at = n * USER_RANGE_SIZE;
    setHalves(this.userBuf, at + USER_RANGE_ADDR, addr);
    setHalves(this.userBuf, at + USER_RANGE_LEN, len);
    return n + 1;
  }

  /**
   * lib_completions(): every blocked call that has completed, oldest first.
   * Does not enter the kernel.  Releases the pins of the calls reported.
   * A dead instance reports none.
   */
  completions(): Completion[] {
    this.usable('lib_completions');
    const out: Completion[] = [];
    if (this.dead || this.status.getUint32(STATUS_COMPLETIONS, true) === 0) return out;
    for (;;) {
      const n = this.api.completions(this.completionBuf, BATCH) as number;
      if (n < 0) {
        if (n === LIB_EDEAD) return out;
        throw new KernelApiError('lib_completions', n);
      }
      for (let i = 0; i < n; i++) {
        const at = i * COMPLETION_SIZE;
        const task = this.completionBuf.readInt32LE(at + COMPLETION_TASK);
        const result = this.completionBuf.readBigInt64LE(at + COMPLETION_RESULT);
        const call = this.pending.get(task);
        this.pending.delete(task);
        const name = call ? syscallName(call.nr) : 'syscall';
        out.push({ task, result, error: result < 0n ? new KernelError(Number(result), name) : null });
      }
      if (n < BATCH) return out;
    }
  }

  /**
   * lib_sysctl_get(): a sysctl's value as text, e.g. "net.ipv4.ip_forward"
   * (or the slash form when a component holds a dot).
   * @throws KernelError (ENOENT: unknown name, ...), KernelFaultError
   */
  sysctlGet(name: string, now: bigint): string {
    const op = 'lib_sysctl_get';
    for (let size = 4096; ; size *= 4) {
      this.entering(op, now);
      const buf = Buffer.alloc(size);
      const ret = this.api.sysctlGet(name, buf, size, now) as number;
      this.afterEntry(now);
      if (ret === -ERRNO.ENAMETOOLONG && size < 1 << 24) continue;
      this.sysctlCheck(op, name, ret, now);
      return buf.toString('utf8', 0, ret);
    }
  }

  /**
   * lib_sysctl_set(): writes a sysctl.
   * @throws KernelError (ENOENT, EINVAL ...), KernelFaultError
   */
  sysctlSet(name: string, value: string, now: bigint): void {
    const op = 'lib_sysctl_set';
    this.entering(op, now);
    const ret = this.api.sysctlSet(name, value, now) as number;
    this.afterEntry(now);
    this.sysctlCheck(op, name, ret, now);
  }

  /**
   * lib_netdev_create(): a virtual Ethernet device, administratively down
   * with its carrier up.  `mtu` 0 means 1500.  Returns its ifindex.
   * @throws KernelApiError (EEXIST: name taken, EINVAL), KernelFaultError
   */
  netdevCreate(name: string, mac: Uint8Array, mtu: number, now: bigint): number {
    const op = 'lib_netdev_create';
    if (mac.length !== 6) throw new KernelApiError(op, ERRNO.EINVAL, `MAC of ${mac.length} bytes`);
    this.entering(op, now);
    const ret = this.api.netdevCreate(name, Buffer.from(mac), mtu, now) as number;
    return this.entered(op, ret, now);
  }

  /**
   * lib_netdev_set_carrier(): link detected or not.
   * @throws KernelApiError (ENODEV), KernelFaultError
   */
  netdevSetCarrier(ifindex: number, up: boolean, now: bigint): void {
    this.entering('lib_netdev_set_carrier', now);
    const ret = this.api.netdevSetCarrier(ifindex, up ? 1 : 0, now) as number;
    this.entered('lib_netdev_set_carrier', ret, now);
  }

  /**
   * lib_netdev_receive(): delivers frames (copied by the library) up the
   * receive path.  Returns how many were taken (frames to a down device are
   * taken and dropped).
   * @throws KernelApiError (ENODEV, EINVAL: too short or too long; nothing taken), KernelFaultError
   */
  netdevReceive(frames: readonly Frame[], now: bigint): number {
    const op = 'lib_netdev_receive';
    this.entering(op, now);
    if (frames.length === 0) return 0;
    if (this.receiveTable.length < frames.length * FRAME_SIZE) {
      this.receiveTable = Buffer.alloc(frames.length * FRAME_SIZE);
    }
    const table = this.receiveTable;
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      const at = i * FRAME_SIZE;
      table.writeInt32LE(f.ifindex, at + FRAME_IFINDEX);
      table.writeUInt32LE(f.data.byteLength, at + FRAME_LEN);
      writeAddress(table, at + FRAME_DATA, Number(addressOf(f.data)));
    }
    // `frames` keeps every data buffer referenced during the call; the
    // library copies them, so nothing needs to outlive it.
    const ret = this.api.netdevReceive(table, frames.length, now) as number;
    return this.entered(op, ret, now);
  }

  /**
   * lib_netdev_transmitted_copy(), called only when lib_status() says
   * frames wait: every frame the kernel has transmitted since
   * the last read, oldest first, copied out (the library's copies die at
   * the next entry).  Does not enter the kernel.  A dead instance reports none.
   */
  netdevTransmitted(): TransmittedFrame[] {
    this.usable('lib_netdev_transmitted');
    const out: TransmittedFrame[] = [];
    if (this.dead) return out;
    for (;;) {
      const frames = this.status.getUint32(STATUS_TRANSMITTED, true);
      if (frames === 0) return out;
      // The library copies them all into the staging area in one call, each
      // at an 8-byte aligned offset; each then moves into a recycled Buffer
      // of its own (framePool).
      const need = Number(this.status.getBigUint64(STATUS_TRANSMITTED_BYTES, true)) + 8 * frames;
      if (staging.length < need) {
        staging = Buffer.allocUnsafeSlow(Math.max(need, 2 * staging.length));
        stagingAddress = Number(addressOf(staging));
        stagingBytes = new Uint8Array(staging.buffer, staging.byteOffset, staging.length);
      }
      const n = this.api.netdevTransmittedCopy(this.frameBuf, BATCH, staging, staging.length) as number;
      if (n <= 0) {
        if (n === LIB_EDEAD || n === 0) return out;
        throw new KernelApiError('lib_netdev_transmitted_copy', n);
      }
      for (let i = 0; i < n; i++) {
        const entry = i * FRAME_SIZE;
        const ifindex = this.frameBuf.readInt32LE(entry + FRAME_IFINDEX);
        const len = this.frameBuf.readUInt32LE(entry + FRAME_LEN);
        const at = readAddress(this.frameBuf, entry + FRAME_DATA) - stagingAddress;
        const data = framePool.take(len);
        // TypedArray set(): Buffer.copy() validates its four arguments on every frame.
        data.set(stagingBytes.subarray(at, at + len));
        out.push({ ifindex, data });
      }
    }
  }

  /**
   * lib_debug(): test-only operations (sim/kernel/debug-ops.ts: DEBUG_OP.bug
   * executes BUG(), DEBUG_OP.fault makes a wild access).  Returns the
   * operation's output value.
   * @throws KernelApiError (EINVAL: unknown op), KernelFaultError
   */
  debug(op: number, arg: bigint, now: bigint): bigint {
    this.entering('lib_debug', now);
    const out = Buffer.alloc(8);
    const ret = this.api.debug(op, arg, out, now) as number;
    this.entered('lib_debug', ret, now);
    return out.readBigUInt64LE(0);
  }

  /** Drops the pins of pending calls: close() is releasing the copy. */
  protected released(): void {
    this.pending.clear();
  }

  /** A sysctl's -errno is the kernel's answer about that sysctl: a KernelError naming it. */
  private sysctlCheck(op: string, name: string, ret: number, now: bigint): void {
    if (ret === LIB_EDEAD) this.check(op, ret, now);
    if (ret < 0) throw new KernelError(ret, `sysctl ${name}`);
  }
}
