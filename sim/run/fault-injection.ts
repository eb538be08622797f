// SPDX-License-Identifier: GPL-2.0-only
/**
 * Test-only fault injection (SimulationOptions.injectFault): one node's
 * kernel made to fault with a real wild access (lib_debug's
 * LIB_DEBUG_FAULT, or the boot option `lib_debug_fault=`), to show that a
 * fault anywhere in a run ends only that node.  Nothing on the command line
 * reaches it: a topology cannot make its own nodes fault.
 */
import type { SimTime } from '../core/time';
import { DEBUG_OP, WILD_ACCESS, WildAccess } from '../kernel/debug-ops';
import { DEFAULT_CMDLINE, Node } from '../node/node';

/**
 * Where in a run a node's kernel is made to fault:
 * - 'boot': inside its boot;
 * - 'configuration': after its devices exist and are linked, before its
 *   sysctls, addresses and routes are applied;
 * - 'commands': before its `run:` commands at time 0;
 * - a time: at that simulated time, after the events already scheduled for it.
 */
export interface InjectedFault {
  readonly node: string;
  readonly at: 'boot' | 'configuration' | 'commands' | SimTime;
  /** The kind of wild access; default 'write'. */
  readonly kind?: WildAccess;
}

/** The kernel command line of node `name`: one that makes its boot fault if that is the fault's place. */
export function bootCmdline(fault: InjectedFault | undefined, name: string): string | undefined {
  if (fault === undefined || fault.at !== 'boot' || fault.node !== name) return undefined;
  return `${DEFAULT_CMDLINE} lib_debug_fault=${fault.kind ?? 'write'}`;
}

/** Whether the fault is `node`'s at this point of the build. */
export function faultsAt(
  fault: InjectedFault | undefined,
  phase: 'configuration' | 'commands',
  node: Node,
): fault is InjectedFault {
  return fault !== undefined && fault.at === phase && fault.node === node.name;
}

/**
 * Makes `node`'s kernel fault now.
 * @throws KernelFaultError, as any entry in which a kernel dies (the node records it)
 */
export function wildAccess(node: Node, kind: WildAccess = 'write'): void {
  node.enter('injected fault', (k, now) => k.debug(DEBUG_OP.fault, BigInt(WILD_ACCESS[kind]), now));
}
