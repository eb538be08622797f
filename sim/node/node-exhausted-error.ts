// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error Node (node.ts) throws when its kernel refuses a new task for
 * want of tasks or memory: bad input, exit 2.
 */
import { formatTime } from '../core/time';
import { BadInputError } from '../core/errors';

/**
 * A node's kernel ran out of what a new task needs: its task limit
 * (`kernel.threads-max`, which the kernel derives from the node's memory:
 * about 240 tasks alive at once in 64 MiB) or its memory.  The node lives
 * on; what asked for the task cannot run.  Too many tasks alive at once on
 * one node -- apps, their threads, a command -- not a fault of the kernel.
 * The message names the node and the simulated time: "node h1 at 2.000 s:
 * out of kernel tasks (lib_task_create: EAGAIN (11)): ...".
 */
export class NodeExhaustedError extends BadInputError {
  override readonly name = 'NodeExhaustedError';
  /** The node's name. */
  readonly node: string;
  /** Simulated time (ns) of the refused request. */
  readonly time: bigint;
  /** What ran out. */
  readonly resource: 'tasks' | 'memory';

  /**
   * @param node the node's name
   * @param time simulated time (ns) of the request
   * @param resource what ran out
   * @param cause the kernel's refusal (a KernelApiError)
   */
  constructor(node: string, time: bigint, resource: 'tasks' | 'memory', cause: Error) {
    const what =
      resource === 'tasks'
        ? 'out of kernel tasks: too many tasks alive at once for its task limit (kernel.threads-max, set from its memory)'
        : 'out of kernel memory: too many tasks or sockets alive at once for its memory';
    super(`node ${node} at ${formatTime(time)}: ${what} (${cause.message})`, { cause });
    this.node = node;
    this.time = time;
    this.resource = resource;
  }
}
