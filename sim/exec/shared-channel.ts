// SPDX-License-Identifier: GPL-2.0-only
/**
 * The simulator's end of the memory a program's shim shares with it
 * (sim/exec/shim/channel-shm.h; the atomics and futexes are in
 * host-channel.c, built as libsim-exec-channel.so): one request and one
 * reply at a time, handed over without a system call while both ends are
 * awake.  The channel socket stays as the doorbell: when the simulator
 * goes back to its event loop (sleep()), the shim writes a byte on it
 * when it next posts, and its end of file says the program is gone.
 *
 * Everything read from the memory comes from the program and is checked
 * by the caller (exec-protocol.ts); the views over it are never handed
 * out beyond a call, so nothing reads the mapping once close() unmapped it.
 */
import { closeSync } from 'node:fs';
import { KernelApiError } from '../kernel/errors';
import { ERRNO } from '../kernel/errno';
import { findBuildOutput } from '../kernel/build-outputs';
import { memoryAt, openLibrary } from '../kernel/ffi';
import type { NativeFunction } from '../kernel/ffi';
import { ExecProtocolError } from './exec-protocol-error';

interface ChannelLibrary {
  create: NativeFunction;
  map: NativeFunction;
  unmap: NativeFunction;
  layout: NativeFunction;
  request: NativeFunction;
  requestTaken: NativeFunction;
  replyFree: NativeFunction;
  replyPosted: NativeFunction;
  wantAck: NativeFunction;
  wait: NativeFunction;
  sleep: NativeFunction;
}

let bound: ChannelLibrary | undefined;

function library(): ChannelLibrary {
  if (bound === undefined) {
    const relative = 'sim/exec/shim/build/libsim-exec-channel.so';
    const file = findBuildOutput(relative);
    if (file === null) throw new KernelApiError('load', ERRNO.ENOENT, `${relative} not found (npm run build makes it)`);
    const lib = openLibrary(file);
    bound = {
      create: lib.func('int chan_create(void)'),
      map: lib.func('void *chan_map(int fd)'),
      unmap: lib.func('void chan_unmap(void *m)'),
      layout: lib.func('uint32_t chan_layout(int which)'),
      request: lib.func('uint32_t chan_request(void *m)'),
      requestTaken: lib.func('void chan_request_taken(void *m)'),
      replyFree: lib.func('int chan_reply_free(void *m)'),
      replyPosted: lib.func('void chan_reply_posted(void *m)'),
      wantAck: lib.func('void chan_want_ack(void *m, int on)'),
      wait: lib.func('int chan_wait(void *m, uint32_t spin_ns, uint32_t wait_us)'),
      sleep: lib.func('int chan_sleep(void *m)'),
    };
  }
  return bound;
}

/** The memory one program shares with the simulator. */
export class SharedChannel {
  private closed = false;
  private readonly requests: Buffer;
  private readonly replies: Buffer;
  private fdOpen: boolean;

  private constructor(
    private readonly lib: ChannelLibrary,
    /** The memfd, to hand to the program; closeFd() once it has it. */
    readonly fd: number,
    private readonly base: bigint,
  ) {
    this.fdOpen = true;
    const at = (which: number): number => lib.layout(which) as number;
    this.requests = Buffer.from(memoryAt(base + BigInt(at(0)), at(1)));
    this.replies = Buffer.from(memoryAt(base + BigInt(at(2)), at(3)));
  }

  /**
   * A new channel memory (a sealed memfd, mapped).
   * @throws KernelApiError when the host refuses it, or libsim-exec-channel.so was not built
   */
  static create(): SharedChannel {
    const lib = library();
    const fd = lib.create() as number;
    if (fd < 0) throw new KernelApiError('chan_create', -fd, 'memory shared with a program');
    const base = lib.map(fd) as bigint | null;
    if (base === null) {
      closeSync(fd);
      throw new KernelApiError('chan_map', ERRNO.ENOMEM, 'memory shared with a program');
    }
    return new SharedChannel(lib, fd, base);
  }

  /** The largest reply the area takes. */
  get replyMax(): number {
    return this.replies.length;
  }

  /** The simulator's descriptor of the memory is not needed once the program has its own. */
  closeFd(): void {
    if (!this.fdOpen) return;
    this.fdOpen = false;
    closeSync(this.fd);
  }

  /**
   * The posted request's frame, or null if there is none.  A view of the
   * shared memory: read it (decodeRequest copies what it keeps) before
   * taken().
   * @throws ExecProtocolError if its length cannot be a frame in the area
   */
  request(): Buffer | null {
    if (this.closed) return null;
    const len = this.lib.request(this.base) as number;
    if (len === 0) return null;
    if (len > this.requests.length) throw new ExecProtocolError(`request frame of ${len} bytes`);
    return this.requests.subarray(0, len);
  }

  /** The request has been read: the shim may post the next. */
  taken(): void {
    if (!this.closed) this.lib.requestTaken(this.base);
  }

  /** Whether the reply area can take a reply (the last one has been taken). */
  replyFree(): boolean {
    return !this.closed && (this.lib.replyFree(this.base) as number) !== 0;
  }

  /**
   * Writes a reply of `len` bytes with `write` into the area and posts it.
   * Only when replyFree().
   */
  postReply(len: number, write: (into: Buffer) => void): void {
    if (this.closed) return;
    if (len > this.replies.length) throw new ExecProtocolError(`reply of ${len} bytes`);
    write(this.replies.subarray(0, len));
    this.lib.replyPosted(this.base);
  }

  /** Whether the shim is to ring when it takes a reply (one waits for the area). */
  wantAck(on: boolean): void {
    if (!this.closed) this.lib.wantAck(this.base, on ? 1 : 0);
  }

  /**
   * Waits on the wall clock, spinning at most `spinNs` then asleep, until
   * `waitUs` have passed, for a request (or the reply area asked for).
   * @returns whether there is something to do
   */
  wait(spinNs: number, waitUs: number): boolean {
    return !this.closed && (this.lib.wait(this.base, spinNs, waitUs) as number) !== 0;
  }

  /**
   * The simulator goes back to its event loop: the shim rings the
   * doorbell when it next posts.
   * @returns true (and no doorbell asked for) if there is something to do already
   */
  sleep(): boolean {
    return !this.closed && (this.lib.sleep(this.base) as number) !== 0;
  }

  /** Unmaps the memory (the program's mapping is its own) and closes the descriptor if still open. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeFd();
    this.lib.unmap(this.base);
  }
}
