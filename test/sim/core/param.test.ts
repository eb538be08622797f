// SPDX-License-Identifier: GPL-2.0-only
/**
 * Parameter kinds and tables (sim/core/param.ts, param-check.ts,
 * param-defaults.ts) on a made-up table, and the tables of every model
 * checked for consistency.
 */
import { expect } from 'chai';
import { APP_KINDS } from '../../../apps/app-kinds';
import {
  duration,
  integer,
  keyOf,
  limit,
  nested,
  probability,
  text,
  textMap,
  textMapNameProblem,
} from '../../../sim/core/param';
import type { ParamTable } from '../../../sim/core/param';
import { paramProblem } from '../../../sim/core/param-check';
import { withDefaults } from '../../../sim/core/param-defaults';
import { ParamError } from '../../../sim/core/param-error';
import { LINK_EVENT_PARAMS, LINK_PARAMS } from '../../../sim/net/point-to-point-link-params';
import { INTERFACE_PARAMS, NODE_PARAMS, ROUTE_PARAMS } from '../../../sim/node/node-params';
import { COMMAND_PARAMS } from '../../../sim/node/command-params';
import { TOPOLOGY_PARAMS, TRACE_PARAMS } from '../../../sim/topology/topology-params';

const TABLE = {
  at: duration({ doc: 'when', required: 'say when' }),
  wait: duration({ doc: 'how long', positive: true, default: 5n }),
  count: integer({ doc: 'how many', min: 1, max: 10, default: null }),
  loss: probability({ doc: 'p', default: 0 }),
  name: text({ key: 'the-name', doc: 'n', pattern: /^[a-z]+$/, what: 'a lower-case word', default: 'x' }),
  queue: limit({ doc: 'q', maxPackets: 100, default: { queuePackets: 10, queueBytes: null } }),
  items: nested({ doc: 'read by the loader' }),
} as const;

describe('parameter tables (sim/core/param)', () => {
  it('applies the declared defaults to what was not given, and leaves nested keys to their owner', () => {
    expect(withDefaults(TABLE, { at: 1n })).to.deep.equal({
      at: 1n,
      wait: 5n,
      count: null,
      loss: 0,
      name: 'x',
      queue: { queuePackets: 10, queueBytes: null },
    });
    expect(withDefaults(TABLE, { at: 2n, count: 3, name: 'y' })).to.deep.include({ at: 2n, count: 3, name: 'y' });
  });

  it('refuses a required parameter that was not given with a ParamError naming it', () => {
    const given = {} as { at: bigint };
    expect(() => withDefaults(TABLE, given)).to.throw(ParamError, 'at: say when');
  });

  it('checks values against the declared kinds and bounds', () => {
    const ok = withDefaults(TABLE, { at: 0n });
    expect(paramProblem(TABLE, ok)).to.equal(null);
    expect(paramProblem(TABLE, { ...ok, at: -1n })).to.equal('at must be a duration of at least 0 ns, got -1');
    expect(paramProblem(TABLE, { ...ok, wait: 0n })).to.equal('wait must be a duration of more than 0 ns, got 0');
    expect(paramProblem(TABLE, { ...ok, count: 11 })).to.equal('count must be an integer in 1..10, got 11');
    expect(paramProblem(TABLE, { ...ok, loss: Number.NaN })).to.equal('loss must be a probability in 0..1, got NaN');
    expect(paramProblem(TABLE, { ...ok, name: 'X' })).to.equal('name must be a lower-case word, got X');
    expect(paramProblem(TABLE, { ...ok, queue: { queuePackets: null, queueBytes: null } })).to.equal(
      'queue must be a queue limit: 0..100 packets, or bytes, got {"queuePackets":null,"queueBytes":null}',
    );
    expect(paramProblem(TABLE, { ...ok, queue: { queuePackets: null, queueBytes: -1n } })).to.contain(
      'at least 0 bytes',
    );
  });

  it('checks a text map: plain object, allowed names, string values without NUL', () => {
    const table = {
      env: textMap({
        doc: 'e',
        names: /^[A-Z_]+$/,
        namesWhat: 'an upper-case name',
        refused: [{ name: 'LD_', prefix: true, why: "the loader's" }],
        default: {},
      }),
    } as const;
    const expected = 'env must be a mapping of names (each an upper-case name) to strings without NUL';
    expect(paramProblem(table, { env: { A: 'x', B_C: '' } })).to.equal(null);
    expect(paramProblem(table, { env: { LD_PRELOAD: 'x' } })).to.equal(
      `${expected}; "LD_PRELOAD" may not be set: the loader's, got {"LD_PRELOAD":"x"}`,
    );
    expect(paramProblem(table, { env: { a: 'x' } })).to.equal(
      `${expected}; "a" is not an upper-case name, got {"a":"x"}`,
    );
    expect(paramProblem(table, { env: { A: 1 } })).to.equal(
      `${expected}; the value of "A" is not a string without NUL, got {"A":1}`,
    );
    expect(paramProblem(table, { env: { A: 'x\0' } })).to.contain('the value of "A" is not a string');
    expect(paramProblem(table, { env: ['A'] })).to.equal(`${expected}, got ["A"]`);
    expect(paramProblem(table, { env: null })).to.equal(`${expected}, got null`);
    // An exact refusal is that name only; a prefix, every name that starts with it.
    const exact = textMap({ doc: 'e', names: /^[A-Z]+$/, namesWhat: 'n', refused: [{ name: 'PATH', why: 'no' }] });
    expect(textMapNameProblem(exact, 'PATH')).to.equal('may not be set: no');
    expect(textMapNameProblem(exact, 'PATHS')).to.equal(null);
    expect(textMapNameProblem(table.env, 'LD_X')).to.equal("may not be set: the loader's");
  });

  it('spells a key as the file does', () => {
    expect(keyOf('name', TABLE.name)).to.equal('the-name');
    expect(keyOf('count', TABLE.count)).to.equal('count');
  });

  describe('every table of the models', () => {
    const tables: Array<[string, ParamTable]> = [
      ['topology', TOPOLOGY_PARAMS],
      ['traces', TRACE_PARAMS],
      ['node', NODE_PARAMS],
      ['interface', INTERFACE_PARAMS],
      ['route', ROUTE_PARAMS],
      ['command', COMMAND_PARAMS],
      ['link', LINK_PARAMS],
      ['link event', LINK_EVENT_PARAMS],
      ...APP_KINDS.map((k): [string, ParamTable] => [k.type, k.params]),
    ];

    it('gives each value a default or says it is required, and each default is allowed by its own bounds', () => {
      for (const [model, table] of tables) {
        for (const [name, p] of Object.entries(table)) {
          if (p.kind === 'nested') continue;
          expect(p.default !== undefined || p.required !== undefined, `${model}.${name}`).to.equal(true);
        }
        const defaults = Object.fromEntries(
          Object.entries(table)
            .filter(([, p]) => p.kind !== 'nested' && p.default !== undefined)
            .map(([name, p]) => [name, (p as { default: unknown }).default]),
        );
        const required = Object.entries(table)
          .filter(([, p]) => p.kind !== 'nested' && p.default === undefined)
          .map(([name]) => name);
        expect(
          paramProblem(
            Object.fromEntries(Object.entries(table).filter(([name]) => !required.includes(name))),
            defaults,
          ),
          model,
        ).to.equal(null);
      }
    });

    it('spells no key twice', () => {
      for (const [model, table] of tables) {
        const keys = Object.entries(table).map(([name, p]) => keyOf(name, p));
        expect(new Set(keys).size, model).to.equal(keys.length);
      }
    });
  });
});
