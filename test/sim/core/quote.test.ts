// SPDX-License-Identifier: GPL-2.0-only
/** Quoting values for one-line messages (sim/core/quote.ts). */
import { expect } from 'chai';
import { oneLine, quote, quoteIfNeeded } from '../../../sim/core/quote';

describe('sim/core/quote', () => {
  it('oneLine escapes what could end or rewrite a line, as JSON does, and nothing else', () => {
    expect(oneLine('a\nb\r\tc\u001b[2K\u0007\u007f\u009b\u2028\u2029\u202e\u2066')).to.equal(
      'a\\nb\\r\\tc\\u001b[2K\\u0007\\u007f\\u009b\\u2028\\u2029\\u202e\\u2066',
    );
    expect(oneLine('plain "text" with \\ é ü 日本')).to.equal('plain "text" with \\ é ü 日本');
  });

  it('quote gives a JSON string on one line that reads back as the value', () => {
    for (const v of ['10.0.0.2\nlibsim: all good', 'a"b\\c', '\u0000\u009b\u2028\u202e', 'é']) {
      const q = quote(v);
      // eslint-disable-next-line no-control-regex -- control characters are what it must not contain
      expect(q, v).to.not.match(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e]/);
      expect(JSON.parse(q)).to.equal(v);
    }
  });

  it('quote cuts a long value and says how long it was', () => {
    expect(quote('a'.repeat(201))).to.equal(`"${'a'.repeat(200)}"… (201 characters)`);
    expect(quote('a'.repeat(200))).to.equal(`"${'a'.repeat(200)}"`);
  });

  it('quoteIfNeeded leaves plain tokens bare and quotes anything else', () => {
    for (const v of ['h1', '/tmp/t.yaml', '-3', '1000h', 'h1:eth0', 'a=b,c']) expect(quoteIfNeeded(v)).to.equal(v);
    expect(quoteIfNeeded('my topology.yaml')).to.equal('"my topology.yaml"');
    expect(quoteIfNeeded('t\n.yaml')).to.equal('"t\\n.yaml"');
    expect(quoteIfNeeded('')).to.equal('""');
  });
});
