// SPDX-License-Identifier: GPL-2.0-only
/**
 * Values read as data (a check's json: and expect:) through YAML aliases:
 * one that refers to itself, or that multiplies beyond reason, is bad
 * input at its path and line -- it used to pass validate and end a run
 * with exit 70.
 */
import { expect } from 'chai';
import { parseTopology } from '../../helpers/topology';
import { TopologyError } from '../../../sim/topology/topology-error';

const BASE = 'nodes:\n  h1: { interfaces: { eth0: { addresses: [10.0.0.1/24] } } }\nchecks:\n';

function errorOf(text: string): TopologyError {
  try {
    parseTopology(text, 't.yaml');
  } catch (err) {
    if (err instanceof TopologyError) return err;
    throw err;
  }
  throw new Error('expected a TopologyError');
}

describe('topology loader: YAML aliases in data', () => {
  it('an alias inside its own anchor is refused where it is', () => {
    const e = errorOf(`${BASE}  - { at: 0s, node: h1, cmd: "ip -j route", json: &j [ *j ] }\n`);
    expect(e.path).to.equal('checks[0].json');
    expect(e.line).to.equal(4);
    expect(e.reason).to.contain('refers to itself');
    const m = errorOf(
      `${BASE}  - { app: 0, expect: { x: &m { y: *m } } }\n`.replace(
        'checks:\n',
        'apps: [{ type: udp-echo-server, node: h1 }]\nchecks:\n',
      ),
    );
    expect(m.path).to.equal('checks[0].expect.x');
    expect(m.reason).to.contain('refers to itself');
  });

  it('aliases that multiply beyond reason are refused where they are', () => {
    const levels = ['      - &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      levels.push(
        `      - &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    }
    const e = errorOf(`${BASE}  - at: 0s\n    node: h1\n    cmd: ip -j route\n    json:\n${levels.join('\n')}\n`);
    expect(e.path).to.equal('checks[0].json');
    expect(e.reason).to.match(/^cannot be read as data: Excessive alias count/);
  });

  it('a value used twice through an alias is fine', () => {
    const t = parseTopology(
      `${BASE}  - { at: 0s, node: h1, cmd: "ip -j route", json: [&r { dev: eth0 }, *r] }\n`,
      't.yaml',
    );
    const check = t.checks[0]!;
    expect(check.kind === 'command' ? check.json : null).to.deep.equal([{ dev: 'eth0' }, { dev: 'eth0' }]);
  });
});
