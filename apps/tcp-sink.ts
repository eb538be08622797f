// SPDX-License-Identifier: GPL-2.0-only
/**
 * A TCP sink, the server half of iperf3: listens on a dual-stack socket
 * (AF_INET6 bound to ::, so IPv4 peers arrive as ::ffff:a.b.c.d), accepts
 * every connection, and reads each one to its end on a thread of its own,
 * counting bytes into report intervals aligned to the sink's start.  On
 * end of file it closes the connection, which tells a tcp-bulk sender
 * that everything it wrote has arrived.
 */
import type { Logger } from '../sim/core/logger';
import { SO, SOCK, SOL } from '../sim/kernel/linux-abi';
import { cInt, SIZEOF, socklen } from '../sim/kernel/linux-structs';
import { SYS } from '../sim/kernel/syscall-numbers';
import type { Node } from '../sim/node/node';
import { formatPeer, SOCKADDR_IN6_LEN } from '../sim/node/sockaddr';
import { AppBase } from './app-base';
import { openServerSocket } from './server-socket';
import type { TcpSinkAppSpec } from './tcp-sink-params';
import { IntervalCounter, seconds } from './time-series';
import type { IntervalSample } from './time-series';

/** Bytes asked for per read(). */
const READ_SIZE = 131072;
/**
 * SO_RCVLOWAT: a read() waits for this much (or end of file).  A reader
 * that the simulation wakes at the instant each segment arrives would
 * otherwise cost a system call, a completion and an app wake-up per
 * segment -- most of a bulk transfer's simulation time.  What happens on
 * the wire does not change: ACKs and window updates are the kernel's, and
 * 32 KiB is far below the receive buffer (the kernel would clamp the
 * window only for a low-water mark above half of it).  Byte counts per
 * interval move by at most this much between adjacent intervals.
 */
const READ_LOWAT = 32768;
const LISTEN_BACKLOG = 128;

/** One accepted connection, as summary.json reports it. */
export interface TcpSinkConnection {
  /** The sender, "address:port". */
  peer: string;
  accepted_s: number;
  /** When its first and last bytes were read; null before any. */
  first_byte_s: number | null;
  last_byte_s: number | null;
  /** When the sender's FIN was read (end of file); null if the run ended first. */
  eof_s: number | null;
  bytes: number;
  /** Bytes read per report interval, from the sink's start. */
  intervals: IntervalSample[];
}

/** The outcome of a tcp-sink. */
export interface TcpSinkResult {
  type: 'tcp-sink';
  node: string;
  port: number;
  /** Bytes read over all connections. */
  bytes: number;
  connections: TcpSinkConnection[];
  /** Why the sink stopped accepting, else null. */
  error: string | null;
}

interface Connection {
  peer: string;
  accepted: bigint;
  first: bigint | null;
  last: bigint | null;
  eof: bigint | null;
  counter: IntervalCounter;
}

/** The server half of iperf3 on a node's kernel (see the file comment). */
export class TcpSinkApp extends AppBase<TcpSinkResult> {
  private readonly connections: Connection[] = [];

  /**
   * @param node the node to listen on (booted and configured)
   * @param spec port, start time, report interval
   * @param logger parent logger; the app logs as {component: 'app.tcp-sink', node}
   */
  constructor(
    node: Node,
    private readonly spec: Omit<TcpSinkAppSpec, 'type' | 'node'>,
    logger?: Logger,
  ) {
    super(node, 'tcp-sink', 'server', spec.start, logger);
  }

  /** What the sink has read so far. */
  result(): TcpSinkResult {
    const connections = this.connections.map((c) => ({
      peer: c.peer,
      accepted_s: seconds(c.accepted),
      first_byte_s: c.first === null ? null : seconds(c.first),
      last_byte_s: c.last === null ? null : seconds(c.last),
      eof_s: c.eof === null ? null : seconds(c.eof),
      bytes: c.counter.bytes,
      intervals: c.counter.samples(),
    }));
    return {
      type: 'tcp-sink',
      node: this.node.name,
      port: this.spec.port,
      bytes: connections.reduce((s, c) => s + c.bytes, 0),
      connections,
      error: this.error,
    };
  }

  protected async run(): Promise<void> {
    const { task, fd } = await openServerSocket(this.node, SOCK.STREAM, this.spec.port, true);
    await this.node.syscall(task, SYS.listen, [fd, LISTEN_BACKLOG]);
    for (;;) {
      const peer = Buffer.alloc(SOCKADDR_IN6_LEN);
      const cfd = Number(await this.node.syscall(task, SYS.accept4, [fd, peer, socklen(peer.length), 0]));
      const now = this.node.now();
      const conn: Connection = {
        peer: formatPeer(peer),
        accepted: now,
        first: null,
        last: null,
        eof: null,
        counter: new IntervalCounter(this.spec.start, this.spec.interval),
      };
      this.connections.push(conn);
      this.log?.debug({ peer: conn.peer }, 'accepted');
      // A thread of the same process reads it, so accept() can wait again.
      const rx = this.node.createTask(task);
      this.readAll(rx, cfd, conn)
        .catch((e: Error) => {
          this.log?.warn({ peer: conn.peer, err: e.message }, 'connection read failed');
        })
        .then(() => {
          // The connection's thread is done; the listening process stays.
          this.node.exitTask(rx);
        })
        .catch((e: Error) => {
          this.log?.warn({ peer: conn.peer, err: e.message }, 'connection thread not ended');
        });
    }
  }

  private async readAll(task: number, fd: number, conn: Connection): Promise<void> {
    const buf = Buffer.alloc(READ_SIZE);
    await this.node.syscall(task, SYS.setsockopt, [fd, SOL.SOCKET, SO.RCVLOWAT, cInt(READ_LOWAT), SIZEOF.int]);
    for (;;) {
      const n = Number(await this.node.syscall(task, SYS.read, [fd, buf, buf.length]));
      const now = this.node.now();
      if (n === 0) {
        conn.eof = now;
        break;
      }
      if (conn.first === null) conn.first = now;
      conn.last = now;
      conn.counter.add(now, n);
    }
    await this.node.syscall(task, SYS.close, [fd]);
  }
}
