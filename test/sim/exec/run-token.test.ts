// SPDX-License-Identifier: GPL-2.0-only
/** sim/exec/run-token.ts: one holder at a time, the others granted it in the order they asked. */
import { expect } from 'chai';
import { RunToken } from '../../../sim/exec/run-token';
import type { TokenHolder } from '../../../sim/exec/run-token';

describe('sim/exec/run-token', () => {
  const holder = (name: string, log: string[]): TokenHolder => ({ granted: () => log.push(name) });

  it('is taken when free, queued once per asker otherwise, and handed on in the order asked', () => {
    const token = new RunToken();
    const log: string[] = [];
    const [a, b, c] = [holder('a', log), holder('b', log), holder('c', log)];
    expect(token.take(a)).to.equal(true);
    expect(token.take(a)).to.equal(true);
    expect(token.take(c)).to.equal(false);
    expect(token.take(b)).to.equal(false);
    expect(token.take(c)).to.equal(false);
    token.give(a);
    expect(log).to.deep.equal(['c']);
    expect(token.holds(c)).to.equal(true);
    expect(token.holds(a)).to.equal(false);
    // A holder that gives it back while others wait hands it on; giving what one does not hold changes nothing.
    token.give(a);
    expect(token.holds(c)).to.equal(true);
    token.give(c);
    expect(log).to.deep.equal(['c', 'b']);
    token.give(b);
    expect(token.take(a)).to.equal(true);
  });

  it('forgets a queued asker that gives up before its turn', () => {
    const token = new RunToken();
    const log: string[] = [];
    const [a, b, c] = [holder('a', log), holder('b', log), holder('c', log)];
    token.take(a);
    token.take(b);
    token.take(c);
    token.give(b);
    token.give(a);
    expect(log).to.deep.equal(['c']);
    expect(token.holds(c)).to.equal(true);
  });
});
