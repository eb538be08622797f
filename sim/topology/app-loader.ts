// SPDX-License-Identifier: GPL-2.0-only
/**
 * `apps:` of a topology file: each entry's `type` picks its kind from the
 * catalog the caller gives (apps/app-kinds.ts), whose table checks the
 * entry's keys and whose spec() builds it with the app's own defaults.
 */
import { quote } from '../core/quote';
import type { AppCatalog, AppSpecBase } from './app-kind';
import type { NodeSpec } from '../node/node-params';
import { readEntry } from './param-reader';
import type { YamlCursor } from './yaml-cursor';

/** The keys every app has besides its kind's. */
const APP_BASE_KEYS = ['type', 'node'] as const;

/** Reads `apps:` in file order; throws TopologyError. */
export function readApps<S extends AppSpecBase>(at: YamlCursor, nodes: readonly NodeSpec[], kinds: AppCatalog<S>): S[] {
  const types = kinds.map((k) => k.type).join(', ');
  return at.seq().map((appAt) => {
    const typeAt = appAt.map(null).get('type');
    if (!typeAt) throw appAt.error(`missing type: (one of ${types})`);
    const type = typeAt.string();
    const kind = kinds.find((k) => k.type === type);
    if (kind === undefined) throw typeAt.error(`unknown app type ${typeAt.text()} (one of ${types})`);
    const entry = readEntry(appAt, kind.params, {
      extraKeys: APP_BASE_KEYS,
      ...(kind.exclusive !== undefined ? { exclusive: kind.exclusive } : {}),
    });
    const node = readAppNode(appAt, entry.keys.get('node'), nodes, type);
    return entry.build((given) => kind.spec(node, given));
  });
}

function readAppNode(
  appAt: YamlCursor,
  nodeAt: YamlCursor | undefined,
  nodes: readonly NodeSpec[],
  type: string,
): string {
  if (!nodeAt) throw appAt.error(`a ${type} app needs node:`);
  const node = nodeAt.string();
  if (!nodes.some((n) => n.name === node)) throw nodeAt.error(`no node ${quote(node)}`);
  return node;
}
