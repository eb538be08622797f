// SPDX-License-Identifier: GPL-2.0-only
/**
 * A simulated node: one private Linux kernel (LibLinux), its devices, and
 * async system calls for apps -- the one object the rest of the simulator
 * holds.  Its parts, one concern each, are the discipline every entry into
 * the kernel follows and how a dead kernel is handled (kernel-entries.ts),
 * the tasks and the callers waiting on them, with when their promises'
 * continuations run (node-tasks.ts), and the devices (node-devices.ts).
 */
import { childLogger } from '../core/logger';
import type { Logger } from '../core/logger';
import type { Simulator } from '../core/simulator';
import type { TapFailureSink } from '../core/tap';
import { LibLinux } from '../kernel/liblinux';
import type { SyscallArg } from '../kernel/liblinux';
import { KernelEntries } from './kernel-entries';
import type { NodeCounters, NodeFault } from './kernel-entries';
import type { NodeDevice, DeviceHost } from './node-device';
import { NodeDevices } from './node-devices';
import { NodeTasks } from './node-tasks';

export type { NodeCounters, NodeFault } from './kernel-entries';

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

/**
 * One simulated node: a booted Linux kernel, its devices, and async system
 * calls for apps.  Create, boot(), addDevice() per interface (or let
 * node-config do it), then drive the simulator with runAsync().
 */
export class Node implements DeviceHost {
  /** The node's kernel.  Prefer enter() for raw calls: it keeps the entry discipline. */
  readonly kernel: LibLinux;
  private readonly cmdline: string;
  private readonly memoryBytes: bigint | undefined;
  private readonly entries: KernelEntries;
  private readonly tasks: NodeTasks;
  private readonly deviceSet: NodeDevices;

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
    const log = logger === undefined ? undefined : childLogger(logger, { component: 'node', node: name });
    const kernelLog = logger === undefined ? undefined : childLogger(logger, { component: 'kernel', node: name });
    // The node's name is its hostname (uname, gethostname), never the host's.
    this.cmdline = `${options.cmdline ?? DEFAULT_CMDLINE} hostname=${name}`;
    this.memoryBytes = options.memoryBytes;
    this.kernel = new LibLinux({
      ...(options.libraryPath !== undefined ? { path: options.libraryPath } : {}),
      ...(kernelLog !== undefined ? { onLog: (line: string): void => kernelLog.debug({ line }, 'kernel log') } : {}),
    });
    this.entries = new KernelEntries(sim, this.kernel, name, log, {
      transmitted: (frame) => this.deviceSet.transmitted(frame),
      completed: (completion) => this.tasks.completed(completion),
      died: (error) => this.tasks.died(error),
    });
    this.tasks = new NodeTasks(sim, name, log, this.entries);
    this.deviceSet = new NodeDevices(this, this.entries, log);
  }

  /**
   * Boots the kernel at `now` (default: the simulator's now; it must not be
   * later than the simulator's time at the next entry) and schedules its
   * first deadline event.
   * @throws NodeStateError if already booted, KernelFaultError if boot panicked
   */
  boot(now: bigint = this.sim.now): void {
    this.entries.boot(
      {
        seed: this.seed,
        cmdline: this.cmdline,
        ...(this.memoryBytes !== undefined ? { memoryBytes: this.memoryBytes } : {}),
      },
      now,
    );
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
    return this.entries.fault();
  }

  /** Whether the node's kernel has died. */
  isDead(): boolean {
    return this.entries.isDead();
  }

  /** Number of simulator events the node has pending for its kernel's deadline: 0 or 1. */
  get pendingDeadlineEvents(): number {
    return this.entries.pendingDeadlineEvents;
  }

  /** When the node's deadline event is due, or null when it has none. */
  get deadlineEventTime(): bigint | null {
    return this.entries.deadlineEventTime;
  }

  /** A snapshot of the entry counters. */
  counters(): NodeCounters {
    return this.entries.counters();
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
    return this.deviceSet.add(ifname, mac, mtu);
  }

  /**
   * A device on the host side only, for a node whose kernel died before it
   * created it (in boot, or while the node was being configured): a link
   * attaches to it as to any device, and what the link delivers is traced
   * and dropped (rxDropsDead), as for every device of a dead node.
   * @throws NodeStateError if the kernel lives (use addDevice()) or the name is taken
   */
  addDeadDevice(ifname: string, mac: Uint8Array, mtu: number): NodeDevice {
    return this.deviceSet.addDead(ifname, mac, mtu);
  }

  /** The device named `ifname`, or undefined. */
  device(ifname: string): NodeDevice | undefined {
    return this.deviceSet.get(ifname);
  }

  /** All devices, in name order. */
  devices(): NodeDevice[] {
    return this.deviceSet.all();
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
    return this.tasks.create(shareWith);
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
    this.tasks.exit(task);
  }

  /**
   * Interrupts the call `task` has pending, as a signal sent to that thread
   * would: its promise settles with -EINTR or a kernel restart code (see
   * LibLinux.taskInterrupt).  Whether a call was pending.
   * @throws KernelApiError (no such task), KernelFaultError
   */
  interruptTask(task: number): boolean {
    return this.enter('interruptTask', (k, now) => k.taskInterrupt(task, now));
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
   * when its completion is read after a later entry (see node-tasks.ts for
   * when the continuation runs).  Rejects with KernelError for -errno,
   * KernelFaultError if the node is or becomes dead, KernelApiError for
   * misuse (EBUSY: the task already has a call pending).
   * @param pins buffers that pointers inside the arguments refer to (kept alive while pending)
   */
  syscall(task: number, nr: number, args: readonly SyscallArg[], pins: readonly unknown[] = []): Promise<bigint> {
    return this.tasks.syscall(task, nr, args, pins);
  }

  /**
   * Resolves at simulated time `at` (at once, in the next settle, if `at`
   * is now).  Rejects with the KernelFaultError if the node dies first.
   * @throws SchedulingError (synchronously) if `at` is in the past
   */
  sleepUntil(at: bigint): Promise<void> {
    return this.tasks.sleepUntil(at);
  }

  /**
   * syscall(), for a caller that serves calls one after another at once
   * (sim/exec/call-server.ts): a call the kernel completes at once gives
   * its result (>= 0 or -errno) here and now, with no promise and no
   * exception; one that blocks gives a promise, as syscall() does.
   * @throws KernelApiError for misuse, KernelFaultError if the node is or becomes dead
   */
  syscallNow(
    task: number,
    nr: number,
    args: readonly SyscallArg[],
    pins: readonly unknown[] = [],
  ): bigint | Promise<bigint> {
    return this.tasks.syscallNow(task, nr, args, pins);
  }

  /**
   * Simulator.advanceInHold(): time moves `ns` forward at once if nothing
   * else could happen meanwhile; false: sleep instead.
   */
  advanceInHold(ns: bigint): boolean {
    return this.sim.advanceInHold(ns);
  }

  /** The simulator the node lives in: what its peers share (sim/exec/run-token.ts keys on it). */
  get simulator(): Simulator {
    return this.sim;
  }

  /** How many promises the node and its peers have settled so far (Simulator.settleRequests). */
  get settles(): number {
    return this.sim.settleRequests;
  }

  /** sleepUntil(now + ns). */
  sleep(ns: bigint): Promise<void> {
    return this.sleepUntil(this.sim.now + ns);
  }

  /**
   * Runs `fn` with the raw kernel as one entry at the current simulated
   * time, then drains frames and completions and reschedules the deadline,
   * as every entry does (kernel-entries.ts).  For what has no wrapper here
   * (rtnetlink through Rtnetlink, lib_debug ...).  `fn` must enter the
   * kernel only with the `now` it is given.
   * @throws whatever `fn` throws; a KernelFaultError is recorded first (the node is dead)
   * @throws NodeStateError if not booted, closed, or called from inside an entry of this node
   */
  enter<T>(op: string, fn: (kernel: LibLinux, now: bigint) => T): T {
    return this.entries.enter(op, fn);
  }

  /**
   * DeviceHost: a frame arrived on `device`.  Delivered in an entry of its
   * own, or queued into the entry in progress.  A fault is recorded, not
   * thrown (the caller is a link event).  The node owns the frame: once
   * its kernel has copied it in, the buffer goes back to the frame pool.
   * @internal
   */
  deliverFrame(device: NodeDevice, frame: Buffer): void {
    this.entries.receive(device.ifindex, frame);
  }

  /**
   * DeviceHost: sets a device's carrier in an entry.  A fault is recorded, not thrown.
   * @internal
   */
  setDeviceCarrier(device: NodeDevice, up: boolean): void {
    if (this.entries.isDead()) return;
    this.entries.event('setCarrier', (k, now) => k.netdevSetCarrier(device.ifindex, up, now));
  }

  /**
   * Unloads the kernel: cancels the deadline event and sleeps; waiters are
   * left unsettled (the run is over).  Idempotent.
   */
  close(): void {
    if (!this.entries.close()) return;
    this.tasks.close();
    this.kernel.close();
  }
}
