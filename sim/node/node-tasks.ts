// SPDX-License-Identifier: GPL-2.0-only
/**
 * A node's kernel tasks and the callers waiting on them: which threads a
 * task made (ended with it), the promises of blocked system calls and of
 * sleeps, and when those settle.  Node's part for apps; the entries it
 * makes follow kernel-entries.ts.
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
 */
import type { EventHandle } from '../core/event-queue';
import type { Logger } from '../core/logger';
import type { Simulator } from '../core/simulator';
import { ERRNO } from '../kernel/errno';
import { KernelApiError } from '../kernel/errors';
import type { KernelFaultError } from '../kernel/errors';
import type { Completion, SyscallArg } from '../kernel/liblinux';
import type { KernelEntries } from './kernel-entries';
import { NodeExhaustedError } from './node-exhausted-error';

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

/** The tasks of one node and their waiting callers.  Made and used by Node only. */
export class NodeTasks {
  private readonly waiters = new Map<number, Waiter>();
  /** Threads made by create(owner), by owner: exit(owner) ends them too. */
  private readonly threads = new Map<number, number[]>();
  /** The owner of each thread in `threads`. */
  private readonly owners = new Map<number, number>();
  private readonly sleepers = new Set<Sleeper>();

  /**
   * @param sim the simulator whose time and events the tasks use
   * @param name the node's name, for messages
   * @param log the node's logger
   * @param entries the node's entries, through which every call enters the kernel
   */
  constructor(
    private readonly sim: Simulator,
    private readonly name: string,
    private readonly log: Logger | undefined,
    private readonly entries: KernelEntries,
  ) {}

  /** Node.createTask(). */
  create(shareWith: number): number {
    let task: number;
    try {
      task = this.entries.enter('createTask', (k, now) => k.taskCreate(shareWith, now));
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

  /** Node.exitTask(). */
  exit(task: number): void {
    if (this.entries.closed || this.entries.isDead()) return;
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
      this.entries.enter('exitTask', (k, now) => k.taskExit(t, now));
    }
  }

  /** Node.syscall(). */
  syscall(task: number, nr: number, args: readonly SyscallArg[], pins: readonly unknown[]): Promise<bigint> {
    return new Promise<bigint>((resolve0, reject0) => {
      const [resolve, reject] = this.settling(resolve0, reject0);
      try {
        this.entries.enter('syscall', (k, now) => {
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

  /** Node.syscallNow(). */
  syscallNow(
    task: number,
    nr: number,
    args: readonly SyscallArg[],
    pins: readonly unknown[],
  ): bigint | Promise<bigint> {
    let result: bigint | Promise<bigint> | null = null;
    this.entries.enter('syscall', (k, now) => {
      const outcome = k.trySyscall(task, nr, args, now, pins);
      if (outcome.state === 'done') {
        result = outcome.result;
        return;
      }
      // As in syscall(): registered inside the entry, before the drain reads completions.
      result = new Promise<bigint>((resolve0, reject0) => {
        const [resolve, reject] = this.settling(resolve0, reject0);
        this.waiters.set(task, { resolve, reject });
      });
    });
    return result!;
  }

  /** Node.sleepUntil(). */
  sleepUntil(at: bigint): Promise<void> {
    if (this.entries.isDead()) {
      this.sim.requestSettle();
      return Promise.reject(this.entries.deadError('sleepUntil'));
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

  /** Step (b) of an entry: settles the promise of the call that completed. */
  completed(c: Completion): void {
    const w = this.waiters.get(c.task);
    if (w === undefined) {
      this.log?.warn({ task: c.task }, 'completion without a waiter');
      return;
    }
    this.waiters.delete(c.task);
    if (c.error !== null) w.reject(c.error);
    else w.resolve(c.result);
  }

  /** The kernel died: rejects every waiting call, then every sleep, with `e`. */
  died(e: KernelFaultError): void {
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

  /** The node is closing: sleeps are cancelled, waiters left unsettled (the run is over). */
  close(): void {
    for (const s of this.sleepers) this.sim.cancel(s.handle);
    this.sleepers.clear();
    this.waiters.clear();
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
}
