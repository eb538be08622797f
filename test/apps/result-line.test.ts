// SPDX-License-Identifier: GPL-2.0-only
/** The terminal result line of each kind of app (apps/result-line.ts), on made-up results. */
import { expect } from 'chai';
import type { AppResult } from '../../apps/app-result';
import { resultLine } from '../../apps/result-line';

/** A result with only the fields resultLine reads. */
const r = (fields: Record<string, unknown>): AppResult => ({ error: null, ...fields }) as unknown as AppResult;

describe('terminal result lines (apps/result-line.ts)', () => {
  it('gives each app its headline numbers', () => {
    expect(
      resultLine(
        r({
          type: 'tcp-bulk',
          node: 'h1',
          to: '10.0.0.2',
          port: 5201,
          congestion: 'bbr',
          bytes_acked: 1000,
          goodput_bps: 95_640_000,
          retransmits: 3,
          completed_s: 10.5,
        }),
      ),
    ).to.equal(
      'tcp-bulk h1 -> 10.0.0.2:5201 (bbr): 1000 bytes acked, goodput 95.64 Mbit/s, 3 retransmits, completed at 10.500 s',
    );
    expect(resultLine(r({ type: 'tcp-sink', node: 'h2', port: 5201, connections: [{}], bytes: 7 }))).to.equal(
      'tcp-sink h2:5201: 1 connection, 7 bytes read',
    );
    expect(
      resultLine(
        r({ type: 'udp-cbr', node: 'h1', to: '10.0.0.2', port: 5201, sent: 3125, rate_bps: 5e6, send_errors: 0 }),
      ),
    ).to.equal('udp-cbr h1 -> 10.0.0.2:5201: 3125 datagrams at 5.00 Mbit/s, 0 refused');
    expect(
      resultLine(
        r({
          type: 'udp-sink',
          node: 'h2',
          port: 5201,
          streams: [
            { peer: '10.0.0.1:4000', received: 99, lost: 1, loss_percent: 1, out_of_order: 0, jitter_ms: 0.25 },
          ],
        }),
      ),
    ).to.equal('udp-sink h2:5201: 10.0.0.1:4000 99 received, 1 lost (1.00%), 0 out of order, jitter 0.250 ms');
    expect(resultLine(r({ type: 'udp-echo-server', node: 'h1', port: 7, received: 4, echoed: 4 }))).to.equal(
      'udp-echo-server h1:7: 4/4 echoed',
    );
    expect(
      resultLine(
        r({
          type: 'ping',
          node: 'h1',
          to: '10.0.0.2',
          received: 5,
          transmitted: 5,
          min_ms: 10,
          avg_ms: 12,
          max_ms: 20,
        }),
      ),
    ).to.equal('ping h1 -> 10.0.0.2: 5/5 replies, rtt min/avg/max 10.000/12.000/20.000 ms');
  });

  it('says when a flow did not complete and why an app stopped', () => {
    expect(
      resultLine(
        r({
          type: 'tcp-bulk',
          node: 'h1',
          to: '10.0.0.9',
          port: 5201,
          congestion: 'cubic',
          bytes_acked: 0,
          goodput_bps: 0,
          retransmits: 0,
          completed_s: null,
          error: 'connect: ECONNREFUSED',
        }),
      ),
    ).to.match(/not completed \(stopped: connect: ECONNREFUSED\)$/);
    expect(resultLine(r({ type: 'udp-echo', node: 'h1', to: 'fd00::1', received: 0, transmitted: 3 }))).to.equal(
      'udp-echo h1 -> fd00::1: 0/3 replies',
    );
  });
});
