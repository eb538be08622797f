// SPDX-License-Identifier: GPL-2.0-only
/** A command's stdout read as JSON for checks (sim/check/json-output.ts): one JSON text, or one per line. */
import { expect } from 'chai';
import { parseJsonOutput } from '../../../sim/check/json-output';

describe('parseJsonOutput', () => {
  it('one JSON text is that text, as before (also a batch of one command: not wrapped)', () => {
    expect(parseJsonOutput('[{"dev":"eth0"}]\n')).to.deep.equal({ ok: true, value: [{ dev: 'eth0' }] });
    // Pretty-printed over several lines, still one text.
    expect(parseJsonOutput('[ {\n  "dev": "eth0"\n} ]\n')).to.deep.equal({ ok: true, value: [{ dev: 'eth0' }] });
    expect(parseJsonOutput('{"kernel":{"IpInAddrErrors":3}}')).to.deep.equal({
      ok: true,
      value: { kernel: { IpInAddrErrors: 3 } },
    });
  });

  it('one JSON text per line (ip -j -batch -) is the array of those texts, in order; blank lines skipped', () => {
    const out = '[{"gateway":"10.0.12.2"}]\n[{"gateway":"10.0.13.2"}]\n\n[]\n';
    expect(parseJsonOutput(out)).to.deep.equal({
      ok: true,
      value: [[{ gateway: '10.0.12.2' }], [{ gateway: '10.0.13.2' }], []],
    });
  });

  it('anything else is not JSON, naming the first bad line of a multi-line output', () => {
    const empty = parseJsonOutput('');
    expect(empty.ok).to.equal(false);
    expect(!empty.ok && empty.reason).to.match(/^stdout is not JSON: /);
    const text = parseJsonOutput('10.0.9.2 via 10.0.12.2 dev eth1\n');
    expect(!text.ok && text.reason).to.match(/^stdout is not JSON: /);
    const mixed = parseJsonOutput('[1]\nCommand failed -:2\n');
    expect(!mixed.ok && mixed.reason).to.match(/^stdout is not JSON, nor one JSON text per line \(line 2: /);
    // Pretty-printed texts, one after another, are neither.
    expect(parseJsonOutput('[ {\n "a": 1\n} ]\n[ {\n "a": 2\n} ]\n').ok).to.equal(false);
  });
});
