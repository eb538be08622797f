// SPDX-License-Identifier: GPL-2.0-only
/** The parameters of the iperf3-style TCP sender (tcp-bulk.ts), declared once. */
import { byteCount, bytes, duration, text } from '../sim/core/param';
import type { Given } from '../sim/core/param';
import { clientKind, destination, FLOW_PORT, kind, REPORT_INTERVAL, reportsUntilEnd, START } from './app-params';
import type { ClientSpec } from './app-params';

/** A tcp-bulk's keys besides type and node. */
export const TCP_BULK_PARAMS = {
  to: destination('tcp-bulk'),
  port: FLOW_PORT,
  start: START,
  duration: duration({ doc: 'write for this long after connecting', positive: true, default: 10_000_000_000n }),
  bytes: bytes({
    doc: 'write exactly this many bytes instead of a duration',
    min: 1n,
    max: null,
    default: null,
    unset: 'none, write for duration',
  }),
  congestion: text({
    doc: 'TCP_CONGESTION: cubic, reno, bbr, ...',
    pattern: /^[a-z0-9_]{1,15}$/,
    what: 'a congestion control name (e.g. cubic, reno, bbr)',
    default: null,
    unset: "the kernel's, cubic",
  }),
  interval: REPORT_INTERVAL,
  writeSize: byteCount({ key: 'write', doc: 'bytes per write()', min: 1, max: 1 << 24, default: 131072 }),
} as const;

/**
 * An iperf3-style TCP sender: connects to a tcp-sink and writes as fast as
 * TCP allows, for `duration` ns or exactly `bytes` (the other is null).
 */
export type TcpBulkAppSpec = Omit<ClientSpec<'tcp-bulk', typeof TCP_BULK_PARAMS>, 'duration'> & {
  readonly duration: bigint | null;
};

const CLIENT = clientKind('tcp-bulk', 'iperf3-style TCP sender; connects to a tcp-sink at to:port.', TCP_BULK_PARAMS);

/** A client's spec, whose duration is null when it writes a number of bytes. */
function tcpBulkSpec(node: string, given: Given<typeof TCP_BULK_PARAMS>): TcpBulkAppSpec {
  const spec = CLIENT.spec(node, given);
  return { ...spec, duration: spec.bytes !== null ? null : spec.duration };
}

/** tcp-bulk, as the loader reads it. */
export const TCP_BULK_KIND = kind('tcp-bulk', CLIENT.doc, TCP_BULK_PARAMS, tcpBulkSpec, {
  exclusive: [['duration', 'bytes']],
  reportIntervals: reportsUntilEnd,
});
