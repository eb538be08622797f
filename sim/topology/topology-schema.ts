// SPDX-License-Identifier: GPL-2.0-only
/**
 * The JSON Schema of topology files, for editors, generated from the
 * parameter tables the loader reads by (topology-params.ts,
 * command-params.ts, sim/node/node-params.ts,
 * sim/net/point-to-point-link-params.ts and each app kind's), so that it
 * cannot disagree with them.  `npm run schema` writes it to
 * sim/topology/topology.schema.json, and a test checks that the committed
 * file is what this generates.
 */
import { INTERFACE_PARAMS, NODE_PARAMS, ROUTE_PARAMS } from '../node/node-params';
import { LINK_EVENT_PARAMS, LINK_PARAMS } from '../net/point-to-point-link-params';
import type { AppCatalog } from './app-kind';
import { CHECK_DEFS } from './check-schema';
import { COMMAND_PARAMS } from '../node/command-params';
import { ENDPOINT } from './link-loader';
import { INTERFACE_NAME, NODE_NAME, SYSCTL_NAME } from './node-loader';
import { entrySchema } from './param-schema';
import type { JsonObject } from './param-schema';
import { TOPOLOGY_PARAMS, TRACE_PARAMS } from './topology-params';

/** Where the schema is written, relative to the repository. */
export const SCHEMA_FILE = 'sim/topology/topology.schema.json';

/** The schema as the committed file holds it: two-space JSON and a final newline. */
export function topologySchemaText(apps: AppCatalog): string {
  return `${JSON.stringify(topologySchema(apps), null, 2)}\n`;
}

/** The schema of a topology file whose apps are of the kinds `apps`. */
export function topologySchema(apps: AppCatalog): JsonObject {
  const top = entrySchema(TOPOLOGY_PARAMS, {
    nodes: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: NODE_NAME.source },
      additionalProperties: { $ref: '#/$defs/node' },
    },
    links: { type: 'array', items: { $ref: '#/$defs/link' } },
    apps: { type: 'array', items: { oneOf: apps.map((k) => ({ $ref: `#/$defs/${k.type}` })) } },
    traces: entrySchema(TRACE_PARAMS, {}),
    checks: {
      type: 'array',
      items: { oneOf: ['commandCheck', 'appCheck', 'linkCheck'].map((name) => ({ $ref: `#/$defs/${name}` })) },
    },
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://libsim.invalid/topology.schema.json',
    title: 'libsim topology',
    description:
      'A libsim topology file. Generated from the parameter tables of the models (npm run schema); ' +
      'the loader (sim/topology/topology-loader.ts) reads by the same tables and names path and line in its errors.',
    ...top,
    $defs: {
      ...UNIT_DEFS,
      node: nodeSchema(),
      link: linkSchema(),
      ...Object.fromEntries(
        apps.map((k) => [
          k.type,
          entrySchema(
            k.params,
            {},
            {
              first: { type: { const: k.type }, node: { type: 'string', description: 'the node it runs on' } },
              description: k.doc,
              ...(k.exclusive !== undefined ? { exclusive: k.exclusive } : {}),
            },
          ),
        ]),
      ),
      ...CHECK_DEFS,
    },
  };
}

/** Values with units, which the loader parses (sim/topology/units.ts). */
const UNIT_DEFS: Readonly<Record<string, JsonObject>> = {
  duration: {
    type: 'string',
    description: 'a time or duration, e.g. 5ms; at most 2^63-1 ns (about 292 years)',
    pattern: '^[0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h)$',
  },
  rate: { type: 'string', description: 'bits per second, e.g. 10Mbps; at most 1000Gbps' },
  bytes: { type: ['integer', 'string'], description: 'bytes: a bare integer, or a size with its unit (64KiB, 10MB)' },
  prefix: { type: 'string', description: 'address/length, e.g. 10.0.0.1/24 or fd00::1/64' },
};

function nodeSchema(): JsonObject {
  const iface = entrySchema(
    INTERFACE_PARAMS,
    { addresses: { type: 'array', items: { $ref: '#/$defs/prefix' } } },
    { nullable: true },
  );
  const command = entrySchema(COMMAND_PARAMS, {});
  return entrySchema(
    NODE_PARAMS,
    {
      interfaces: { type: 'object', propertyNames: { pattern: INTERFACE_NAME.source }, additionalProperties: iface },
      routes: { type: 'array', items: entrySchema(ROUTE_PARAMS, {}) },
      sysctls: {
        type: 'object',
        propertyNames: { pattern: SYSCTL_NAME.source },
        additionalProperties: { type: ['string', 'number'] },
      },
      run: { type: 'array', items: { oneOf: [{ type: 'string', minLength: 1 }, command] } },
      kernel: { type: 'string', minLength: 1 },
    },
    { nullable: true },
  );
}

function linkSchema(): JsonObject {
  return entrySchema(LINK_PARAMS, {
    endpoints: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string', pattern: ENDPOINT.source } },
    events: { type: 'array', items: entrySchema(LINK_EVENT_PARAMS, {}) },
  });
}
