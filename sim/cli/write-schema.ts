// SPDX-License-Identifier: GPL-2.0-only
/**
 * `npm run schema`: writes sim/topology/topology.schema.json from the
 * parameter tables (see sim/topology/topology-schema.ts).  Run it after
 * changing a model's table; the schema test fails until it is.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_KINDS } from '../../apps/app-kinds';
import { SCHEMA_FILE, topologySchemaText } from '../topology/topology-schema';

/** Writes the schema into the repository this file was built from (it runs from dist/sim/cli/). */
export function writeSchema(root: string = join(__dirname, '..', '..', '..')): string {
  const path = join(root, SCHEMA_FILE);
  writeFileSync(path, topologySchemaText(APP_KINDS));
  return path;
}

if (require.main === module) process.stdout.write(`wrote ${writeSchema()}\n`);
