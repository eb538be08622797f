// SPDX-License-Identifier: GPL-2.0-only
/**
 * The run's loggers (sim/core/logger.ts): simulated time, component and node
 * on every record, nothing of the machine.
 */
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { childLogger, createRootLogger } from '../../../sim/core/logger';
import type { SimTime } from '../../../sim/core/time';

/** A destination that keeps every line pino writes, parsed. */
class Capture extends Writable {
  readonly records: Record<string, unknown>[] = [];
  private pending = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.pending += chunk.toString();
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      this.records.push(JSON.parse(this.pending.slice(0, nl)) as Record<string, unknown>);
      this.pending = this.pending.slice(nl + 1);
    }
    done();
  }
}

describe('sim/core/logger', () => {
  it('puts component, node and the current simulated time on every child record', () => {
    let now: SimTime = 0n;
    const out = new Capture();
    const root = createRootLogger({ level: 'info', clock: () => now, destination: out });
    const log = childLogger(root, { component: 'link', node: 'h1' });
    log.info('first');
    now = 1_000_000_005n;
    log.warn({ bytes: 3 }, 'second');
    expect(out.records).to.have.length(2);
    expect(out.records[0]).to.include({ component: 'link', node: 'h1', simTime: '0.000000000s', msg: 'first' });
    expect(out.records[1]).to.include({
      component: 'link',
      node: 'h1',
      simTime: '1.000000005s',
      msg: 'second',
      bytes: 3,
      level: 40,
    });
  });

  it('omits node when none is given, and stamps root records too', () => {
    let now: SimTime = 42n;
    const out = new Capture();
    const root = createRootLogger({ level: 'debug', clock: () => now, destination: out });
    childLogger(root, { component: 'topology' }).debug('loaded');
    now = 43n;
    root.info('root');
    expect(out.records[0]).to.include({ component: 'topology', simTime: '0.000000042s' });
    expect(out.records[0]).to.not.have.property('node');
    expect(out.records[1]).to.include({ simTime: '0.000000043s', msg: 'root' });
  });

  it('leaves out wall-clock time, pid and hostname so two runs log the same bytes', () => {
    const out = new Capture();
    createRootLogger({ level: 'info', clock: () => 0n, destination: out }).info('x');
    const rec = out.records[0]!;
    expect(rec).to.not.have.property('time');
    expect(rec).to.not.have.property('pid');
    expect(rec).to.not.have.property('hostname');
  });

  it('drops records below the level', () => {
    const out = new Capture();
    const root = createRootLogger({ level: 'warn', clock: () => 0n, destination: out });
    const log = childLogger(root, { component: 'c', node: 'n' });
    log.info('hidden');
    log.debug('hidden');
    log.error('shown');
    expect(out.records.map((r) => r['msg'])).to.deep.equal(['shown']);
  });
});
