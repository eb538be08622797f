// SPDX-License-Identifier: GPL-2.0-only
/** The life of a client app's socket, shared by the apps that open one. */
import { AF } from '../sim/kernel/linux-abi';
import { SYS } from '../sim/kernel/syscall-numbers';
import type { Node } from '../sim/node/node';

/**
 * Opens a socket of `family`, `type` and `protocol` (0: the type's
 * default) on a new process of `node`, runs
 * `body` with the process's task and the descriptor, then closes the
 * socket and ends the process (its task and the threads `body` made from
 * it) -- unless the node's kernel died, which takes its sockets with it.
 * Resolves with what `body` threw (the app records it), or null.
 * @throws (rejects) only if the socket cannot be created
 */
export async function withSocket(
  node: Node,
  family: 4 | 6,
  type: number,
  body: (task: number, fd: number) => Promise<void>,
  protocol = 0,
): Promise<Error | null> {
  const task = node.createTask();
  let fd: number;
  try {
    fd = Number(await node.syscall(task, SYS.socket, [family === 4 ? AF.INET : AF.INET6, type, protocol]));
  } catch (e) {
    node.exitTask(task);
    throw e;
  }
  let error: Error | null = null;
  try {
    await body(task, fd);
  } catch (e) {
    error = e as Error;
  }
  if (!node.isDead()) {
    try {
      await node.syscall(task, SYS.close, [fd]);
    } catch {
      // Nothing to report: the app's results are complete.
    }
    node.exitTask(task);
  }
  return error;
}
