// SPDX-License-Identifier: GPL-2.0-only
/**
 * The simulator's end of the memory a program's shim shares with it
 * (sim/exec/shim/channel-shm.h): one request and one reply at a time,
 * handed over without a system call while both ends are awake.  The words
 * that hand them over are read and moved on here, with JavaScript's
 * atomics over the mapping (sequentially consistent, as the shim's
 * __atomic builtins): a request served at once costs no call into C.  What
 * JavaScript cannot do is in host-channel.c, built as
 * libsim-exec-channel.so: the memory itself, futex wakes (only when the
 * shim says a thread sleeps) and the server's wait, bounded by the wall
 * clock.  The channel socket stays as the doorbell: when the simulator
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

/** Where the words of struct chan_words are, as indexes of 32-bit words from the mapping's start. */
interface WordIndexes {
  readonly reqSeq: number;
  readonly reqDone: number;
  readonly repSeq: number;
  readonly repDone: number;
  readonly shimWaiters: number;
  readonly simWantsAck: number;
}

interface ChannelLibrary {
  create: NativeFunction;
  map: NativeFunction;
  unmap: NativeFunction;
  layout: NativeFunction;
  wake: NativeFunction;
  wait: NativeFunction;
  sleep: NativeFunction;
  words: WordIndexes;
}

/** chan_wake()'s words: a request taken, a reply posted. */
const WAKE_REQ_DONE = 0;
const WAKE_REP_SEQ = 1;

let bound: ChannelLibrary | undefined;

function library(): ChannelLibrary {
  if (bound === undefined) {
    const relative = 'sim/exec/shim/build/libsim-exec-channel.so';
    const file = findBuildOutput(relative);
    if (file === null) throw new KernelApiError('load', ERRNO.ENOENT, `${relative} not found (npm run build makes it)`);
    const lib = openLibrary(file);
    const layout = lib.func('uint32_t chan_layout(int which)');
    // chan_layout() 4 to 10: the byte offsets of the words, in struct chan_words's order.
    const word = (which: number): number => (layout(which) as number) / 4;
    bound = {
      create: lib.func('int chan_create(void)'),
      map: lib.func('void *chan_map(int fd)'),
      unmap: lib.func('void chan_unmap(void *m)'),
      layout,
      wake: lib.func('void chan_wake(void *m, int which)'),
      wait: lib.func('int chan_wait(void *m, uint32_t spin_ns, uint32_t wait_us)'),
      sleep: lib.func('int chan_sleep(void *m)'),
      words: {
        reqSeq: word(4),
        reqDone: word(5),
        repSeq: word(6),
        repDone: word(7),
        shimWaiters: word(9),
        simWantsAck: word(10),
      },
    };
  }
  return bound;
}

/** The memory one program shares with the simulator. */
export class SharedChannel {
  private closed = false;
  private readonly requests: Buffer;
  private readonly replies: Buffer;
  /** The words (struct chan_words), for Atomics. */
  private readonly words: Uint32Array;
  private readonly at: WordIndexes;
  /**
   * The last frame views handed out, kept while the next frame has the
   * same length (a program's calls mostly repeat): a view costs ~60 ns.
   */
  private requestView: Buffer;
  private replyView: Buffer;
  /**
   * req_done and rep_seq as the simulator last wrote them: it is their only
   * writer, so it compares with these and reads only the shim's words (a
   * read of a word the other side writes costs a cache line's transfer).
   * The shared memory is a fresh memfd: every word starts at 0.
   */
  private reqDone = 0;
  private repSeq = 0;
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
    this.words = new Uint32Array(memoryAt(base, at(0)));
    this.at = lib.words;
    this.requestView = this.requests.subarray(0, 0);
    this.replyView = this.replies.subarray(0, 0);
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
    const w = this.words;
    if (Atomics.load(w, this.at.reqSeq) === this.reqDone) return null;
    // A length of 0 is no frame's: one byte, which decodeRequest refuses.
    const len = this.requests.readUInt32LE(0) || 1;
    if (len > this.requests.length) throw new ExecProtocolError(`request frame of ${len} bytes`);
    if (this.requestView.length !== len) this.requestView = this.requests.subarray(0, len);
    return this.requestView;
  }

  /** The request has been read: the shim may post the next. */
  taken(): void {
    if (this.closed) return;
    this.reqDone = (this.reqDone + 1) >>> 0;
    this.moveOn(this.at.reqDone, this.reqDone, WAKE_REQ_DONE);
  }

  /** Whether the reply area can take a reply (the last one has been taken). */
  replyFree(): boolean {
    return !this.closed && Atomics.load(this.words, this.at.repDone) === this.repSeq;
  }

  /**
   * The reply area's first `len` bytes, to write a reply into and then
   * post it with posted().  Only when replyFree().
   * @throws ExecProtocolError if the reply cannot fit
   */
  replyArea(len: number): Buffer {
    if (this.closed) throw new ExecProtocolError('reply to a program whose channel is closed');
    if (len > this.replies.length) throw new ExecProtocolError(`reply of ${len} bytes`);
    if (this.replyView.length !== len) this.replyView = this.replies.subarray(0, len);
    return this.replyView;
  }

  /** The reply written into replyArea() is complete: its thread may take it. */
  posted(): void {
    if (this.closed) return;
    this.repSeq = (this.repSeq + 1) >>> 0;
    this.moveOn(this.at.repSeq, this.repSeq, WAKE_REP_SEQ);
  }

  /** Moves one of the simulator's words on to `value`, and wakes the shim's threads asleep if there are any. */
  private moveOn(index: number, value: number, wake: number): void {
    // A read-modify-write, so the waiters are read only once the shim can
    // see the word (a thread counts itself in before it looks and sleeps).
    Atomics.exchange(this.words, index, value);
    if (Atomics.load(this.words, this.at.shimWaiters) !== 0) this.lib.wake(this.base, wake);
  }

  /** Whether the shim is to ring when it takes a reply (one waits for the area). */
  wantAck(on: boolean): void {
    // An exchange, as the shim's stores are: seen before the simulator next looks at the reply area.
    if (!this.closed) Atomics.exchange(this.words, this.at.simWantsAck, on ? 1 : 0);
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
