// SPDX-License-Identifier: GPL-2.0-only
/**
 * The project's only import of koffi, the FFI library: the few of its
 * operations the kernel boundary needs, under names that say what they are
 * for.  Keeping koffi behind one small module means a change of FFI (or of
 * koffi's API) touches one file, and the rest of sim/kernel reads as plain
 * TypeScript about libraries, prototypes and addresses.
 *
 * Pointers cross as bigints (koffi's representation of `void *`), NULL as
 * null.  Nothing here copies or allocates on the per-call paths:
 * `addressOf` and `memoryAt` are koffi's own functions, not wrappers.
 */
import koffi, { type LibraryHandle, type TypeObject } from 'koffi';

/** A C function, callable from JS; arguments and result converted by its prototype. */
export type NativeFunction = ReturnType<LibraryHandle['func']>;

/** A C type known to the FFI: a prototype, a struct, a pointer. */
export type NativeType = TypeObject;

/** A shared library opened with dlopen(). */
export interface NativeLibrary {
  /** Binds the function a C declaration names, e.g. `int munmap(void *addr, size_t len)`. */
  func(declaration: string): NativeFunction;
}

/**
 * Opens a shared library (dlopen()); kept open for the process's life.
 * @throws Error when the file cannot be loaded (and from func(), when a symbol is missing)
 */
export function openLibrary(file: string): NativeLibrary {
  return koffi.load(file);
}

/**
 * A function prototype from its C declaration, e.g. `int lib_run_t(uint64_t now)`.
 * Its name is process-wide in koffi: declare each one once.
 */
export function prototype(declaration: string): NativeType {
  return koffi.proto(declaration);
}

/**
 * A C struct from its fields in order (C types by name), laid out as the C
 * compiler does; named (and then usable by that name in prototypes, once
 * per process) or anonymous when `name` is null.
 */
export function struct(name: string | null, fields: Readonly<Record<string, string>>): NativeType {
  return name === null ? koffi.struct(fields) : koffi.struct(name, fields);
}

/** sizeof(type). */
export function sizeOf(type: NativeType): number {
  return koffi.sizeof(type);
}

/** offsetof(type, field). */
export function offsetOf(type: NativeType, field: string): number {
  return koffi.offsetof(type, field);
}

/**
 * Makes a JS function callable from C as a pointer to `proto`; registered
 * for the process's life (koffi has a fixed number of such slots).
 */
export function registerCallback(fn: (...args: never[]) => unknown, proto: NativeType): bigint {
  return koffi.register(fn, koffi.pointer(proto));
}

/** The C function at `address`, callable with prototype `proto`. */
export function functionAt(address: bigint, proto: NativeType): NativeFunction {
  return koffi.decode(address, proto as never) as NativeFunction;
}

/** `length` bytes of C text at `address`, or up to its NUL when `length` is -1. */
export function textAt(address: bigint, length: number): string {
  return koffi.decode(address, 'char', length) as string;
}

/**
 * The `length` bytes at `address` as an ArrayBuffer over the same memory
 * (no copy): valid only while that memory stays mapped.
 */
export const memoryAt: (address: bigint, length: number) => ArrayBuffer = koffi.view;

/**
 * The address of a view's first byte.  Node keeps an ArrayBuffer's bytes
 * at one address for its whole life (asking moves an on-heap typed array
 * off the heap once, for good), so it stays valid while the view is
 * referenced.
 */
export const addressOf: (view: ArrayBufferView) => bigint = koffi.address;
