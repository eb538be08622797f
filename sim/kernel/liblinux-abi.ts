// SPDX-License-Identifier: GPL-2.0-only
/**
 * kernel/include/liblinux.h in TypeScript: its constants, the layouts of
 * its structs and the prototypes of its functions, each declared once.
 *
 * Struct layouts are declared as the header declares them -- fields in
 * order, with their C types -- and the FFI lays them out by the C rules,
 * so no offset is counted by hand (test/sim/kernel/liblinux-abi.test.ts
 * checks them against the C compiler).  The per-call and per-frame code
 * binds the offsets once, at load, to constants of its own module and
 * reads them there, as it read the hand-written ones before.  Only
 * lib_host_ops crosses as a koffi struct, in lib_init().
 *
 * koffi keeps type names process-wide, so the named types here are
 * declared exactly once per process, by loading this module.
 */
import { NativeType, offsetOf, prototype, sizeOf, struct } from './ffi';

/**
 * The #defines of liblinux.h, by their C names.  Modules whose per-call
 * paths compare with them bind them to constants of their own at load
 * (`const { LIB_EDEAD } = DEFINE`).
 */
export const DEFINE = {
  /** lib_host_ops.api_version must carry it. */
  LIB_API_VERSION: 2,
  /** Every entry's result once the instance has died (-ENOTRECOVERABLE). */
  LIB_EDEAD: -131,
  /** lib_syscall(): the call completed, its result is in *result. */
  LIB_DONE: 0,
  /** lib_syscall(): the call blocked; lib_completions() reports it later. */
  LIB_PENDING: 1,
  /** ~(uint64_t)0: no timer armed. */
  LIB_NO_DEADLINE: 0xffff_ffff_ffff_ffffn,
  /** User memory ranges per call. */
  LIB_USER_MAX: 32,
} as const;

/** A C struct's size and its fields' offsets, in bytes. */
export interface StructLayout<F extends string> {
  readonly size: number;
  readonly offsetOf: Readonly<Record<F, number>>;
}

/** The layout of a struct with these fields, in order; anonymous unless prototypes need its name. */
function layout<F extends string>(fields: Readonly<Record<F, string>>, name: string | null = null): StructLayout<F> {
  const type = struct(name, fields);
  const offsets = {} as Record<F, number>;
  for (const field of Object.keys(fields) as F[]) offsets[field] = offsetOf(type, field);
  return { size: sizeOf(type), offsetOf: offsets };
}

/*
 * The host table and its callbacks.  Every pointer is declared `void *`
 * and given as a bigint so that koffi copies nothing behind our back
 * (cmdline in particular must outlive the call if the kernel keeps it).
 */

/** The structs of the header. */
export const LAYOUT = {
  /**
   * struct lib_host_ops: what the host provides.  Named: lib_init()'s
   * prototype (API.init) takes it by that name and koffi encodes it.
   */
  hostOps: layout(
    {
      api_version: 'uint32_t',
      reserved: 'uint32_t',
      ctx: 'void *',
      memory_bytes: 'uint64_t',
      random_seed: 'uint64_t',
      cmdline: 'void *',
      mem_alloc: 'void *',
      mem_populate: 'void *',
      log: 'void *',
      panic: 'void *',
    },
    'liblinux_host_ops',
  ),
  /** struct lib_status: what the host checks after every entry, read in place. */
  status: layout({
    next_deadline: 'uint64_t',
    completions: 'uint32_t',
    transmitted: 'uint32_t',
    transmitted_bytes: 'uint64_t',
    dead: 'uint32_t',
    reserved: 'uint32_t',
  }),
  /** struct lib_completion: a blocked system call that has completed. */
  completion: layout({ task: 'int32_t', reserved: 'int32_t', result: 'int64_t' }),
  /** struct lib_frame: a frame of a virtual Ethernet device, in and out. */
  frame: layout({ ifindex: 'int32_t', len: 'uint32_t', data: 'void *' }),
  /** struct lib_user_range: memory a system call may reach. */
  userRange: layout({ addr: 'uint64_t', len: 'uint64_t' }),
  /** struct lib_fault_target: what the fault guard needs to know of a copy. */
  faultTarget: layout({ image: 'void *', image_len: 'uint64_t', running: 'void *', resume: 'void *' }),
} as const;

/** The prototypes of struct lib_host_ops's callbacks. */
export const HOST_CALLBACK = {
  memAlloc: prototype('void *liblinux_mem_alloc(void *ctx, size_t size)'),
  memPopulate: prototype('void liblinux_mem_populate(void *ctx, void *addr, size_t len)'),
  // `line` is declared void *: it is not NUL-terminated, only `len` bytes long.
  log: prototype('void liblinux_log(void *ctx, void *line, size_t len)'),
  panic: prototype('void liblinux_panic(void *ctx, void *message)'),
} as const;

/** struct lib_host_ops as lib_init() takes it: pointers as bigints, NULL as null. */
export interface HostOps {
  api_version: number;
  reserved: number;
  ctx: bigint;
  memory_bytes: bigint;
  random_seed: bigint;
  cmdline: bigint | null;
  mem_alloc: bigint;
  mem_populate: bigint;
  log: bigint;
  panic: bigint;
}

/** A function of the library: its C name and prototype. */
export interface CFunction {
  readonly symbol: string;
  readonly proto: NativeType;
}

/** `ret symbol(params)`, its prototype named symbol_t (koffi keeps type names process-wide: declared once). */
function cFunction(ret: string, symbol: string, params: string): CFunction {
  return { symbol, proto: prototype(`${ret} ${symbol}_t(${params})`) };
}

/** lib_self_relocate(): called once, by the loader, before anything else. */
export const SELF_RELOCATE = cFunction('int', 'lib_self_relocate', 'void');
/** lib_status(): the address of the copy's struct lib_status. */
export const STATUS = cFunction('void *', 'lib_status', 'void');
/** lib_fault_target(): absent from libraries older than the fault guard. */
export const FAULT_TARGET = cFunction('int', 'lib_fault_target', 'void *out');

/** The API each copy binds at its own address, by the name LibLinux calls it. */
export const API = {
  init: { symbol: 'lib_init', proto: prototype('int lib_init_t(liblinux_host_ops *ops, uint64_t now)') },
  run: cFunction('int', 'lib_run', 'uint64_t now'),
  now: cFunction('uint64_t', 'lib_now', 'void'),
  kernelVersion: cFunction('const char *', 'lib_kernel_version', 'void'),
  taskCreate: cFunction('int', 'lib_task_create', 'int share_files_with, uint64_t now'),
  taskExit: cFunction('int', 'lib_task_exit', 'int task, uint64_t now'),
  taskInterrupt: cFunction('int', 'lib_task_interrupt', 'int task, uint64_t now'),
  syscall: cFunction(
    'int',
    'lib_syscall',
    'int task, long nr, void *args, void *user, int nuser, uint64_t now, void *result',
  ),
  completions: cFunction('int', 'lib_completions', 'void *out, int max'),
  sysctlGet: cFunction('int', 'lib_sysctl_get', 'const char *name, void *buf, size_t len, uint64_t now'),
  sysctlSet: cFunction('int', 'lib_sysctl_set', 'const char *name, const char *value, uint64_t now'),
  netdevCreate: cFunction('int', 'lib_netdev_create', 'const char *name, void *mac, unsigned int mtu, uint64_t now'),
  netdevSetCarrier: cFunction('int', 'lib_netdev_set_carrier', 'int ifindex, int up, uint64_t now'),
  netdevReceive: cFunction('int', 'lib_netdev_receive', 'void *frames, int n, uint64_t now'),
  netdevTransmittedCopy: cFunction('int', 'lib_netdev_transmitted_copy', 'void *out, int max, void *buf, size_t len'),
  debug: cFunction('int', 'lib_debug', 'int op, uint64_t arg, void *out, uint64_t now'),
} as const satisfies Record<string, CFunction>;
