// SPDX-License-Identifier: GPL-2.0-only
/**
 * sim/topology/topology.schema.json is what the parameter tables generate,
 * and allows in checks what the loader allows.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_KINDS } from '../../../apps/app-kinds';
import { CHECK_KEYS } from '../../../sim/topology/check-loader';
import { KEY_PATH } from '../../../sim/topology/expect-loader';
import { SCHEMA_FILE, topologySchemaText } from '../../../sim/topology/topology-schema';

describe('topology JSON Schema', () => {
  // The schema is data next to the sources; tests run from dist/.
  const text = readFileSync(join(__dirname, '../../../..', SCHEMA_FILE), 'utf8');
  const schema = JSON.parse(text);
  const keys = (o: { properties: Record<string, unknown> }): string[] => Object.keys(o.properties).sort();
  const sorted = (a: readonly string[]): string[] => [...a].sort();

  it('is what the parameter tables generate (npm run schema writes it)', () => {
    expect(text, `${SCHEMA_FILE} is not what the tables generate: run npm run schema`).to.equal(
      topologySchemaText(APP_KINDS),
    );
  });

  it('allows exactly the keys the loader allows in checks', () => {
    const d = schema.$defs;
    expect(keys(d.commandCheck)).to.deep.equal(sorted(CHECK_KEYS.command));
    expect(keys(d.appCheck)).to.deep.equal(sorted(CHECK_KEYS.app));
    expect(keys(d.linkCheck)).to.deep.equal(sorted(CHECK_KEYS.link));
    expect(keys(d.range)).to.deep.equal(sorted(CHECK_KEYS.range));
    expect(keys(d.same)).to.deep.equal(sorted(CHECK_KEYS.same));
    // Key paths: the loader's pattern, and expect: is the same definition in every kind of check.
    expect(d.expect.propertyNames.pattern).to.equal(KEY_PATH.source);
    for (const kind of ['commandCheck', 'appCheck', 'linkCheck']) {
      expect(d[kind].properties.expect.$ref, kind).to.equal('#/$defs/expect');
    }
  });
});
