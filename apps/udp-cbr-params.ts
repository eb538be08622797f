// SPDX-License-Identifier: GPL-2.0-only
/** The parameters of the constant-rate UDP sender (udp-cbr.ts), declared once. */
import { byteCount, duration, integer, rate } from '../sim/core/param';
import { intervalsBetween } from '../sim/topology/report-intervals';
import { clientKind, destination, FLOW_PORT, MAX_UDP_PAYLOAD, REPORT_INTERVAL, START } from './app-params';
import type { SpecOf } from './app-params';

/** Bytes of the header every udp-cbr payload starts with: sequence number and send time. */
export const CBR_HEADER_LEN = 16;

/** A udp-cbr's keys besides type and node. */
export const UDP_CBR_PARAMS = {
  to: destination('udp-cbr'),
  port: FLOW_PORT,
  start: START,
  duration: duration({ doc: 'how long to send', positive: true, default: 10_000_000_000n }),
  rate: rate({ doc: 'UDP payload rate', default: 1_000_000n }),
  size: byteCount({ doc: 'UDP payload per datagram', min: CBR_HEADER_LEN, max: MAX_UDP_PAYLOAD, default: 1000 }),
  interval: REPORT_INTERVAL,
  sport: integer({
    doc: 'source port, as iperf3 --cport',
    min: 1,
    max: 65535,
    default: null,
    unset: 'one the kernel picks',
  }),
} as const;

/** udp-cbr, as the loader reads it. */
export const UDP_CBR_KIND = clientKind('udp-cbr', 'Constant-rate UDP sender to a udp-sink.', UDP_CBR_PARAMS, {
  // It reports until it stops sending.
  reportIntervals: (spec, duration) => {
    const end = spec.start + spec.duration;
    return intervalsBetween(spec.start, end < duration ? end : duration, spec.interval);
  },
});

/** A UDP sender at a constant rate: times in ns, rate in bit/s of payload, size in payload bytes. */
export type UdpCbrAppSpec = SpecOf<typeof UDP_CBR_KIND>;
