// SPDX-License-Identifier: GPL-2.0-only
/**
 * The socket of a server app (tcp-sink, udp-sink, udp-echo-server): one
 * dual-stack socket on a process of its own -- AF_INET6 bound to [::]:port,
 * so IPv4 peers arrive too, as ::ffff:a.b.c.d.  The server keeps it for
 * the whole run.
 */
import { AF, SO, SOL } from '../sim/kernel/linux-abi';
import { cInt, SIZEOF } from '../sim/kernel/linux-structs';
import { SYS } from '../sim/kernel/syscall-numbers';
import type { Node } from '../sim/node/node';
import { sockaddr } from '../sim/node/sockaddr';

/** A server's process and its bound socket. */
export interface ServerSocket {
  /** The server's task (its process). */
  readonly task: number;
  /** The socket. */
  readonly fd: number;
}

/**
 * Creates a process on `node` and in it a socket of `type` bound to
 * [::]:port; `reuseAddr` sets SO_REUSEADDR before the bind, as TCP servers
 * do.
 * @throws (rejects) KernelError when the kernel refuses a step (EADDRINUSE ...)
 */
export async function openServerSocket(
  node: Node,
  type: number,
  port: number,
  reuseAddr = false,
): Promise<ServerSocket> {
  const task = node.createTask();
  const fd = Number(await node.syscall(task, SYS.socket, [AF.INET6, type, 0]));
  if (reuseAddr) await node.syscall(task, SYS.setsockopt, [fd, SOL.SOCKET, SO.REUSEADDR, cInt(1), SIZEOF.int]);
  const addr = sockaddr('::', port);
  await node.syscall(task, SYS.bind, [fd, addr, addr.length]);
  return { task, fd };
}
