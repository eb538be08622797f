// SPDX-License-Identifier: GPL-2.0-only
/**
 * The simulator's end of one program's channel: reads the shim's requests
 * (sim/exec/exec-protocol.ts), runs each in the node's kernel on the
 * program's task, one at a time, and writes the reply with the result,
 * the buffers the kernel wrote and the node's simulated time at that
 * moment (what the program's clocks read from then on).  Shared by the
 * `run:` commands, which run at one instant, and by `process` apps, which
 * live in simulated time: a call that blocks in the kernel is answered
 * when it completes, at the simulated time it completes.
 */
import type { Socket } from 'node:net';
import type { Logger } from '../core/logger';
import { ERRNO } from '../kernel/errno';
import { KernelError } from '../kernel/errors';
import { SYS, syscallName } from '../kernel/syscall-numbers';
import type { Node } from '../node/node';
import { prepareCall } from './exec-call';
import { decodeRequest, encodeReply, FrameReader } from './exec-protocol';
import type { ExecRequest } from './exec-protocol';
import { ExecProtocolError } from './exec-protocol-error';
import { isForwarded } from './exec-syscalls';

/** Highest kernel fd tracked for closing after a command (descriptors it left open). */
const MAX_KERNEL_FD = 4096;

/** System calls whose result is a new kernel descriptor. */
const FD_RESULT = new Set<number>([
  SYS.socket,
  SYS.openat,
  SYS.accept,
  SYS.accept4,
  SYS.dup,
  SYS.fcntl,
  SYS.epoll_create1,
]);

/** Calls answered at one simulated instant before the next ones cost time (see spinPause). */
const SPIN_CALLS = 1000;

/** What the owner of a channel hears from it. */
export interface CallServerEvents {
  /** A request arrived and was handed to the kernel (its reply may come at once or later). */
  readonly requested?: () => void;
  /** A reply was written: the program runs again. */
  readonly replied?: () => void;
  /** The channel cannot go on (a bad frame, a kernel fault, an internal error): kill the program. */
  readonly failed: (e: Error) => void;
}

/** Serves one program's system calls on one kernel task. */
export class CallServer {
  /** Calls run in the kernel. */
  syscalls = 0;
  /** Highest kernel descriptor a call returned (-1: none). */
  maxFd = -1;
  /** Whether a call is in the kernel, not yet answered. */
  busy = false;
  private stopped = false;
  private refused = 0;
  /** Calls answered in a row without waiting in the kernel. */
  private unwaited = 0;
  private readonly reader = new FrameReader();
  private readonly queue: ExecRequest[] = [];

  /**
   * @param where "node r1 at 1.000 s" or the like, for a protocol error's message
   */
  constructor(
    private readonly channel: Socket,
    private readonly node: Node,
    private readonly task: number,
    private readonly where: string,
    private readonly events: CallServerEvents,
    private readonly options: { readonly spinStepNs: bigint | null },
    private readonly log?: Logger,
  ) {
    channel.on('data', (chunk: Buffer) => this.receive(chunk));
    channel.on('error', () => undefined);
  }

  /** Answers nothing more (the program is gone or being killed). */
  stop(): void {
    this.stopped = true;
  }

  private receive(chunk: Buffer): void {
    try {
      this.reader.push(chunk);
      for (let f = this.reader.next(); f !== null; f = this.reader.next()) this.queue.push(decodeRequest(f));
    } catch (e) {
      this.events.failed(
        e instanceof ExecProtocolError ? new ExecProtocolError(`${this.where}: ${e.message}`) : (e as Error),
      );
      return;
    }
    this.serve();
  }

  private serve(): void {
    if (this.busy || this.stopped) return;
    let req = this.queue.shift();
    // Only a program writing its own frames asks for these: the shim never does.
    for (; req !== undefined && !isForwarded(req.nr); req = this.queue.shift()) {
      if (this.refused++ === 0) this.log?.warn({ nr: req.nr }, 'system call not forwarded: ENOSYS');
      this.channel.write(encodeReply(-BigInt(ERRNO.ENOSYS), req.args, this.node.now()));
    }
    if (req === undefined) return;
    this.busy = true;
    this.syscalls++;
    const call = prepareCall(req.args);
    const askedAt = this.node.now();
    this.node
      .syscall(this.task, req.nr, call.args, call.pins)
      .then(
        (r) => r,
        (e: unknown) => {
          if (e instanceof KernelError) return -BigInt(e.errno);
          throw e;
        },
      )
      .then(
        (result) => {
          this.busy = false;
          if (this.stopped) return;
          this.track(req, result);
          call.finish();
          this.log?.trace({ call: syscallName(req.nr), result: result.toString() }, 'forwarded');
          return this.spinPause(askedAt).then(() => {
            if (this.stopped) return;
            this.channel.write(encodeReply(result, req.args, this.node.now()));
            this.events.replied?.();
            this.serve();
          });
        },
        (e: unknown) => {
          this.busy = false;
          throw e;
        },
      )
      .catch((e: unknown) => this.events.failed(e instanceof Error ? e : new Error(String(e))));
    this.events.requested?.();
  }

  /**
   * A program that polls without ever waiting (iperf3 asks select() about a
   * writable socket while it waits for its peer's go) would spin at one
   * simulated instant forever: only its calls that wait let time go on.
   * So, as Shadow does, a run of more than SPIN_CALLS calls answered
   * without waiting is taken for a busy loop, and each further call of the
   * run costs SPIN_STEP_NS of simulated time.  Short runs (ping's, a server's
   * accept-read-write) cost nothing.  Only for programs that live in
   * simulated time: a command's time stands still.
   */
  private spinPause(askedAt: bigint): Promise<void> {
    // A call that waited in the kernel ends the run.
    if (this.node.now() !== askedAt) this.unwaited = 0;
    if (this.options.spinStepNs === null || ++this.unwaited <= SPIN_CALLS) return Promise.resolve();
    return this.node.sleep(this.options.spinStepNs);
  }

  /** Notes the kernel descriptors a call made. */
  private track(req: ExecRequest, result: bigint): void {
    if (result >= 0n && FD_RESULT.has(req.nr) && result < BigInt(MAX_KERNEL_FD)) {
      this.maxFd = Math.max(this.maxFd, Number(result));
    }
    if (result >= 0n && req.nr === SYS.socketpair && req.args[3]?.kind === 'out') {
      const pair = req.args[3].data;
      if (pair.length >= 8) this.maxFd = Math.max(this.maxFd, pair.readInt32LE(0), pair.readInt32LE(4));
    }
  }
}
