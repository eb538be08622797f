// SPDX-License-Identifier: GPL-2.0-only
/** The error node-config.ts throws when a node's declared configuration cannot be applied: bad input, exit 2. */
import { atSource } from '../core/source-ref';
import type { SourceRef } from '../core/source-ref';
import { BadInputError } from '../core/errors';

/**
 * A node's declared configuration could not be applied: the kernel refused
 * an address, route or sysctl, or a route names a device the node does not
 * have.  The message names the item and why; where the item came from a
 * topology file, it reads like every error about the file -- file, path
 * of the entry, line: "t.yaml: nodes.r1.routes[0]: route 10.1.0.0/16 via
 * 10.0.0.2: rtnetlink addRoute(...): ENETUNREACH (101) (line 9)" --, else
 * it names the node ("node r1: route ...").  `cause` holds the underlying
 * error (often a KernelError).
 */
export class NodeConfigError extends BadInputError {
  override readonly name = 'NodeConfigError';
  /** Where the refused entry is in the topology file, when known. */
  readonly source: SourceRef | undefined;

  /**
   * @param node the node's name
   * @param item what could not be applied, e.g. `route 10.1.0.0/16 via 10.0.0.2`
   * @param reason why: the kernel's error, usually
   * @param options the error the kernel (or a parser) gave, and where the item is
   */
  constructor(
    node: string,
    item: string,
    reason: string,
    options: { cause?: unknown; source?: SourceRef | undefined } = {},
  ) {
    const { cause, source } = options;
    super(
      source !== undefined
        ? atSource(source.file, source.path, source.line, `${item}: ${reason}`)
        : `node ${node}: ${item}: ${reason}`,
      cause === undefined ? undefined : { cause },
    );
    this.source = source;
  }
}
