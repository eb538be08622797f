// SPDX-License-Identifier: GPL-2.0-only
/** An entry read by its parameter table (sim/topology/param-reader.ts), with a made-up table of every kind. */
import { expect } from 'chai';
import { LineCounter, parseDocument } from 'yaml';
import {
  byteCount,
  bytes,
  choice,
  duration,
  flag,
  integer,
  limit,
  nested,
  probability,
  rate,
  text,
  textMap,
} from '../../../sim/core/param';
import { ParamError } from '../../../sim/core/param-error';
import { readEntry } from '../../../sim/topology/param-reader';
import type { EntryOptions } from '../../../sim/topology/param-reader';
import type { TopologyError } from '../../../sim/topology/topology-error';
import { YamlCursor } from '../../../sim/topology/yaml-cursor';
import { topologyErrorOf } from '../../helpers/topology-error';

const TABLE = {
  at: duration({ doc: 'when', required: 'an entry needs at:' }),
  every: duration({ doc: 'how often', positive: true, default: 1n }),
  speed: rate({ doc: 'how fast', default: 1n }),
  total: bytes({ doc: 'how much', min: 1n, max: null, default: null }),
  chunk: byteCount({ doc: 'per write', min: 4, max: 64, default: 8 }),
  loss: probability({ doc: 'p', default: 0 }),
  count: integer({ doc: 'how many', min: 1, max: 9, default: 1 }),
  on: flag({ key: 'turned-on', doc: 'whether', default: false }),
  word: text({ doc: 'a word', pattern: /^[a-z]+$/, what: 'a lower-case word', default: null }),
  state: choice({ doc: 'up or down', values: ['up', 'down'], default: 'up' }),
  queue: limit({ doc: 'q', maxPackets: 100, default: { queuePackets: 1, queueBytes: null } }),
  list: nested({ doc: 'read apart' }),
} as const;

/** A text map with the rules of a process's env:, as a table of its own. */
const MAP_TABLE = {
  vars: textMap({
    doc: 'variables',
    names: /^[A-Za-z_][A-Za-z0-9_]*$/,
    namesWhat: 'a name',
    refused: [
      { name: 'LD_', prefix: true, why: "the loader's" },
      { name: 'SECRET', why: 'ours' },
    ],
    default: {},
  }),
} as const;

/** The entry `yaml` read by MAP_TABLE. */
function mapRead(yaml: string): ReturnType<typeof readEntry<typeof MAP_TABLE>> {
  const lines = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: lines });
  return readEntry(new YamlCursor('t.yaml', lines, 'e', doc.contents, 0, doc), MAP_TABLE);
}

/** The values of `yaml` read by MAP_TABLE. */
function mapEntry(yaml: string): ReturnType<ReturnType<typeof readEntry<typeof MAP_TABLE>>['given']> {
  return mapRead(yaml).given();
}

/** The entry `yaml` as the loader reads it. */
function entry(yaml: string, options?: EntryOptions): ReturnType<typeof readEntry<typeof TABLE>> {
  const lines = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: lines });
  return readEntry(new YamlCursor('t.yaml', lines, 'e', doc.contents, 0, doc), TABLE, options);
}

/** The TopologyError reading `yaml` raises. */
function errorOf(yaml: string, options?: EntryOptions): TopologyError {
  return topologyErrorOf(() => entry(yaml, options).given());
}

describe('param-reader (an entry read by its table)', () => {
  it('reads each kind with its unit into the property it is declared as', () => {
    expect(
      entry(
        'at: 1ms\nevery: 2s\nspeed: 1Mbps\ntotal: 1KiB\nchunk: 16\nloss: 1%\ncount: 3\nturned-on: true\n' +
          'word: abc\nstate: down\nqueue: 64KB\nlist: [1]\n',
      ).given(),
    ).to.deep.equal({
      at: 1_000_000n,
      every: 2_000_000_000n,
      speed: 1_000_000n,
      total: 1024n,
      chunk: 16,
      loss: 0.01,
      count: 3,
      on: true,
      word: 'abc',
      state: 'down',
      queue: { queuePackets: null, queueBytes: 64_000n },
    });
    expect(entry('at: 0s\nqueue: 7\n').given()).to.deep.equal({ at: 0n, queue: { queuePackets: 7, queueBytes: null } });
  });

  it('names the key, its line and what is wrong, as the loader always has', () => {
    const cases: Array<[string, string, string]> = [
      ['at: 1ms\nevery: 0s\n', 'e.every', '"0s" must be more than 0'],
      ['at: 1ms\ntotal: 0\n', 'e.total', '0 is not within 1..1099511627776 bytes'],
      ['at: 1ms\nchunk: 1KiB\n', 'e.chunk', '"1KiB" is not within 4..64 bytes'],
      ['at: 1ms\ncount: 10\n', 'e.count', '10 is not an integer in 1..9'],
      ['at: 1ms\nturned-on: yes\n', 'e.turned-on', '"yes" is not true or false'],
      ['at: 1ms\nword: "A b"\n', 'e.word', '"A b" is not a lower-case word'],
      ['at: 1ms\nstate: sideways\n', 'e.state', '"sideways" is not up or down'],
      ['at: 1ms\nqueue: 1000\n', 'e.queue', '1000 is not an integer in 0..100'],
    ];
    for (const [yaml, path, reason] of cases) {
      expect(errorOf(yaml), yaml).to.include({ path, reason, line: yaml.split('\n').length - 1 });
    }
    expect(errorOf('at: 1ms\nspeed: 0bps\n').reason).to.contain('is not a rate');
  });

  it('refuses unknown keys listing the allowed ones, missing required ones at the entry, and exclusive pairs', () => {
    expect(errorOf('at: 1ms\non: true\n')).to.include({
      path: 'e.on',
      reason: 'unknown key (allowed: at, every, speed, total, chunk, loss, count, turned-on, word, state, queue, list)',
    });
    expect(entry('at: 1ms\nkind: x\n', { extraKeys: ['kind'] }).keys.has('kind')).to.equal(true);
    expect(errorOf('every: 1s\n')).to.include({ path: 'e', reason: 'an entry needs at:' });
    expect(errorOf('at: 1ms\nevery: 1s\ncount: 2\n', { exclusive: [['every', 'count']] })).to.include({
      path: 'e.count',
      reason: 'give every: or count:, not both',
    });
  });

  it('reports a ParamError of the model at the key it names, or at the entry', () => {
    const build = (param: string | null): TopologyError => {
      try {
        entry('at: 1ms\ncount: 2\n').build(() => {
          throw new ParamError(param, 'not like that');
        });
      } catch (err) {
        return err as TopologyError;
      }
      throw new Error('expected an error');
    };
    expect(build('count')).to.include({ path: 'e.count', line: 2, reason: 'not like that' });
    expect(build(null)).to.include({ path: 'e', reason: 'not like that' });
    // A parameter not written in the file is reported at the entry.
    expect(build('every')).to.include({ path: 'e' });
  });

  describe('a text map (env:)', () => {
    it('reads names to strings in the order written, numbers and true/false as written', () => {
      const vars = mapEntry(
        'vars:\n  B: bar\n  A_1: 1.50\n  _x: true\n  HEX: 0x1F\n  EMPTY: ""\n  ESC: "a\\tb"\n',
      ).vars!;
      expect(vars).to.deep.equal({ B: 'bar', A_1: '1.50', _x: 'true', HEX: '0x1F', EMPTY: '', ESC: 'a\tb' });
      expect(Object.keys(vars)).to.deep.equal(['B', 'A_1', '_x', 'HEX', 'EMPTY', 'ESC']);
      expect(mapEntry('vars: {}\n').vars).to.deep.equal({});
    });

    it('keeps __proto__ as a name of its own, not as the prototype of the map', () => {
      const vars = mapEntry('vars:\n  __proto__: x\n').vars!;
      expect(Object.hasOwn(vars, '__proto__')).to.equal(true);
      expect(Object.getPrototypeOf(vars)).to.equal(Object.prototype);
      expect(Object.entries(vars)).to.deep.equal([['__proto__', 'x']]);
    });

    it('names the entry, its line and what is wrong', () => {
      const error = (yaml: string): TopologyError => topologyErrorOf(() => mapEntry(yaml));
      const cases: Array<[string, string, number, string]> = [
        ['vars:\n  A: 1\n  1A: x\n', 'e.vars.1A', 3, '"1A" is not a name'],
        ['vars:\n  A-B: x\n', 'e.vars.A-B', 2, '"A-B" is not a name'],
        ['vars:\n  "A B": x\n', 'e.vars["A B"]', 2, '"A B" is not a name'],
        ['vars:\n  A: 1\n  LD_PRELOAD: /x.so\n', 'e.vars.LD_PRELOAD', 3, '"LD_PRELOAD" may not be set: the loader\'s'],
        ['vars:\n  LD_: x\n', 'e.vars.LD_', 2, '"LD_" may not be set: the loader\'s'],
        ['vars:\n  SECRET: x\n', 'e.vars.SECRET', 2, '"SECRET" may not be set: ours'],
        ['vars:\n  A:\n', 'e.vars.A', 2, '"A" has no value (write "" for an empty string)'],
        ['vars:\n  A: ~\n', 'e.vars.A', 2, '"A" has no value (write "" for an empty string)'],
        ['vars:\n  A: "x\\0y"\n', 'e.vars.A', 2, '"x\\u0000y" holds a NUL character, which no C string can'],
        ['vars:\n  A: [1]\n', 'e.vars.A', 2, 'expected a value, found [1]'],
        ['vars: [A]\n', 'e.vars', 1, 'expected a mapping, found ["A"]'],
      ];
      for (const [yaml, path, line, reason] of cases) expect(error(yaml), yaml).to.include({ path, line, reason });
      // A rule of the model about one entry (ParamError with an entry) is reported at that entry.
      const built = (entryName: string): TopologyError =>
        topologyErrorOf(() =>
          mapRead('vars:\n  A: 1\n  B: 2\n').build(() => {
            throw new ParamError('vars', 'too long', entryName);
          }),
        );
      expect(built('B')).to.include({ path: 'e.vars.B', line: 3, reason: 'too long' });
      // One the map does not have: at the key.
      expect(built('C')).to.include({ path: 'e.vars', line: 2, reason: 'too long' });
      // Names differ in case: only the exact refused name, or one with the refused prefix, is refused.
      expect(mapEntry('vars:\n  ld_preload: x\n  SECRETS: y\n').vars).to.deep.equal({ ld_preload: 'x', SECRETS: 'y' });
    });
  });
});
