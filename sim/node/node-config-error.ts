// SPDX-License-Identifier: GPL-2.0-only

/**
 * A node's declared configuration could not be applied: the kernel refused
 * an address, route or sysctl, or a route names a device the node does not
 * have.  The message names the node and the item ("node r1: route
 * 10.1.0.0/16 via 10.0.0.2: rtnetlink addRoute(...): ENETUNREACH (101)");
 * `cause` holds the underlying error (often a KernelError).
 */
export class NodeConfigError extends Error {
  override readonly name = 'NodeConfigError';

  /**
   * @param message what failed, naming the node and the item
   * @param cause the error the kernel (or a parser) gave
   */
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
