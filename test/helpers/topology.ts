// SPDX-License-Identifier: GPL-2.0-only
/**
 * The topology loader with every kind of app, as the CLI calls it (the
 * loader itself is given the kinds: it cannot import apps/).
 */
import { APP_KINDS } from '../../apps/app-kinds';
import type { AppSpec } from '../../apps/app-kinds';
import type { Topology } from '../../sim/topology/topology';
import { parseTopology as parseWith } from '../../sim/topology/topology-loader';
import type { LoadOptions } from '../../sim/topology/topology-loader';

/** A topology whose apps have their full types. */
export type TestTopology = Omit<Topology, 'apps'> & { readonly apps: readonly AppSpec[] };

/** parseTopology with the apps of apps/app-kinds.ts. */
export function parseTopology(text: string, file: string, options: Omit<LoadOptions, 'apps'> = {}): TestTopology {
  // Every app of the result was built by a kind of APP_KINDS.
  return parseWith(text, file, { ...options, apps: APP_KINDS }) as TestTopology;
}
