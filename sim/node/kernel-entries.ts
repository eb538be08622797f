// SPDX-License-Identifier: GPL-2.0-only
/**
 * The discipline every entry into a node's kernel follows: Node's engine,
 * which owns when the kernel runs, its deadline event and its death.
 *
 * Entries.  The kernel runs only when the host calls it, and every call
 * carries `now`: here always the simulator's current time.  Whatever the
 * reason for entering -- the kernel's own timer deadline, a frame arriving,
 * a system call, a sysctl, a new task, configuration -- the node then
 * (a) drains the frames the kernel transmitted and hands each to its
 *     NodeDevice (which announces it on its taps and offers it to its link),
 * (b) reads the completions of blocked system calls and settles the
 *     promises of the callers waiting on them,
 * (c) reads the kernel's next deadline and keeps exactly one simulator
 *     event for it (moving it when the deadline moved; none when the kernel
 *     has no timer armed or is dead).
 * A frame that arrives while the node is inside an entry (a zero-delay link
 * looping back synchronously) is queued and delivered in the same entry,
 * before (c), so entries never nest.  Steps (a) and (b) end in the node's
 * devices (node-devices.ts) and tasks (node-tasks.ts), through EntryOutlets.
 *
 * Faults.  A kernel panic, BUG or wild access (KernelFaultError) is caught at this
 * boundary: the node records {time, message}, cancels its deadline event,
 * rejects every waiting promise with the KernelFaultError, drops frames
 * delivered to it from then on, and every later entry rejects or throws
 * KernelFaultError.  The simulation and the other nodes continue.  Events
 * (deadline, frame arrival, carrier) never throw a fault out into the
 * simulator; direct calls (createTask, sysctl, enter) do throw it, after
 * recording it.
 */
import type { EventHandle } from '../core/event-queue';
import type { Logger } from '../core/logger';
import type { Simulator } from '../core/simulator';
import { KernelFaultError } from '../kernel/errors';
import { framePool } from '../kernel/frame-pool';
import type { BootOptions, Completion, Frame, LibLinux, TransmittedFrame } from '../kernel/liblinux';
import { NodeStateError } from './node-state-error';

/** How a node died. */
export interface NodeFault {
  /** Simulated time (ns) of the entry in which the kernel died. */
  time: bigint;
  /** The kernel's panic message. */
  message: string;
  /** The library call that reported it ("lib_run", "lib_netdev_receive", ...). */
  operation: string;
}

/** Entry counters of a node, plain numbers (JSON-able). */
export interface NodeCounters {
  /** Entries into the kernel, of every kind. */
  entries: number;
  /** Entries made by the kernel-deadline event. */
  deadlineRuns: number;
}

/** Where what an entry read goes: the rest of the node. */
export interface EntryOutlets {
  /** Step (a): a frame the kernel transmitted, for its device. */
  transmitted(frame: TransmittedFrame): void;
  /** Step (b): the completion of a blocked call, for its waiter. */
  completed(completion: Completion): void;
  /** The kernel died (fault recorded, deadline cancelled): fail everyone waiting. */
  died(error: KernelFaultError): void;
}

/**
 * Consecutive kernel runs at one simulated time after which the deadline is
 * considered stuck (the kernel keeps asking to run "now"): a bug to report,
 * not to spin on forever.
 */
const MAX_RUNS_AT_ONE_TIME = 100_000;

/** The entries into one node's kernel.  Made and used by Node only. */
export class KernelEntries {
  private booted = false;
  private isClosed = false;
  /** True while inside an entry (and its drain): entries do not nest. */
  private busy = false;
  /** Frames that arrived while busy, delivered before the entry ends. */
  private readonly inbound: Frame[] = [];
  private deadlineEvent: EventHandle | null = null;
  private lastRunAt = -1n;
  private runsAtLastTime = 0;
  private faultInfo: NodeFault | null = null;
  private readonly stats: NodeCounters = { entries: 0, deadlineRuns: 0 };

  /**
   * @param sim the simulator whose time and events the entries use
   * @param kernel the node's kernel, loaded, not yet booted
   * @param name the node's name, for messages
   * @param log the node's logger
   * @param outlets where transmitted frames, completions and the kernel's death go
   */
  constructor(
    private readonly sim: Simulator,
    private readonly kernel: LibLinux,
    private readonly name: string,
    private readonly log: Logger | undefined,
    private readonly outlets: EntryOutlets,
  ) {}

  /** Node.boot(): boots the kernel with `options` at `now` and schedules its first deadline event. */
  boot(options: BootOptions, now: bigint): void {
    if (this.booted) throw new NodeStateError(`node ${this.name}: boot() called twice`);
    this.booted = true;
    try {
      this.kernel.init(options, now);
    } catch (e) {
      if (e instanceof KernelFaultError) this.die(e);
      throw e;
    }
    this.log?.debug({ kernel: this.kernel.kernelVersion() }, 'booted');
    this.reschedule();
  }

  /** Whether close() was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** How the node died, or null while it lives. */
  fault(): NodeFault | null {
    return this.faultInfo === null ? null : { ...this.faultInfo };
  }

  /** Whether the node's kernel has died. */
  isDead(): boolean {
    return this.faultInfo !== null;
  }

  /** Number of simulator events pending for the kernel's deadline: 0 or 1. */
  get pendingDeadlineEvents(): number {
    return this.deadlineEvent !== null && this.deadlineEvent.state === 'pending' ? 1 : 0;
  }

  /** When the deadline event is due, or null when there is none. */
  get deadlineEventTime(): bigint | null {
    return this.pendingDeadlineEvents === 1 ? this.deadlineEvent!.time : null;
  }

  /** A snapshot of the entry counters. */
  counters(): NodeCounters {
    return { ...this.stats };
  }

  /** Node.enter(): one entry, then steps (a), (b) and (c). */
  enter<T>(op: string, fn: (kernel: LibLinux, now: bigint) => T): T {
    if (!this.booted) throw new NodeStateError(`node ${this.name}: ${op} before boot()`);
    if (this.isClosed) throw new NodeStateError(`node ${this.name}: ${op} after close()`);
    if (this.busy) throw new NodeStateError(`node ${this.name}: ${op} from inside an entry of the same node`);
    if (this.faultInfo !== null) throw this.deadError(op);
    this.busy = true;
    let result: T;
    try {
      this.stats.entries++;
      try {
        result = fn(this.kernel, this.sim.now);
      } finally {
        // Also after a throw: an entry that failed (KernelError) may still
        // have transmitted frames and completed other tasks' calls.
        this.drain();
      }
    } catch (e) {
      if (e instanceof KernelFaultError) this.die(e);
      throw e;
    } finally {
      this.busy = false;
      this.reschedule();
    }
    return result;
  }

  /** An entry made by a simulator event: faults are recorded, never thrown into the simulator. */
  event(op: string, fn: (kernel: LibLinux, now: bigint) => unknown): void {
    try {
      this.enter(op, fn);
    } catch (e) {
      if (!(e instanceof KernelFaultError)) throw e;
    }
  }

  /**
   * Node.deliverFrame(): `data` arrived on the device `ifindex`.  Delivered
   * in an entry of its own, or queued into the entry in progress; once the
   * kernel has copied it in, the buffer goes back to the frame pool.
   */
  receive(ifindex: number, data: Buffer): void {
    const f: Frame = { ifindex, data };
    if (this.busy) {
      this.inbound.push(f);
      return;
    }
    this.event('receive', (k, now) => k.netdevReceive([f], now));
    framePool.give(data);
  }

  /**
   * Ends the entries: later ones throw NodeStateError, the deadline event
   * is cancelled.  The caller then unloads the kernel.
   * @returns false if already closed
   */
  close(): boolean {
    if (this.isClosed) return false;
    this.isClosed = true;
    this.cancelDeadline();
    return true;
  }

  /** The error every call on a dead node gets. */
  deadError(op: string): KernelFaultError {
    const f = this.faultInfo!;
    return new KernelFaultError(`${op} on dead node ${this.name}`, this.sim.now, f.message);
  }

  /** The kernel-deadline event. */
  private onDeadline(): void {
    this.deadlineEvent = null;
    const now = this.sim.now;
    if (now === this.lastRunAt) {
      if (++this.runsAtLastTime > MAX_RUNS_AT_ONE_TIME) {
        throw new NodeStateError(`node ${this.name}: kernel deadline stuck at ${now} ns`);
      }
    } else {
      this.lastRunAt = now;
      this.runsAtLastTime = 1;
    }
    this.stats.deadlineRuns++;
    this.event('run', (k, t) => k.run(t));
  }

  /** Steps (a) and (b) of an entry, plus frames that arrived meanwhile; loops until nothing is left. */
  private drain(): void {
    for (;;) {
      for (const f of this.kernel.netdevTransmitted()) this.outlets.transmitted(f);
      for (const c of this.kernel.completions()) this.outlets.completed(c);
      if (this.inbound.length === 0 || this.kernel.isDead()) return;
      const frames = this.inbound.splice(0);
      this.stats.entries++;
      this.kernel.netdevReceive(frames, this.sim.now);
      for (const f of frames) framePool.give(f.data);
    }
  }

  /** Step (c): one pending event at the kernel's next deadline (never before now), or none. */
  private reschedule(): void {
    if (this.isClosed) return;
    const d = this.kernel.nextDeadline();
    const at = d === null ? null : d > this.sim.now ? d : this.sim.now;
    const ev = this.deadlineEvent;
    if (ev !== null && ev.state === 'pending' && ev.time === at) return;
    this.cancelDeadline();
    if (at !== null) this.deadlineEvent = this.sim.schedule(at, () => this.onDeadline());
  }

  private cancelDeadline(): void {
    if (this.deadlineEvent !== null) this.sim.cancel(this.deadlineEvent);
    this.deadlineEvent = null;
  }

  /** Records the fault, stops the node's events and fails everyone waiting on it. */
  private die(e: KernelFaultError): void {
    if (this.faultInfo !== null) return;
    this.faultInfo = { time: e.time, message: e.panicMessage, operation: e.operation };
    this.log?.error(
      { time: e.time.toString(), operation: e.operation, panic: e.panicMessage },
      'kernel fault: node is dead',
    );
    this.cancelDeadline();
    this.inbound.length = 0;
    this.outlets.died(e);
  }
}
