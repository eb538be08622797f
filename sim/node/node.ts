// SPDX-License-Identifier: GPL-2.0-only
/**
 * A simulated node: one private Linux kernel (LibLinux), its devices, and
 * the discipline every entry into that kernel follows.
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
 * before (c), so entries never nest.
 *
 * Apps and time.  syscall() and sleepUntil() return promises; promise
 * continuations are microtasks, which run only once the JS stack is empty.
 * The node therefore requires the simulator to be driven with
 * `Simulator.runAsync()`, which lets the microtask queue drain after every
 * event.  The effect: a continuation released by an event (the deadline
 * event that completed a recvfrom, the arrival that woke a ppoll, a sleep
 * that expired) runs after that event and before the next one, while
 * `sim.now` is still that event's time.  A system call it issues enters the
 * kernel at that same `sim.now`, and events it schedules are queued after
 * those already pending at that time -- exactly as if the continuation had
 * run at the end of the releasing event.  No event is reordered and no time
 * passes between a wake-up and the app's next call.  (With the synchronous
 * `Simulator.run()` continuations would run only when run() returns, at the
 * wrong time: do not use it with apps.)
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
import { childLogger } from '../core/logger';
import type { Logger } from '../core/logger';
import type { Simulator } from '../core/simulator';
import type { TapFailureSink } from '../core/tap';
import { ERRNO } from '../kernel/errno';
import { KernelApiError, KernelFaultError } from '../kernel/errors';
import { framePool } from '../kernel/frame-pool';
import { LibLinux } from '../kernel/liblinux';
import type { Frame, SyscallArg } from '../kernel/liblinux';
import { NodeDevice } from './node-device';
import type { DeviceHost } from './node-device';
import { NodeExhaustedError } from './node-exhausted-error';
import { NodeStateError } from './node-state-error';

/**
 * A node kernel's command line unless told otherwise: warnings (a WARN's
 * "WARNING:" line and its taint) reach the node's log, notices do not.
 */
export const DEFAULT_CMDLINE = 'loglevel=5';

/** Options of a node's kernel, fixed before boot. */
export interface NodeOptions {
  /** The liblinux file; default as LibLinux's ($LIBLINUX_SO, else kernel/build/liblinux.so). */
  libraryPath?: string;
  /** Kernel RAM in bytes; default liblinux's (64 MiB). */
  memoryBytes?: bigint;
  /** Kernel command line; default DEFAULT_CMDLINE.  `hostname=<node name>` is appended. */
  cmdline?: string;
}

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

/** A caller waiting on a blocked system call. */
interface Waiter {
  resolve: (result: bigint) => void;
  reject: (error: Error) => void;
}

/** A caller waiting in sleepUntil(). */
interface Sleeper {
  handle: EventHandle;
  reject: (error: Error) => void;
}

/**
 * Consecutive kernel runs at one simulated time after which the deadline is
 * considered stuck (the kernel keeps asking to run "now"): a bug to report,
 * not to spin on forever.
 */
const MAX_RUNS_AT_ONE_TIME = 100_000;

/**
 * One simulated node: a booted Linux kernel, its devices, and async system
 * calls for apps.  Create, boot(), addDevice() per interface (or let
 * node-config do it), then drive the simulator with runAsync().
 */
export class Node implements DeviceHost {
  /** The node's kernel.  Prefer enter() for raw calls: it keeps the entry discipline. */
  readonly kernel: LibLinux;
  private readonly log: Logger | undefined;
  private readonly cmdline: string;
  private readonly memoryBytes: bigint | undefined;
  private booted = false;
  private closed = false;
  /** True while inside an entry (and its drain): entries do not nest. */
  private busy = false;
  /** Frames that arrived while busy, delivered before the entry ends. */
  private readonly inbound: Frame[] = [];
  private readonly byIndex = new Map<number, NodeDevice>();
  private readonly byName = new Map<string, NodeDevice>();
  private readonly waiters = new Map<number, Waiter>();
  /** Threads made by createTask(owner), by owner: exitTask(owner) ends them too. */
  private readonly threads = new Map<number, number[]>();
  /** The owner of each thread in `threads`. */
  private readonly owners = new Map<number, number>();
  private readonly sleepers = new Set<Sleeper>();
  private deadlineEvent: EventHandle | null = null;
  private lastRunAt = -1n;
  private runsAtLastTime = 0;
  private faultInfo: NodeFault | null = null;
  private readonly stats: NodeCounters = { entries: 0, deadlineRuns: 0 };

  /**
   * Loads the node's kernel (not yet booted).
   * @param sim the simulator whose time and events the node uses
   * @param name the node's name (messages, logs, MAC derivation)
   * @param seed seed of every random number the node's kernel draws
   * @param logger parent logger; the node logs as {component: 'node', node: name}
   * @param options kernel options
   * @throws KernelApiError if the library cannot be loaded
   */
  constructor(
    private readonly sim: Simulator,
    readonly name: string,
    readonly seed: bigint,
    logger?: Logger,
    options: NodeOptions = {},
  ) {
    this.log = logger === undefined ? undefined : childLogger(logger, { component: 'node', node: name });
    const kernelLog = logger === undefined ? undefined : childLogger(logger, { component: 'kernel', node: name });
    // The node's name is its hostname (uname, gethostname), never the host's.
    this.cmdline = `${options.cmdline ?? DEFAULT_CMDLINE} hostname=${name}`;
    this.memoryBytes = options.memoryBytes;
    this.kernel = new LibLinux({
      ...(options.libraryPath !== undefined ? { path: options.libraryPath } : {}),
      ...(kernelLog !== undefined ? { onLog: (line: string): void => kernelLog.debug({ line }, 'kernel log') } : {}),
    });
  }

  /**
   * Boots the kernel at `now` (default: the simulator's now; it must not be
   * later than the simulator's time at the next entry) and schedules its
   * first deadline event.
   * @throws NodeStateError if already booted, KernelFaultError if boot panicked
   */
  boot(now: bigint = this.sim.now): void {
    if (this.booted) throw new NodeStateError(`node ${this.name}: boot() called twice`);
    this.booted = true;
    try {
      this.kernel.init(
        {
          seed: this.seed,
          cmdline: this.cmdline,
          ...(this.memoryBytes !== undefined ? { memoryBytes: this.memoryBytes } : {}),
        },
        now,
      );
    } catch (e) {
      if (e instanceof KernelFaultError) this.die(e);
      throw e;
    }
    this.log?.debug({ kernel: this.kernel.kernelVersion() }, 'booted');
    this.reschedule();
  }

  /** Current simulated time (ns). */
  now(): bigint {
    return this.sim.now;
  }

  /** DeviceHost: a listener of a device's tap threw; the simulator ends the run (sim/core/tap.ts). */
  get tapFailures(): TapFailureSink {
    return this.sim;
  }

  /** How the node died, or null while it lives. */
  fault(): NodeFault | null {
    return this.faultInfo === null ? null : { ...this.faultInfo };
  }

  /** Whether the node's kernel has died. */
  isDead(): boolean {
    return this.faultInfo !== null;
  }

  /** Number of simulator events the node has pending for its kernel's deadline: 0 or 1. */
  get pendingDeadlineEvents(): number {
    return this.deadlineEvent !== null && this.deadlineEvent.state === 'pending' ? 1 : 0;
  }

  /** When the node's deadline event is due, or null when it has none. */
  get deadlineEventTime(): bigint | null {
    return this.pendingDeadlineEvents === 1 ? this.deadlineEvent!.time : null;
  }

  /** A snapshot of the entry counters. */
  counters(): NodeCounters {
    return { ...this.stats };
  }

  /**
   * Creates a virtual Ethernet device in the kernel (administratively
   * down, carrier up) and its NodeDevice.
   * @param ifname interface name ("eth0")
   * @param mac 6 bytes
   * @param mtu MTU; 0 means 1500
   * @throws NodeStateError (name taken on this node), KernelApiError (kernel refused), KernelFaultError
   */
  addDevice(ifname: string, mac: Uint8Array, mtu: number): NodeDevice {
    if (this.byName.has(ifname)) throw new NodeStateError(`node ${this.name}: device ${ifname} already exists`);
    const ifindex = this.enter('addDevice', (k, now) => k.netdevCreate(ifname, mac, mtu, now));
    const device = new NodeDevice(this, ifname, ifindex, mac, mtu === 0 ? 1500 : mtu);
    this.byIndex.set(ifindex, device);
    this.byName.set(ifname, device);
    return device;
  }

  /**
   * A device on the host side only, for a node whose kernel died before it
   * created it (in boot, or while the node was being configured): a link
   * attaches to it as to any device, and what the link delivers is traced
   * and dropped (rxDropsDead), as for every device of a dead node.
   * @throws NodeStateError if the kernel lives (use addDevice()) or the name is taken
   */
  addDeadDevice(ifname: string, mac: Uint8Array, mtu: number): NodeDevice {
    if (this.faultInfo === null) {
      throw new NodeStateError(`node ${this.name}: addDeadDevice(${ifname}) while its kernel lives`);
    }
    if (this.byName.has(ifname)) throw new NodeStateError(`node ${this.name}: device ${ifname} already exists`);
    // ifindex 0: no kernel device, so nothing the kernel sends names it.
    const device = new NodeDevice(this, ifname, 0, mac, mtu === 0 ? 1500 : mtu);
    this.byName.set(ifname, device);
    return device;
  }

  /** The device named `ifname`, or undefined. */
  device(ifname: string): NodeDevice | undefined {
    return this.byName.get(ifname);
  }

  /** All devices, in name order. */
  devices(): NodeDevice[] {
    return [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * A new kernel task: a process with its own file table (shareWith 0), or
   * a thread sharing the file table of task `shareWith` (so it can block
   * on a descriptor while another task uses it).  End it with exitTask()
   * once done: every task alive holds a kernel stack and counts against
   * the node's task limit.
   * @throws NodeExhaustedError (the node's task limit or memory is used up),
   *   KernelApiError (no such task), KernelFaultError
   */
  createTask(shareWith = 0): number {
    let task: number;
    try {
      task = this.enter('createTask', (k, now) => k.taskCreate(shareWith, now));
    } catch (e) {
      if (e instanceof KernelApiError && (e.errno === ERRNO.EAGAIN || e.errno === ERRNO.ENOMEM)) {
        throw new NodeExhaustedError(this.name, this.sim.now, e.errno === ERRNO.EAGAIN ? 'tasks' : 'memory', e);
      }
      throw e;
    }
    if (shareWith !== 0) {
      const threads = this.threads.get(shareWith);
      if (threads === undefined) this.threads.set(shareWith, [task]);
      else threads.push(task);
      this.owners.set(task, shareWith);
    }
    return task;
  }

  /**
   * Ends `task` and the threads created from it (createTask(task)), as
   * their process exiting would: once the last task of a process is gone,
   * the kernel closes its files (a TCP socket sends its FIN) and frees
   * its tasks.  A call still pending on one of them is killed in the
   * kernel; its promise is left unsettled.  Nothing to do on a dead or
   * closed node.
   * @throws KernelApiError (ESRCH: no such task, e.g. one already ended), KernelFaultError
   */
  exitTask(task: number): void {
    if (this.closed || this.faultInfo !== null) return;
    const owner = this.owners.get(task);
    if (owner !== undefined) {
      this.owners.delete(task);
      const siblings = this.threads.get(owner)!;
      siblings.splice(siblings.indexOf(task), 1);
    }
    const threads = this.threads.get(task) ?? [];
    this.threads.delete(task);
    for (const t of [...threads, task]) {
      this.owners.delete(t);
      this.waiters.delete(t);
      this.enter('exitTask', (k, now) => k.taskExit(t, now));
    }
  }

  /**
   * Writes a sysctl by dotted name ("net.ipv4.ip_forward") or slash form.
   * @throws KernelError (ENOENT, EINVAL ...), KernelFaultError
   */
  sysctl(name: string, value: string): void {
    this.enter('sysctl', (k, now) => k.sysctlSet(name, value, now));
  }

  /**
   * Reads a sysctl.
   * @throws KernelError, KernelFaultError
   */
  sysctlGet(name: string): string {
    return this.enter('sysctlGet', (k, now) => k.sysctlGet(name, now));
  }

  /**
   * Submits system call `nr` on `task` at the current simulated time.
   * Resolves with its result (>= 0) -- at once when it did not block, else
   * when its completion is read after a later entry (see the file comment
   * for when the continuation runs).  Rejects with KernelError for -errno,
   * KernelFaultError if the node is or becomes dead, KernelApiError for
   * misuse (EBUSY: the task already has a call pending).
   * @param pins buffers that pointers inside the arguments refer to (kept alive while pending)
   */
  syscall(task: number, nr: number, args: readonly SyscallArg[], pins: readonly unknown[] = []): Promise<bigint> {
    return new Promise<bigint>((resolve0, reject0) => {
      const [resolve, reject] = this.settling(resolve0, reject0);
      try {
        this.enter('syscall', (k, now) => {
          const outcome = k.syscall(task, nr, args, now, pins);
          // Registered inside the entry, before the drain reads completions:
          // the drain can then never see a completion without its waiter.
          if (outcome.state === 'done') resolve(outcome.result);
          else this.waiters.set(task, { resolve, reject });
        });
      } catch (e) {
        reject(e as Error);
      }
    });
  }

  /**
   * Resolves at simulated time `at` (at once, in the next settle, if `at`
   * is now).  Rejects with the KernelFaultError if the node dies first.
   * @throws SchedulingError (synchronously) if `at` is in the past
   */
  sleepUntil(at: bigint): Promise<void> {
    if (this.faultInfo !== null) {
      this.sim.requestSettle();
      return Promise.reject(this.deadError('sleepUntil'));
    }
    return new Promise<void>((resolve0, reject0) => {
      const [resolve, reject] = this.settling(resolve0, reject0);
      const sleeper: Sleeper = {
        handle: this.sim.schedule(at, () => {
          this.sleepers.delete(sleeper);
          resolve();
        }),
        reject,
      };
      this.sleepers.add(sleeper);
    });
  }

  /** sleepUntil(now + ns). */
  sleep(ns: bigint): Promise<void> {
    return this.sleepUntil(this.sim.now + ns);
  }

  /**
   * Runs `fn` with the raw kernel as one entry at the current simulated
   * time, then drains frames and completions and reschedules the deadline,
   * as every entry does.  For what has no wrapper here (rtnetlink through
   * Rtnetlink, lib_debug ...).  `fn` must enter the kernel only with the
   * `now` it is given.
   * @throws whatever `fn` throws; a KernelFaultError is recorded first (the node is dead)
   * @throws NodeStateError if not booted, closed, or called from inside an entry of this node
   */
  enter<T>(op: string, fn: (kernel: LibLinux, now: bigint) => T): T {
    if (!this.booted) throw new NodeStateError(`node ${this.name}: ${op} before boot()`);
    if (this.closed) throw new NodeStateError(`node ${this.name}: ${op} after close()`);
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

  /**
   * DeviceHost: a frame arrived on `device`.  Delivered in an entry of its
   * own, or queued into the entry in progress.  A fault is recorded, not
   * thrown (the caller is a link event).  The node owns the frame: once
   * its kernel has copied it in, the buffer goes back to the frame pool.
   * @internal
   */
  deliverFrame(device: NodeDevice, frame: Buffer): void {
    const f: Frame = { ifindex: device.ifindex, data: frame };
    if (this.busy) {
      this.inbound.push(f);
      return;
    }
    this.event('receive', (k, now) => k.netdevReceive([f], now));
    framePool.give(frame);
  }

  /**
   * DeviceHost: sets a device's carrier in an entry.  A fault is recorded, not thrown.
   * @internal
   */
  setDeviceCarrier(device: NodeDevice, up: boolean): void {
    if (this.faultInfo !== null) return;
    this.event('setCarrier', (k, now) => k.netdevSetCarrier(device.ifindex, up, now));
  }

  /**
   * Unloads the kernel: cancels the deadline event and sleeps; waiters are
   * left unsettled (the run is over).  Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelDeadline();
    for (const s of this.sleepers) this.sim.cancel(s.handle);
    this.sleepers.clear();
    this.waiters.clear();
    this.kernel.close();
  }

  /** An entry made by a simulator event: faults are recorded, never thrown into the simulator. */
  private event(op: string, fn: (kernel: LibLinux, now: bigint) => unknown): void {
    try {
      this.enter(op, fn);
    } catch (e) {
      if (!(e instanceof KernelFaultError)) throw e;
    }
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
      for (const f of this.kernel.netdevTransmitted()) {
        const device = this.byIndex.get(f.ifindex);
        // Only devices created through addDevice() exist (and loopback, which never transmits here).
        if (device === undefined) this.log?.warn({ ifindex: f.ifindex }, 'frame on an unknown device dropped');
        else device.transmit(f.data);
      }
      for (const c of this.kernel.completions()) {
        const w = this.waiters.get(c.task);
        if (w === undefined) {
          this.log?.warn({ task: c.task }, 'completion without a waiter');
          continue;
        }
        this.waiters.delete(c.task);
        if (c.error !== null) w.reject(c.error);
        else w.resolve(c.result);
      }
      if (this.inbound.length === 0 || this.kernel.isDead()) return;
      const frames = this.inbound.splice(0);
      this.stats.entries++;
      this.kernel.netdevReceive(frames, this.sim.now);
      for (const f of frames) framePool.give(f.data);
    }
  }

  /**
   * Wraps a promise's settle functions so that settling it asks the
   * simulator to run promise continuations before its next event (see
   * Simulator.requestSettle): the app awaiting it then acts at this
   * simulated time.
   */
  private settling<T>(resolve: (v: T) => void, reject: (e: Error) => void): [(v: T) => void, (e: Error) => void] {
    return [
      (v: T): void => {
        this.sim.requestSettle();
        resolve(v);
      },
      (e: Error): void => {
        this.sim.requestSettle();
        reject(e);
      },
    ];
  }

  /** Step (c): one pending event at the kernel's next deadline (never before now), or none. */
  private reschedule(): void {
    if (this.closed) return;
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
    const waiters = [...this.waiters.values()];
    this.waiters.clear();
    for (const w of waiters) w.reject(e);
    const sleepers = [...this.sleepers];
    this.sleepers.clear();
    for (const s of sleepers) {
      this.sim.cancel(s.handle);
      s.reject(e);
    }
  }

  /** The error every call on a dead node gets. */
  private deadError(op: string): KernelFaultError {
    const f = this.faultInfo!;
    return new KernelFaultError(`${op} on dead node ${this.name}`, this.sim.now, f.message);
  }
}
