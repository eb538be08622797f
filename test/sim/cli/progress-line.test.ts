// SPDX-License-Identifier: GPL-2.0-only
/** The progress line (sim/cli/progress-line.ts) on a made-up stream and wall clock. */
import { expect } from 'chai';
import { ProgressLine } from '../../../sim/cli/progress-line';

/** A fake terminal (or not) that records what is written. */
function stream(isTTY: boolean): { isTTY: boolean; text: string; write(s: string): boolean } {
  return {
    isTTY,
    text: '',
    write(s: string): boolean {
      this.text += s;
      return true;
    },
  };
}

describe('ProgressLine', () => {
  it('draws nothing during the first second of wall time', () => {
    const out = stream(true);
    let wall = 1000;
    const p = new ProgressLine(10_000_000_000n, out, () => wall);
    wall += 999;
    p.update(5_000_000_000n);
    p.done();
    expect(out.text).to.equal('');
  });

  it('after a second, shows simulated time over duration on one line, then ends it', () => {
    const out = stream(true);
    let wall = 0;
    const p = new ProgressLine(10_000_000_000n, out, () => wall);
    wall = 1500;
    p.update(2_500_000_000n);
    wall = 1600; // within 200 ms of the last draw: not redrawn
    p.update(2_600_000_000n);
    wall = 1800;
    p.update(3_000_000_000n);
    p.done();
    expect(out.text).to.equal(
      '\r[libsim] simulated 2.500000000s / 10.000000000s (25.0%)' +
        '\r[libsim] simulated 3.000000000s / 10.000000000s (30.0%)\n',
    );
  });

  it('never draws on a stream that is not a terminal', () => {
    const out = stream(false);
    let wall = 0;
    const p = new ProgressLine(10n, out, () => wall);
    wall = 5000;
    p.update(5n);
    p.done();
    expect(out.text).to.equal('');
  });
});
