// SPDX-License-Identifier: GPL-2.0-only
/**
 * The simulator's end of one program's channel: reads the shim's requests
 * (sim/exec/exec-protocol.ts), runs each in the node's kernel on a task of
 * the thread that made it, and writes the reply with the result, the
 * buffers the kernel wrote and the node's simulated time at that moment
 * (what the program's clocks read from then on).  Shared by the `run:`
 * commands, which run at one instant, and by `process` apps, which live in
 * simulated time: a call that blocks in the kernel is answered when it
 * completes, at the simulated time it completes.
 *
 * Threads.  Each thread of the program has a kernel task of its own (the
 * first the program's, the others threads of the same kernel process,
 * sharing its files), so calls of several threads can wait in the kernel
 * at once.  But only one thread runs at a time, as in Shadow: a thread
 * runs from a reply to its next request, and the replies that are ready
 * meanwhile wait in a queue, in the order they became ready (which
 * follows simulated events, never the host's timing), each delivered once
 * the thread before has made its next request or ended.  The owner holds
 * simulated time while a thread runs (`runs`/`waits`), so a program's
 * computation takes no simulated time whatever its threads do.
 *
 * The shim makes that possible with the simulator's own calls (SIM_CALL,
 * sim/exec/shim/threads.c): a thread being created is announced by its
 * creator (THREAD_NEW), counted as running (it runs on the host) until it
 * asks to start (THREAD_START), then queued like a reply; it says when it
 * ended (THREAD_EXIT).  A thread that waits for another (a lock, a
 * condition, a join) parks (PARK) and is queued again when a thread
 * wakes it (WAKE) or at its deadline.
 *
 * Transport.  Requests and replies go through memory shared with the
 * shim (sim/exec/shared-channel.ts).  A thread handed the run usually
 * asks its next call within microseconds, so the server waits for it on
 * the wall clock, briefly (`pump`), and serves it at once: a call the
 * kernel completes then costs no turn of the event loop and no promise.
 * That must not change what happens, only how fast: it waits only where
 * the slow way, the doorbell on the channel socket and an event-loop
 * turn, would have served the next request at the same point -- once the
 * continuations released so far have run (Node.settles tells whether a
 * call released any; if so it lets them run first).
 *
 * Signals.  The simulator delivers signals at simulated instants (a
 * timer of the program's, ProgramTimers; its stop): a thread that waits
 * in the kernel has its call interrupted (Node.interruptTask), one parked
 * is woken, and the signal goes to it with its reply; the shim raises it
 * there, so the handler runs as the call returns, and ends or restarts
 * the call as Linux would (sim/exec/shim/signals.c).  The main thread is
 * preferred, as Linux prefers it; with none waiting, the next reply takes
 * the signal.  Signals the program ignores interrupt nothing.
 *
 * One program at a time.  Two programs woken at the same simulated
 * instant would otherwise run at once on the host, and which of their
 * calls came first -- a send on one, a receive on the other -- would
 * depend on the host's timing.  So a server hands a run to a thread, or
 * serves a request, only while it holds the simulation's run token
 * (sim/exec/run-token.ts), which it takes when it has a thread running or
 * ready to, in the order the simulation's events give, and gives back
 * once it has none.  A request that comes while another program holds it
 * (a program's first, made as it starts) waits in the queue of turns.
 */
import { availableParallelism, constants } from 'node:os';
import type { Socket } from 'node:net';
import type { Logger } from '../core/logger';
import { ERRNO } from '../kernel/errno';
import { KernelApiError, KernelError } from '../kernel/errors';
import { syscallName } from '../kernel/syscall-numbers';
import type { Node } from '../node/node';
import { NodeExhaustedError } from '../node/node-exhausted-error';
import { prepareCall } from './exec-call';
import type { PreparedCall } from './exec-call';
import { settleContinuations } from '../core/settle';
import { decodeRequest, encodeReply, releaseRequest, replyLength, SIM_CALL, writeReply } from './exec-protocol';
import type { ExecRequest, RequestArg } from './exec-protocol';
import { ExecProtocolError } from './exec-protocol-error';
import { isForwarded } from './exec-syscalls';
import { KernelFds } from './kernel-fds';
import type { SharedChannel } from './shared-channel';
import { ProgramTimers } from './program-timers';
import { runTokenOf } from './run-token';
import type { RunToken, TokenHolder } from './run-token';

/** Calls answered at one simulated instant before the next ones cost time (see enqueue). */
const SPIN_CALLS = 1000;

/** The most threads a program may have alive at once (their tasks count against the node's too). */
const MAX_THREADS = 4096;

/**
 * How long the server waits on the wall clock for a running thread's
 * next request before it goes back to the event loop (the doorbell then
 * brings it): spinning first (never on a single CPU, where it would only
 * keep the program from running), then asleep.  Long enough for the
 * computation of most steps; short enough that the program's output
 * pipes and other programs are not kept waiting long.
 */
const WAIT_SPIN_NS = availableParallelism() > 1 ? 30_000 : 0;
const WAIT_US = 2000;

/** Signals ignored unless the program says otherwise (their default action is to ignore them). */
const DEFAULT_IGNORED = [
  constants.signals.SIGCHLD,
  constants.signals.SIGCONT,
  constants.signals.SIGURG,
  constants.signals.SIGWINCH,
].reduce((m, sig) => m | (1n << BigInt(sig - 1)), 0n);

/** The first real-time signal: those below are not queued twice. */
const SIGRTMIN = 32;

/** What the owner of a channel hears from it. */
export interface CallServerEvents {
  /** A thread of the program runs (or is about to): time must stand still. */
  readonly runs?: () => void;
  /** No thread runs: every one waits for a reply, and time may go on. */
  readonly waits?: () => void;
  /** A thread was handed the run: its step begins (the one before may have ended just now, time held). */
  readonly stepped?: () => void;
  /** The program waits for another to give up the run token (true), or waits no more (false). */
  readonly queued?: (waiting: boolean) => void;
  /** The channel cannot go on (a bad frame, a kernel fault, an internal error): kill the program. */
  readonly failed: (e: Error) => void;
}

/** A thread of the program, as the simulator sees it. */
interface ProgramThread {
  /** The shim's number of it (0: the main thread). */
  readonly id: number;
  /** Its kernel task. */
  readonly task: number;
  /** Whether it has asked to run (THREAD_START); a thread the shim announced runs on the host until then. */
  started: boolean;
  ended: boolean;
  /** Whether a call of it waits in the kernel. */
  inKernel: boolean;
  /** Calls answered in a row without waiting (enqueue). */
  unwaited: number;
  /** The object it is parked on, or null. */
  parkedOn: bigint | null;
  /** Its deadline while parked (simulated ns), or null: none. */
  deadline: bigint | null;
  /** When it last parked, and its request's arguments (its reply's). */
  parkedAt: bigint;
  parkArgs: readonly RequestArg[];
  /** Counts its parks: a deadline event of an earlier park finds it changed. */
  parks: number;
}

/** A thread ready to run: the reply that lets it run, or a first request of a thread never announced. */
type Turn =
  | { readonly thread: ProgramThread; readonly result: bigint; readonly args: readonly RequestArg[] }
  | { readonly thread: ProgramThread; readonly request: ExecRequest };

/** Serves one program's system calls, each thread's on a kernel task of its own, one thread at a time. */
export class CallServer implements TokenHolder {
  /** Calls run in the kernel. */
  syscalls = 0;
  /** The kernel descriptors its calls made. */
  readonly fds = new KernelFds();
  private stopped = false;
  private refused = 0;
  /** Whether pump() runs (it is never entered twice). */
  private pumping = false;
  /** Node.settles when the pump in progress began. */
  private pumpSettles = 0;
  /** Whether a pump is asked for once continuations have settled. */
  private pumpAsked = false;
  /** Whether each call is logged: asked once, not per call. */
  private readonly traceCalls: boolean;
  /** Replies held back until the shim has taken the one before (rarely more than none). */
  private readonly outbox: Buffer[] = [];
  private readonly threads = new Map<number, ProgramThread>();
  /** The thread that runs; the program's first runs from its start. */
  private running: ProgramThread | null;
  /** Threads ready to run, first come first served. */
  private readonly ready: Turn[] = [];
  /** Threads announced that have not asked to start yet. */
  private unstarted = 0;
  /** Turns on their way to `ready` (a spin pause, a promise hop). */
  private arriving = 0;
  /** Threads parked, by object, in the order they parked. */
  private readonly parked = new Map<bigint, ProgramThread[]>();
  /** Whether the owner was told the program runs. */
  private holding = true;
  /** The program's timers (SIM_CALL.TIMER). */
  private readonly timers: ProgramTimers;
  /** Signals delivered, not yet handed to a thread, in order. */
  private readonly signals: number[] = [];
  /** The thread the first of them goes to (interrupted or woken for it), or null: the next reply's. */
  private signalTarget: ProgramThread | null = null;
  /** Signals the program ignores, bit sig - 1 (SIM_CALL.SIGNALS). */
  private ignored = DEFAULT_IGNORED;
  /** One program at a time in the simulation (see the file comment). */
  private readonly token: RunToken;
  /** Whether it is queued for the token. */
  private waitingForToken = false;

  /**
   * @param task the program's kernel task: its first thread's, and the process its other threads share
   * @param where "node r1 at 1.000 s" or the like, for a protocol error's message
   * @param options spinStepNs: what each call of a busy loop costs, or null for a command, whose
   *   time stands still (and whose threads' deadlines then pass when nothing else can run)
   */
  constructor(
    private readonly channel: SharedChannel,
    doorbell: Socket,
    private readonly node: Node,
    private readonly task: number,
    private readonly where: string,
    private readonly events: CallServerEvents,
    private readonly options: { readonly spinStepNs: bigint | null },
    private readonly log?: Logger,
  ) {
    this.running = this.addThread(0, task, true);
    // The program runs from its start: its first request waits if another program has the token.
    this.token = runTokenOf(node.simulator);
    this.takeToken();
    this.timers = new ProgramTimers(node, (signal) => this.deliverSignal(signal));
    this.traceCalls = log?.isLevelEnabled('trace') ?? false;
    // The bytes are nothing: each says there is something in the shared memory.
    doorbell.on('data', () => this.pump());
    doorbell.on('error', () => undefined);
    // The program may have called already (its first calls come from its libraries' constructors).
    this.ask();
  }

  /** Whether a call is in the kernel, not yet answered. */
  get busy(): boolean {
    for (const t of this.threads.values()) if (t.inKernel) return true;
    return false;
  }

  /** Answers nothing more (the program is gone or being killed). */
  stop(): void {
    this.stopped = true;
    this.timers.stop();
    this.token.give(this);
  }

  /** The run token is this server's now (it was queued for it). */
  granted(): void {
    this.waitingForToken = false;
    this.events.queued?.(false);
    this.resume();
  }

  /** Whether it holds the token; if not, it is queued for it. */
  private takeToken(): boolean {
    if (this.token.take(this)) return true;
    if (!this.waitingForToken) {
      this.waitingForToken = true;
      this.events.queued?.(true);
    }
    return false;
  }

  /**
   * Delivers `signal` to the program now, in simulated time: to the
   * thread it interrupts or wakes, or with the next reply (see the file
   * comment).  Nothing if the program ignores it, or if a standard signal
   * of that number is pending already (as Linux merges them).
   */
  deliverSignal(signal: number): void {
    if (this.stopped || signal < 1 || signal > 64 || (this.ignored >> BigInt(signal - 1)) & 1n) return;
    if (signal < SIGRTMIN && this.signals.includes(signal)) return;
    this.signals.push(signal);
    this.resume();
  }

  /**
   * Ends the kernel tasks of the program's threads still alive, but the
   * program's own task, which is its owner's: once the program is gone.
   */
  endThreads(): void {
    for (const t of [...this.threads.values()]) {
      if (t.ended || t.task === this.task) continue;
      this.endTask(t);
      // Its call, if one was pending, is killed with it.
      t.inKernel = false;
    }
  }

  /**
   * Serves what the shared memory holds: each request, the replies held
   * back, and while a thread runs its next request as soon as it comes
   * (see the file comment); then asks for the doorbell.  Called where
   * every continuation released so far has run: from the doorbell (an
   * event-loop turn) or once they have settled (ask()).
   */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    const settles = (this.pumpSettles = this.node.settles);
    try {
      for (;;) {
        if (this.stopped) return;
        this.flushOutbox();
        const frame = this.channel.request();
        if (frame !== null) {
          const req = decodeRequest(frame);
          this.channel.taken();
          this.handle(req);
          continue;
        }
        if (this.node.settles !== settles) {
          // Continuations released by these calls run before the next request is served.
          this.ask();
          return;
        }
        if ((this.running !== null || this.outbox.length > 0) && this.channel.wait(WAIT_SPIN_NS, WAIT_US)) continue;
        if (!this.channel.sleep()) return;
      }
    } catch (e) {
      this.events.failed(
        e instanceof ExecProtocolError ? new ExecProtocolError(`${this.where}: ${e.message}`) : (e as Error),
      );
    } finally {
      this.pumping = false;
    }
  }

  /** A pump once the continuations released so far have run (or at the doorbell, whichever is first). */
  private ask(): void {
    if (this.pumpAsked || this.stopped) return;
    this.pumpAsked = true;
    // The doorbell is armed meanwhile: if something else settles first, the program is not kept waiting.
    this.channel.sleep();
    settleContinuations().then(
      () => {
        this.pumpAsked = false;
        this.pump();
      },
      (e: unknown) => this.events.failed(e instanceof Error ? e : new Error(String(e))),
    );
  }

  /** Posts a reply, or holds it back until the shim has taken the one before. */
  private post(result: bigint, args: readonly RequestArg[], thread: number): void {
    const now = this.node.now();
    const signal = this.signalFor(thread);
    if (this.outbox.length === 0 && this.channel.replyFree()) {
      writeReply(this.channel.replyArea(replyLength(result, args)), result, args, now, thread, signal);
      this.channel.posted();
      releaseRequest(result, args);
      return;
    }
    const reply = encodeReply(result, args, now, thread, signal);
    releaseRequest(result, args);
    if (reply.length > this.channel.replyMax) throw new ExecProtocolError(`reply of ${reply.length} bytes`);
    if (this.outbox.push(reply) === 1) this.channel.wantAck(true);
  }

  private flushOutbox(): void {
    if (this.outbox.length === 0) return;
    while (this.outbox.length > 0 && this.channel.replyFree()) {
      const reply = this.outbox.shift()!;
      this.channel.replyArea(reply.length).set(reply);
      this.channel.posted();
    }
    if (this.outbox.length === 0) this.channel.wantAck(false);
  }

  /** One request, as it arrives. */
  private handle(req: ExecRequest): void {
    switch (req.nr) {
      case SIM_CALL.THREAD_NEW:
        this.announce(req);
        break;
      case SIM_CALL.THREAD_START:
        this.start(req);
        break;
      case SIM_CALL.THREAD_EXIT:
        this.threadEnded(req);
        break;
      case SIM_CALL.WAKE:
        this.wake(req);
        break;
      case SIM_CALL.TIMER:
        this.timer(req);
        break;
      case SIM_CALL.SIGNALS:
        this.ignored = BigInt.asUintN(64, intArg(req, 0) ?? this.ignored);
        break;
      default:
        this.stepEnded(req);
    }
    this.dispatch();
  }

  /** A kernel call or a park: the thread that made it stops running. */
  private stepEnded(req: ExecRequest): void {
    const t = this.threads.get(req.thread);
    if (t === undefined || t.ended) {
      // A thread the shim never announced (glibc's own, a signal handler's call): served in its turn.
      const adopted = this.adopt(req);
      if (adopted !== null) this.ready.push({ thread: adopted, request: req });
      return;
    }
    if (t !== this.running) throw new ExecProtocolError(`thread ${t.id} made a request while it was not running`);
    this.running = null;
    if (this.takeToken()) this.serve(t, req);
    // Served first once the token comes.
    else this.ready.unshift({ thread: t, request: req });
  }

  private serve(t: ProgramThread, req: ExecRequest): void {
    if (req.nr === SIM_CALL.PARK) this.park(t, req);
    else this.submit(t, req);
  }

  /** Hands the run to the next ready thread, if none runs; tells the owner whether one does. */
  private dispatch(): void {
    while (this.running === null && !this.stopped) {
      const turn = this.ready[0];
      if (turn === undefined || !turn.thread.started || !this.takeToken()) break;
      this.ready.shift();
      if ('request' in turn) {
        this.serve(turn.thread, turn.request);
        continue;
      }
      this.running = turn.thread;
      this.post(turn.result, turn.args, turn.thread.id);
      this.events.stepped?.();
    }
    if (this.running === null) this.aimSignal();
    // A turn waiting for the token holds time as one running does.
    const runs = this.running !== null || this.unstarted > 0 || this.ready.length > 0;
    if (!runs) this.token.give(this);
    if (runs !== this.holding) {
      this.holding = runs;
      if (runs) this.events.runs?.();
      else this.events.waits?.();
    }
    if (!runs && this.options.spinStepNs === null && this.parked.size > 0) this.passDeadlineSoon();
  }

  /**
   * Queues a thread's reply: at once for most calls, after a pause for a
   * busy loop's.  Queued at once, it is dispatched by whoever called (a
   * request's handling ends in dispatch()); after a pause, it dispatches
   * itself.
   *
   * The pause: a program that polls without ever waiting (iperf3 asks
   * select() about a writable socket while it waits for its peer's go)
   * would spin at one simulated instant forever: only its calls that wait
   * let time go on.  So, as Shadow does, a run of more than SPIN_CALLS
   * calls answered without waiting is taken for a busy loop, and each
   * further call of the run costs SPIN_STEP_NS of simulated time.  Short
   * runs (ping's, a server's accept-read-write) cost nothing.  Counted per
   * thread, parks too (two threads handing a lock to each other forever
   * spin as well).  Only for programs that live in simulated time: a
   * command's time stands still.
   */
  private enqueue(t: ProgramThread, result: bigint, args: readonly RequestArg[], askedAt: bigint): void {
    // A call that waited in the kernel ends the run.
    if (this.node.now() !== askedAt) t.unwaited = 0;
    if (this.options.spinStepNs === null || ++t.unwaited <= SPIN_CALLS || this.advanceInStep(this.options.spinStepNs)) {
      this.ready.push({ thread: t, result, args });
      return;
    }
    this.arriving++;
    this.node.sleep(this.options.spinStepNs).then(
      () => {
        this.arriving--;
        if (this.stopped || t.ended) return;
        this.ready.push({ thread: t, result, args });
        this.resume();
      },
      // The node died: the program is being ended.
      () => undefined,
    );
  }

  /**
   * A busy loop's pause without an event, where it changes nothing else:
   * inside a pump that has released no continuation, while this program's
   * hold is the simulation's only one (Simulator.advanceInHold).
   */
  private advanceInStep(ns: bigint): boolean {
    return this.pumping && this.holding && this.node.settles === this.pumpSettles && this.node.advanceInHold(ns);
  }

  /** From a continuation (a call completed, a deadline passed): the ready threads run, their calls are served. */
  private resume(): void {
    try {
      this.dispatch();
      if (this.running !== null) this.ask();
    } catch (e) {
      this.events.failed(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Runs a request in the kernel on the thread's task; its reply is queued when it completes. */
  private submit(t: ProgramThread, req: ExecRequest): void {
    const askedAt = this.node.now();
    if (!isForwarded(req.nr)) {
      // Only a program writing its own frames asks for these: the shim never does.
      if (this.refused++ === 0) this.log?.warn({ nr: req.nr }, 'system call not forwarded: ENOSYS');
      this.enqueue(t, -BigInt(ERRNO.ENOSYS), req.args, askedAt);
      return;
    }
    this.syscalls++;
    const call = prepareCall(req.args);
    const outcome = this.node.syscallNow(t.task, req.nr, call.args, call.pins);
    if (typeof outcome === 'bigint') {
      this.completed(t, req, call, outcome, askedAt);
      return;
    }
    t.inKernel = true;
    outcome
      .then(
        (r) => r,
        (e: unknown) => {
          if (e instanceof KernelError) return -BigInt(e.errno);
          throw e;
        },
      )
      .then(
        (result) => {
          t.inKernel = false;
          if (this.stopped) return;
          this.completed(t, req, call, result, askedAt);
          this.resume();
        },
        (e: unknown) => {
          t.inKernel = false;
          throw e;
        },
      )
      .catch((e: unknown) => this.events.failed(e instanceof Error ? e : new Error(String(e))));
  }

  /** A call's result is in: its descriptors noted, its msghdrs copied back, its reply queued. */
  private completed(t: ProgramThread, req: ExecRequest, call: PreparedCall, result: bigint, askedAt: bigint): void {
    this.fds.note(req, result);
    call.finish();
    if (this.traceCalls) {
      this.log?.trace({ call: syscallName(req.nr), thread: t.id, result: result.toString() }, 'forwarded');
    }
    this.enqueue(t, result, req.args, askedAt);
  }

  /** THREAD_NEW (id): the running thread is creating thread `id`; it runs on. */
  private announce(req: ExecRequest): void {
    const creator = this.threads.get(req.thread);
    if (creator === undefined || creator !== this.running) {
      throw new ExecProtocolError(`thread ${req.thread} announced a thread while it was not running`);
    }
    this.post(this.announced(intArg(req, 0)), req.args, req.thread);
  }

  /** Takes thread `id` in: 0, or -EINVAL (a number in use or out of range), -EAGAIN (no task for it). */
  private announced(id: bigint | null): bigint {
    if (id === null || id <= 0n || id > 0xffffffffn || this.threads.has(Number(id))) return -BigInt(ERRNO.EINVAL);
    const t = this.newThread(Number(id), false);
    if (t === null) return -BigInt(ERRNO.EAGAIN);
    this.unstarted++;
    // Its place in the queue is taken now, in the creator's step: when its start arrives does not matter.
    this.ready.push({ thread: t, result: 0n, args: [] });
    return 0n;
  }

  /** TIMER (id, sig, value, interval, OUT old): the running thread sets a timer; it runs on. */
  private timer(req: ExecRequest): void {
    const t = this.threads.get(req.thread);
    if (t === undefined || t !== this.running) {
      throw new ExecProtocolError(`thread ${req.thread} set a timer while it was not running`);
    }
    const [id, signal, value, interval] = [0, 1, 2, 3].map((i) => intArg(req, i));
    const old = req.args[4];
    if (
      id === null ||
      signal === null ||
      value === null ||
      interval === null ||
      signal < 1n ||
      signal > 64n ||
      interval < 0n ||
      old?.kind !== 'out' ||
      old.data.length !== 16
    ) {
      this.post(-BigInt(ERRNO.EINVAL), req.args, req.thread);
      return;
    }
    const [left, every] = this.timers.set(id, Number(signal), value, interval);
    old.data.writeBigInt64LE(left, 0);
    old.data.writeBigInt64LE(every, 8);
    this.post(0n, req.args, req.thread);
  }

  /**
   * With a signal pending and no thread running: the thread that is to
   * take it -- the main thread if it waits, else the first waiting by
   * number -- has its call interrupted, or its park ended.  With none
   * waiting, the next reply takes it.
   */
  private aimSignal(): void {
    if (this.signals.length === 0 || this.signalTarget !== null || this.stopped) return;
    let taker: ProgramThread | null = null;
    for (const t of this.threads.values()) {
      if (t.ended || (!t.inKernel && t.parkedOn === null)) continue;
      if (taker === null || t.id < taker.id) taker = t;
    }
    if (taker === null) return;
    this.signalTarget = taker;
    if (taker.parkedOn !== null) {
      // A park may end early (a spurious wake): the shim looks again after the handler.
      this.enqueue(taker, 0n, taker.parkArgs, this.unpark(taker));
      this.dispatch();
    } else {
      // Its call completes (interrupted, or as it would have) and its reply takes the signal.
      this.node.interruptTask(taker.task);
    }
  }

  /** The signal reply of thread `thread` takes with it, or 0. */
  private signalFor(thread: number): number {
    if (this.signals.length === 0 || (this.signalTarget !== null && this.signalTarget.id !== thread)) return 0;
    this.signalTarget = null;
    return this.signals.shift()!;
  }

  /** THREAD_START: a thread announced asks to run; it runs in its turn. */
  private start(req: ExecRequest): void {
    const t = this.threads.get(req.thread);
    if (t === undefined || t.started) throw new ExecProtocolError(`thread ${req.thread} started twice or unannounced`);
    t.started = true;
    this.unstarted--;
    // Its reply is to this request (the shim's has no buffers; a program writing its own frames may).
    const i = this.ready.findIndex((turn) => turn.thread === t);
    if (i >= 0) this.ready[i] = { thread: t, result: 0n, args: req.args };
  }

  /** THREAD_EXIT (id): thread `id` has ended, or was never made. */
  private threadEnded(req: ExecRequest): void {
    const id = intArg(req, 0);
    const t = id === null ? undefined : this.threads.get(Number(id));
    if (t === undefined || t.ended) return;
    if (this.running === t) this.running = null;
    if (this.signalTarget === t) this.signalTarget = null;
    if (!t.started) {
      t.started = true;
      this.unstarted--;
      const i = this.ready.findIndex((turn) => turn.thread === t);
      if (i >= 0) this.ready.splice(i, 1);
    }
    this.unpark(t);
    this.endTask(t);
  }

  /** PARK (key, deadline): the thread waits for a WAKE on key, or for its deadline. */
  private park(t: ProgramThread, req: ExecRequest): void {
    const key = intArg(req, 0);
    const deadline = intArg(req, 1);
    const now = this.node.now();
    if (key === null || deadline === null) {
      this.enqueue(t, -BigInt(ERRNO.EINVAL), req.args, now);
      return;
    }
    if (deadline >= 0n && deadline <= now) {
      // Passed already (sched_yield asks for that): the threads ready go first.
      this.enqueue(t, -BigInt(ERRNO.ETIMEDOUT), req.args, now);
      return;
    }
    t.parkedOn = key;
    t.deadline = deadline < 0n ? null : deadline;
    t.parkedAt = now;
    t.parkArgs = req.args;
    t.parks++;
    const list = this.parked.get(key);
    if (list === undefined) this.parked.set(key, [t]);
    else list.push(t);
    if (t.deadline !== null && this.options.spinStepNs !== null) this.passDeadlineAt(t, t.deadline);
  }

  /** In simulated time: the thread's deadline is an event of its own. */
  private passDeadlineAt(t: ProgramThread, deadline: bigint): void {
    const park = t.parks;
    this.node.sleepUntil(deadline).then(
      () => {
        if (this.stopped || t.parks !== park || t.parkedOn === null) return;
        this.enqueue(t, -BigInt(ERRNO.ETIMEDOUT), t.parkArgs, this.unpark(t));
        this.resume();
      },
      // The node died: the program is being ended.
      () => undefined,
    );
  }

  /**
   * In a command time stands still, so a deadline can only pass when
   * nothing else can happen: no thread runs, none is ready or about to
   * be.  Then the earliest passes (looked at once pending promises have
   * run: a call that completed at once is still on its way).
   */
  private passDeadlineSoon(): void {
    setImmediate(() => {
      if (this.stopped || this.running !== null || this.unstarted > 0 || this.ready.length + this.arriving > 0) return;
      let first: ProgramThread | null = null;
      for (const list of this.parked.values()) {
        for (const t of list) {
          if (t.deadline !== null && (first === null || t.deadline < first.deadline!)) first = t;
        }
      }
      if (first === null) return;
      this.enqueue(first, -BigInt(ERRNO.ETIMEDOUT), first.parkArgs, this.unpark(first));
      this.resume();
    });
  }

  /** WAKE (key, n): up to n threads parked on key run again, in the order they parked. */
  private wake(req: ExecRequest): void {
    const key = intArg(req, 0);
    const n = intArg(req, 1);
    if (key === null || n === null) return;
    const list = this.parked.get(key) ?? [];
    const count = n >= BigInt(list.length) ? list.length : n <= 0n ? 0 : Number(n);
    for (const t of list.slice(0, count)) this.enqueue(t, 0n, t.parkArgs, this.unpark(t));
  }

  /** Takes the thread off its object's list; returns when it parked (now if it was not parked). */
  private unpark(t: ProgramThread): bigint {
    if (t.parkedOn === null) return this.node.now();
    const list = this.parked.get(t.parkedOn)!;
    list.splice(list.indexOf(t), 1);
    if (list.length === 0) this.parked.delete(t.parkedOn);
    t.parkedOn = null;
    t.deadline = null;
    return t.parkedAt;
  }

  /** A thread the shim did not announce: a task for it, or null (its request answered EAGAIN). */
  private adopt(req: ExecRequest): ProgramThread | null {
    const t = this.newThread(req.thread, true);
    if (t === null) this.post(-BigInt(ERRNO.EAGAIN), req.args, req.thread);
    return t;
  }

  /** A thread with a new kernel task of the program's process, or null if the node has no task for it. */
  private newThread(id: number, started: boolean): ProgramThread | null {
    if (this.threads.size >= MAX_THREADS) return null;
    let task: number;
    try {
      task = this.node.createTask(this.task);
    } catch (e) {
      if (e instanceof NodeExhaustedError) return null;
      throw e;
    }
    return this.addThread(id, task, started);
  }

  private addThread(id: number, task: number, started: boolean): ProgramThread {
    const t: ProgramThread = {
      id,
      task,
      started,
      ended: false,
      inKernel: false,
      unwaited: 0,
      parkedOn: null,
      deadline: null,
      parkedAt: 0n,
      parkArgs: [],
      parks: 0,
    };
    this.threads.set(id, t);
    return t;
  }

  /**
   * Marks the thread ended, forgets it (a request under its number after
   * this is a thread never announced), and ends its task -- but the
   * program's own, which is its owner's to end.
   */
  private endTask(t: ProgramThread): void {
    t.ended = true;
    this.threads.delete(t.id);
    if (t.task === this.task) return;
    try {
      this.node.exitTask(t.task);
    } catch (e) {
      // Gone with the program's task already.
      if (!(e instanceof KernelApiError)) throw e;
    }
  }
}

/** Argument i of a request if it is an integer, else null. */
function intArg(req: ExecRequest, i: number): bigint | null {
  const a = req.args[i];
  return a !== undefined && a.kind === 'int' ? a.value : null;
}
