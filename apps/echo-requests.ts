// SPDX-License-Identifier: GPL-2.0-only
/**
 * The requests of an echo client (ping, udp-echo) and the replies that
 * answered them.  Request i is due at start + i × interval; the client
 * waits for replies until max(2 × interval, 1 s) after the last request,
 * or until every request is answered.  A request's round-trip time is the
 * simulated time between its send and the wake-up that read its reply:
 * both happen inside kernel entries at exact simulated times, so the RTT
 * is the network's, with no host-side noise.
 *
 * The sender and the receiver loops await the node's promises themselves
 * and call the client back synchronously: an async callback would add a
 * promise hop before the next system call, which can reorder it against
 * other apps' calls released by the same event, and so change a run.
 */
import type { Logger } from '../sim/core/logger';
import { NS_PER_S } from '../sim/core/time';
import { ERRNO } from '../sim/kernel/errno';
import { KernelError } from '../sim/kernel/errors';
import { MSG, POLL } from '../sim/kernel/linux-abi';
import { pollRevents, SIZEOF, writePollfd, writeTimespec } from '../sim/kernel/linux-structs';
import { SYS } from '../sim/kernel/syscall-numbers';
import type { Node } from '../sim/node/node';
import { millis, seconds } from './time-series';
import type { RttSample } from './time-series';

/** What an echo client reports of its requests (each client names and orders the fields of its result itself). */
export interface EchoStats {
  /** Requests the client tried to send (failed sends included, as ping(8) counts them). */
  transmitted: number;
  /** Requests answered, each counted once. */
  received: number;
  /** Replies to a request already answered. */
  duplicates: number;
  /** Requests whose send the kernel refused (counted in transmitted), and the errno of each, in order, e.g. "ENETUNREACH". */
  sendErrors: number;
  sendErrorCodes: string[];
  /** 100 × (transmitted − received) / transmitted; 0 when nothing was sent. */
  lossPercent: number;
  /** RTT of request i in ms, null if unanswered (within the waiting window); one entry per request sent. */
  rtts_ms: Array<number | null>;
  /** The answered requests' RTTs at their send times (the report's RTT series). */
  rtt: RttSample[];
  /** Over the answered requests; null when none was. */
  min_ms: number | null;
  avg_ms: number | null;
  max_ms: number | null;
}

/** How an echo client's receiver reads replies. */
export interface ReplyReader {
  /** Room for one reply. */
  readonly buffer: Buffer;
  /**
   * Read every queued reply at each wake-up, until EAGAIN (ping), or one
   * (udp-echo: if more are queued, ppoll returns at once, at the same
   * simulated time, and no call is spent on the EAGAIN).
   */
  readonly drain: boolean;
  /** One reply, as a view into `buffer`, read now. */
  reply(data: Buffer): void;
  /** When ppoll reports POLLERR: reads the socket's error queue (ping's ICMP errors). */
  errorQueue?(): Promise<void>;
  /** Where the socket errors read in place of a reply are logged (debug). */
  readonly log?: Logger | undefined;
}

/** The requests of one echo client run (see the file comment). */
export class EchoRequests {
  private readonly sentAt: bigint[] = [];
  private readonly rtts: Array<bigint | null> = [];
  private received = 0;
  private duplicates = 0;
  private readonly sendErrorCodes: string[] = [];

  /**
   * @param start simulated time (ns) of the first request
   * @param count how many requests
   * @param interval ns between two requests (> 0)
   */
  constructor(
    private readonly start: bigint,
    private readonly count: number,
    private readonly interval: bigint,
  ) {}

  /** When the client stops waiting for replies: max(2 × interval, 1 s) after the last request. */
  get end(): bigint {
    const wait = 2n * this.interval > NS_PER_S ? 2n * this.interval : NS_PER_S;
    return this.count === 0 ? this.start : this.start + BigInt(this.count - 1) * this.interval + wait;
  }

  /** How many requests have been sent (tried) so far. */
  get sent(): number {
    return this.sentAt.length;
  }

  /** Whether every request has been sent and answered: nothing is left to wait for. */
  get complete(): boolean {
    return this.received === this.count && this.sentAt.length === this.count;
  }

  /**
   * The sender: request i at its time, through `send(i)`, which makes its
   * system call.  Return the node's promise itself from `send` (not an
   * async function's): a wrapper adds a promise hop before the next call,
   * which can reorder it against other apps' calls at the same simulated
   * time.  A send the kernel refuses (KernelError) is counted, and told
   * to `refused`; any other error ends the sender.
   */
  async sendAll(
    node: Node,
    send: (i: number) => Promise<bigint>,
    refused?: (e: KernelError, i: number) => void,
  ): Promise<void> {
    for (let i = 0; i < this.count; i++) {
      const at = this.start + BigInt(i) * this.interval;
      if (at > node.now()) await node.sleepUntil(at);
      this.sentAt.push(node.now());
      this.rtts.push(null);
      try {
        await send(i);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        this.sendErrorCodes.push(e.code);
        refused?.(e, i);
      }
    }
  }

  /**
   * The receiver, on a task of its own sharing the socket `fd`: waits in
   * ppoll() until a reply comes or the window ends, and hands the replies
   * to `reader`.  Returns once the window has ended or every request is
   * answered.
   */
  async receiveAll(node: Node, task: number, fd: number, reader: ReplyReader): Promise<void> {
    const end = this.end;
    const buf = reader.buffer;
    const pollfd = Buffer.alloc(SIZEOF.pollfd);
    const timeout = Buffer.alloc(SIZEOF.timespec);
    for (;;) {
      const now = node.now();
      if (now >= end || this.complete) return;
      writePollfd(pollfd, fd, POLL.IN);
      writeTimespec(timeout, end - now);
      if ((await node.syscall(task, SYS.ppoll, [pollfd, 1, timeout, null, 0])) === 0n) continue;
      if ((pollRevents(pollfd) & POLL.ERR) !== 0 && reader.errorQueue !== undefined) await reader.errorQueue();
      do {
        let n: bigint;
        try {
          n = await node.syscall(task, SYS.recvfrom, [fd, buf, buf.length, MSG.DONTWAIT, null, null]);
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
          // EAGAIN: drained (or, after POLLIN, cannot happen but costs
          // nothing).  Another errno is a queued socket error (an ICMP
          // error about an earlier request): reading it cleared it;
          // ping(8) reports it and goes on, so do we.
          if (e.errno !== ERRNO.EAGAIN) reader.log?.debug({ err: e.message }, 'socket error');
          break;
        }
        reader.reply(buf.subarray(0, Number(n)));
      } while (reader.drain);
    }
  }

  /** Records a reply to request i (one sent), read at `now`: its RTT, or a duplicate. */
  answer(i: number, now: bigint): void {
    if (this.rtts[i] !== null) {
      this.duplicates++;
      return;
    }
    this.rtts[i] = now - this.sentAt[i]!;
    this.received++;
  }

  /** The statistics so far. */
  stats(): EchoStats {
    const answered = this.rtts.filter((r): r is bigint => r !== null);
    const ms = answered.map(millis);
    // The mean from the exact ns sum, so it does not depend on float summation order.
    const total = answered.reduce((s, r) => s + r, 0n);
    const transmitted = this.sentAt.length;
    return {
      transmitted,
      received: this.received,
      duplicates: this.duplicates,
      sendErrors: this.sendErrorCodes.length,
      sendErrorCodes: [...this.sendErrorCodes],
      lossPercent: transmitted === 0 ? 0 : (100 * (transmitted - this.received)) / transmitted,
      rtts_ms: this.rtts.map((r) => (r === null ? null : millis(r))),
      rtt: this.rtts.flatMap((r, i) => (r === null ? [] : [{ t_s: seconds(this.sentAt[i]!), rtt_ms: millis(r) }])),
      min_ms: ms.length === 0 ? null : ms.reduce((a, b) => (b < a ? b : a)),
      avg_ms: ms.length === 0 ? null : Number(total) / ms.length / 1e6,
      max_ms: ms.length === 0 ? null : ms.reduce((a, b) => (b > a ? b : a)),
    };
  }
}
