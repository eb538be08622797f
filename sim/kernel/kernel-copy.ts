// SPDX-License-Identifier: GPL-2.0-only
/**
 * One copy of liblinux through its life -- mapped (library-loader.ts) and
 * put under the fault guard (fault-guard.ts), booted with the host's table
 * (host-callbacks.ts, RAM from host-memory.ts), closed -- and the
 * discipline every entry into it follows: checks before, the kernel's
 * clock and the hooks' errors after, and the library's -errno turned into
 * typed errors (errors.ts) exactly once.  LibLinux (liblinux.ts) builds the
 * rest of the API on it; this class is not used alone.
 */
import { PAGE_SIZE } from './elf-image';
import { ERRNO } from './errno';
import { KernelApiError, KernelFaultError } from './errors';
import { addressOf, memoryAt } from './ffi';
import { guardCopy, guardRam, unguardCopy } from './fault-guard';
import { addHostHooks, HostHooks, hostCallbacks, removeHostHooks } from './host-callbacks';
import { ramPool } from './host-memory';
import { DEFINE, HostOps, LAYOUT, STATUS } from './liblinux-abi';
import { Api, bindApi, bindFunction, defaultLibraryPath, MappedCopy, mapCopy, unmapCopy } from './library-loader';

// Module constants: check() compares with LIB_EDEAD after every entry.
const { LIB_API_VERSION, LIB_EDEAD } = DEFINE;
/** Kernel log lines kept per instance unless told otherwise (the oldest are dropped). */
const DEFAULT_LOG_KEEP = 10_000;
const PAGE = BigInt(PAGE_SIZE);

/** Options of the copy itself, fixed before boot. */
export interface LibLinuxOptions {
  /** The library file; default $LIBLINUX_SO, else kernel/build/liblinux.so of this checkout. */
  path?: string;
  /** Called with every kernel log line as it is printed (e.g. to forward to a logger). */
  onLog?: (line: string) => void;
  /** Log lines kept for logLines(); default 10000. */
  logKeep?: number;
}

/** What lib_init() is given. */
export interface BootOptions {
  /** Seed of every random number the kernel draws. */
  seed: bigint | number;
  /** RAM in bytes (multiple of 4096, >= 16 MiB); default 64 MiB. */
  memoryBytes?: bigint | number;
  /** Extra kernel command line, e.g. "loglevel=4". */
  cmdline?: string;
}

/**
 * A loaded copy of liblinux: its lifecycle and the entry discipline.  See
 * LibLinux for the errors every entry may throw.
 */
export abstract class KernelCopy {
  /** The library file this copy was loaded from. */
  readonly path: string;
  /** The copy's functions, at its own address. */
  protected readonly api: Api;
  /** The library's struct lib_status, in place (see liblinux.h). */
  protected readonly status: DataView;
  /** Set once the kernel has panicked or made a wild access: it refuses every later entry. */
  protected dead = false;
  protected booted = false;
  protected closed = false;
  private readonly id: number;
  private readonly copy: MappedCopy;
  private readonly onLog: ((line: string) => void) | undefined;
  private readonly logKeep: number;
  private readonly log: string[] = [];
  /** Blocks handed out by mem_alloc (one, per the contract): [address, size]. */
  private readonly mem: Array<[bigint, bigint]> = [];
  private cmdline: Buffer | null = null;
  private panicText: string | null = null;
  private clock = 0n;
  /** Error thrown by a user hook inside a callback, rethrown after the entry. */
  private hookError: unknown = null;
  /** Its entry in the fault guard; -1 when it has none. */
  private readonly guard: number;

  /**
   * Loads a fresh, unbooted copy.
   * @throws KernelApiError if the library cannot be loaded.
   */
  constructor(options: LibLinuxOptions = {}) {
    this.path = options.path ?? defaultLibraryPath();
    this.onLog = options.onLog;
    this.logKeep = options.logKeep ?? DEFAULT_LOG_KEEP;
    const copy = mapCopy(this.path);
    this.copy = copy;
    try {
      const statusAt = bindFunction(copy, STATUS)() as bigint | null;
      if (statusAt === null) {
        throw new KernelApiError('load', ERRNO.ENOEXEC, `${this.path}: lib_status() returned NULL`);
      }
      // Library memory, valid until close(): read in place after every entry.
      this.status = new DataView(memoryAt(statusAt, LAYOUT.status.size));
      this.api = bindApi(copy);
      // Last: nothing after it can fail, so nothing has to undo it.
      this.guard = guardCopy(copy);
    } catch (e) {
      unmapCopy(copy);
      throw e;
    }
    // The hooks are protected members (not public API); host-callbacks.ts is their only caller.
    this.id = addHostHooks(this as unknown as HostHooks);
  }

  /**
   * lib_init(): boots the kernel at `now`.  Boot may advance the kernel's
   * clock itself (it may wait for timers): now() tells when it finished.
   * @throws KernelApiError (bad options, booted twice, no memory), KernelFaultError (boot panicked)
   */
  init(options: BootOptions, now: bigint): void {
    this.usable('lib_init');
    if (this.booted) throw new KernelApiError('lib_init', ERRNO.EALREADY, 'instance already booted');
    this.timeOk('lib_init', now);
    const cb = hostCallbacks();
    if (options.cmdline !== undefined) this.cmdline = Buffer.from(`${options.cmdline}\0`, 'utf8');
    const ops: HostOps = {
      api_version: LIB_API_VERSION,
      reserved: 0,
      ctx: BigInt(this.id),
      memory_bytes: BigInt(options.memoryBytes ?? 0),
      random_seed: BigInt.asUintN(64, BigInt(options.seed)),
      cmdline: this.cmdline ? addressOf(this.cmdline) : null,
      mem_alloc: cb.alloc,
      mem_populate: cb.populate,
      log: cb.log,
      panic: cb.panic,
    };
    const ret = this.api.init(ops, now) as number;
    // Booted (or dead) as far as the library is concerned, whatever a log
    // hook may have thrown meanwhile: a second lib_init would be refused.
    this.booted = ret === 0 || ret === LIB_EDEAD;
    this.afterEntry();
    this.check('lib_init', ret, now);
  }

  /** The kernel log lines kept so far (at most `logKeep`, oldest dropped), "[seconds.micros] text". */
  logLines(): readonly string[] {
    return this.log;
  }

  /** The panic message, or null while the kernel lives. */
  panicMessage(): string | null {
    return this.panicText;
  }

  /** Whether the instance panicked (every entering call now throws KernelFaultError). */
  isDead(): boolean {
    return this.dead;
  }

  /**
   * Unloads the copy and frees its memory.  Every Buffer a pending call
   * pinned is released; later calls throw KernelApiError.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    removeHostHooks(this.id);
    this.released();
    // Before the memory it names is unmapped, and perhaps mapped again for another copy.
    if (this.guard >= 0) unguardCopy(this.guard);
    for (const [addr] of this.mem.splice(0)) ramPool().release(addr);
    unmapCopy(this.copy);
  }

  /** Called once by close(): drops what the subclass keeps referenced for the kernel. */
  protected abstract released(): void;

  /** mem_alloc: RAM from the pool (lazily committed, zeroed, 2 MiB aligned). */
  protected hostAlloc(size: bigint): bigint | null {
    const p = ramPool().take(size);
    if (p === null) return null;
    this.mem.push([p, size]);
    // Kernel stacks are in it: a fault on one is this copy's.
    if (this.guard >= 0) guardRam(this.guard, p, size);
    return p;
  }

  /**
   * mem_populate: boot is about to write these pages anyway.  Requests
   * outside the block are ignored.
   */
  protected hostPopulate(addr: bigint, len: bigint): void {
    const block = this.mem.find(([m, size]) => addr >= m && addr + len <= m + size);
    if (block === undefined) return;
    if (addr % PAGE !== 0n || len % PAGE !== 0n || len === 0n) return;
    ramPool().populate(block[0], addr, len);
  }

  /** log: keeps the line and hands it to onLog; an error of onLog waits for the end of the entry. */
  protected hostLog(line: string): void {
    this.log.push(line);
    if (this.log.length > this.logKeep) this.log.splice(0, this.log.length - this.logKeep);
    if (this.onLog) {
      try {
        this.onLog(line);
      } catch (e) {
        this.hookError ??= e;
      }
    }
  }

  /** panic: the copy is dead; the entry in progress returns LIB_EDEAD. */
  protected hostPanic(message: string): void {
    this.panicText = message;
    this.dead = true;
  }

  /** Throws unless the copy is loaded. */
  protected usable(op: string): void {
    if (this.closed) throw new KernelApiError(op, ERRNO.EBADF, 'instance closed');
  }

  private timeOk(op: string, now: bigint): void {
    if (now < this.clock) {
      throw new KernelApiError(op, ERRNO.EINVAL, `time went backwards: ${now} ns < kernel clock ${this.clock} ns`);
    }
  }

  /** Checks before a call that enters the kernel. */
  protected entering(op: string, now: bigint): void {
    this.usable(op);
    if (!this.booted) throw new KernelApiError(op, ERRNO.EINVAL, 'instance not booted');
    if (this.dead) throw new KernelFaultError(op, now, this.panicText ?? '');
    this.timeOk(op, now);
  }

  /**
   * After an entry: the kernel's clock is now `now` (an entry never goes
   * back, and only boot may move it further: then `now` is omitted and
   * lib_now() read, once); hooks' errors surface.
   */
  protected afterEntry(now?: bigint): void {
    if (this.booted && now === undefined) this.clock = BigInt(this.api.now() as number | bigint);
    else if (this.booted && now !== undefined && now > this.clock) this.clock = now;
    if (this.hookError !== null) {
      const e = this.hookError;
      this.hookError = null;
      throw e;
    }
  }

  /** afterEntry(), then check(). */
  protected entered(op: string, ret: number, now: bigint): number {
    this.afterEntry(now);
    return this.check(op, ret, now);
  }

  /** LIB_EDEAD to KernelFaultError, other -errno to KernelApiError; else the value. */
  protected check(op: string, ret: number, now: bigint, detail?: string): number {
    if (ret === LIB_EDEAD) {
      this.dead = true;
      throw new KernelFaultError(op, now, this.panicText ?? '');
    }
    if (ret < 0) throw new KernelApiError(op, ret, detail);
    return ret;
  }
}
