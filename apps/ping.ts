// SPDX-License-Identifier: GPL-2.0-only
/**
 * ping(8) on a node's kernel: ICMP echo over an unprivileged ICMP socket
 * (socket(AF.INET, SOCK.DGRAM, IPPROTO.ICMP), or AF.INET6/IPPROTO.ICMPV6),
 * the socket the kernel offers to processes whose group is in
 * net.ipv4.ping_group_range (which also governs ICMPv6).
 *
 * With such a socket the app writes the ICMP header and payload only: the
 * kernel replaces the identifier with the socket's "port" (so replies of
 * other pings never reach us), computes the checksum, adds the IP header,
 * and delivers to us only echo replies carrying our identifier.
 *
 * Two tasks of one process share the socket: the sender sleeps until each
 * request's time and sends it; the receiver blocks in ppoll() with a
 * timeout at the end of the waiting window and drains replies with
 * recvfrom(MSG.DONTWAIT).  An RTT is the simulated time between the
 * sendto() of a request and the wake-up that read its reply -- both happen
 * inside kernel entries at exact simulated times (see sim/node/node.ts), so
 * the RTT is the network's, with no host-side noise.
 */
import type { Logger } from '../sim/core/logger';
import { KernelError } from '../sim/kernel/errors';
import { SYS } from '../sim/kernel/syscall-numbers';
import { formatIp, IpAddressError, parseIp } from '../sim/node/ip-address';
import type { Node } from '../sim/node/node';
import { ERRNO } from '../sim/kernel/errno';
import { AF, IP_OPT, IPPROTO, IPV6_OPT, MSG, SOCK, SOL } from '../sim/kernel/linux-abi';
import { cInt, controlMessages, Msghdr, SIZEOF } from '../sim/kernel/linux-structs';
import { sockaddr } from '../sim/node/sockaddr';
import { AppBase } from './app-base';
import { AppConfigError } from './app-config-error';
import { EchoRequests } from './echo-requests';
import type { EchoStats } from './echo-requests';
import { PING_PARAMS } from './ping-params';
import type { PingAppSpec } from './ping-params';
import { seconds } from './time-series';
import { withSocket } from './with-socket';

const ICMP_ECHO = 8;
const ICMP_ECHOREPLY = 0;
const ICMPV6_ECHO_REQUEST = 128;
const ICMPV6_ECHO_REPLY = 129;
const ICMP_HEADER_LEN = 8;
/** Every group may open ping sockets (the kernel's default "1 0" allows none). */
const PING_GROUP_RANGE = '0 2147483647';
/** Largest ICMP payload that fits an IPv4 datagram. */
const MAX_SIZE = PING_PARAMS.size.max;

/** What a ping needs: a PingAppSpec without its type and node. */
export type PingOptions = Pick<PingAppSpec, 'to' | 'family' | 'count' | 'interval' | 'start' | 'size'> & {
  readonly ttl?: number | null;
};

/**
 * An ICMP error the kernel queued on the socket about one of our requests
 * (IP_RECVERR / IPV6_RECVERR, read with recvmsg(MSG_ERRQUEUE)).
 */
export interface PingIcmpError {
  /** When it was read, s. */
  t_s: number;
  /** Sequence number of the request it is about. */
  seq: number;
  /** Who sent the error (SO_EE_OFFENDER): a router, or the destination. */
  from: string;
  /** ICMP type and code (ICMPv6's for IPv6): 11/0 time exceeded in transit, 3/0 net unreachable, ... */
  type: number;
  code: number;
  /** The errno the kernel maps it to, e.g. EHOSTUNREACH. */
  errno: string;
}

/**
 * The outcome of a ping, JSON-able (numbers, strings and nulls only): the
 * statistics of its requests (request i has sequence number i + 1) and
 * the ICMP errors about them.
 */
export interface PingResult extends EchoStats {
  type: 'ping';
  /** The node that pinged. */
  node: string;
  /** The destination, as given. */
  to: string;
  family: 4 | 6;
  /** ICMP errors received about the requests (time exceeded, unreachable, ...), in order. */
  icmpErrors: PingIcmpError[];
  /** Why the app stopped early (e.g. the node's kernel died), else null. */
  error: string | null;
}

/**
 * One ping run: `count` ICMP echo requests of `size` payload bytes,
 * `interval` apart from `start` (simulated ns), then a wait of
 * max(2 × interval, 1 s) after the last one for late replies (cut short
 * once every request is answered).
 *
 * Requests carry sequence numbers 1, 2, ... (mod 2^16, as ping(8)) and a
 * payload whose byte j is j mod 256; a reply counts when its sequence
 * number matches a request and its payload is the request's.
 */
export class PingApp extends AppBase<PingResult> {
  private readonly family: 4 | 6;
  private readonly dest: Buffer;
  private readonly payload: Buffer;
  private readonly requests: EchoRequests;
  private readonly icmpErrors: PingIcmpError[] = [];
  private resolveDone: (r: PingResult) => void = () => undefined;
  private readonly donePromise: Promise<PingResult>;

  /**
   * @param node the node to ping from (booted and configured)
   * @param spec destination, family, count, interval, start, size
   * @param logger parent logger; the app logs as {component: 'app.ping', node}
   * @throws AppConfigError for settings it cannot run with
   */
  constructor(
    node: Node,
    private readonly spec: PingOptions,
    logger?: Logger,
  ) {
    super(node, 'ping', 'client', spec.start, logger);
    const where = `ping from ${node.name} to ${spec.to}`;
    let family: 4 | 6;
    try {
      family = parseIp(spec.to).family;
    } catch (e) {
      if (e instanceof IpAddressError) throw new AppConfigError(`${where}: ${e.message}`);
      throw e;
    }
    if (family !== spec.family) throw new AppConfigError(`${where}: address is IPv${family}, family is ${spec.family}`);
    if (!Number.isSafeInteger(spec.count) || spec.count < 0) throw new AppConfigError(`${where}: count ${spec.count}`);
    if (!Number.isSafeInteger(spec.size) || spec.size < 0 || spec.size > MAX_SIZE) {
      throw new AppConfigError(`${where}: size ${spec.size} (0..${MAX_SIZE})`);
    }
    if (spec.interval <= 0n) throw new AppConfigError(`${where}: interval ${spec.interval} ns`);
    if (spec.start < 0n) throw new AppConfigError(`${where}: start ${spec.start} ns`);
    this.family = family;
    this.dest = sockaddr(spec.to, 0);
    this.payload = Buffer.alloc(spec.size);
    for (let j = 0; j < spec.size; j++) this.payload[j] = j & 0xff;
    this.requests = new EchoRequests(spec.start, spec.count, spec.interval);
    this.donePromise = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** Resolves with the result once the app has finished. */
  done(): Promise<PingResult> {
    return this.donePromise;
  }

  /** The result so far (final once the app has finished). */
  result(): PingResult {
    const s = this.requests.stats();
    return {
      type: 'ping',
      node: this.node.name,
      to: this.spec.to,
      family: this.family,
      transmitted: s.transmitted,
      received: s.received,
      duplicates: s.duplicates,
      sendErrors: s.sendErrors,
      sendErrorCodes: s.sendErrorCodes,
      icmpErrors: [...this.icmpErrors],
      lossPercent: s.lossPercent,
      rtts_ms: s.rtts_ms,
      min_ms: s.min_ms,
      avg_ms: s.avg_ms,
      max_ms: s.max_ms,
      rtt: s.rtt,
      error: this.error,
    };
  }

  /**
   * One process: the sender's task and a thread of it, the receiver, which
   * blocks on the shared socket while the sender's task stays free to send.
   */
  protected async run(): Promise<void> {
    this.node.sysctl('net.ipv4.ping_group_range', PING_GROUP_RANGE);
    const proto = this.family === 4 ? IPPROTO.ICMP : IPPROTO.ICMPV6;
    this.stop(
      await withSocket(
        this.node,
        this.family,
        SOCK.DGRAM,
        async (task, fd) => {
          await this.setOptions(task, fd);
          const rxTask = this.node.createTask(task);
          await Promise.all([
            this.requests.sendAll(
              this.node,
              (i) => this.sendRequest(task, fd, i),
              (e, i) => {
                this.log?.debug({ seq: i + 1, err: e.message }, 'echo request not sent');
              },
            ),
            this.requests.receiveAll(this.node, rxTask, fd, {
              buffer: Buffer.alloc(ICMP_HEADER_LEN + this.payload.length + 64),
              drain: true,
              reply: (data) => this.reply(data),
              errorQueue: () => this.readErrors(rxTask, fd),
              log: this.log,
            }),
          ]);
        },
        proto,
      ),
    );
  }

  /** Logs the result and resolves done() once the app has finished. */
  protected override stop(e: Error | null): void {
    if (this.isFinished) return;
    super.stop(e);
    const result = this.result();
    this.log?.info(result, 'ping finished');
    this.resolveDone(result);
  }

  /** Sends request i: sequence number i + 1, the payload after the ICMP header. */
  private sendRequest(task: number, fd: number, i: number): Promise<bigint> {
    const type = this.family === 4 ? ICMP_ECHO : ICMPV6_ECHO_REQUEST;
    const packet = Buffer.alloc(ICMP_HEADER_LEN + this.payload.length);
    packet.writeUInt8(type, 0);
    // code 0, checksum and identifier 0: the kernel fills both in.
    packet.writeUInt16BE((i + 1) & 0xffff, 6);
    this.payload.copy(packet, ICMP_HEADER_LEN);
    return this.node.syscall(task, SYS.sendto, [fd, packet, packet.length, 0, this.dest, this.dest.length]);
  }

  /**
   * IP_RECVERR (IPV6_RECVERR): the kernel queues the ICMP errors about our
   * requests on the socket, with who sent them; ping(8) sets it too.  And
   * the TTL (hop limit) of the requests, if given.
   */
  private async setOptions(task: number, fd: number): Promise<void> {
    const [level, recverr, hops] =
      this.family === 4 ? [SOL.IP, IP_OPT.RECVERR, IP_OPT.TTL] : [SOL.IPV6, IPV6_OPT.RECVERR, IPV6_OPT.UNICAST_HOPS];
    await this.node.syscall(task, SYS.setsockopt, [fd, level, recverr, cInt(1), SIZEOF.int]);
    if (this.spec.ttl !== undefined && this.spec.ttl !== null) {
      await this.node.syscall(task, SYS.setsockopt, [fd, level, hops, cInt(this.spec.ttl), SIZEOF.int]);
    }
  }

  /**
   * Drains the error queue: each entry is the offending request (ICMP
   * header first) with a control message holding struct sock_extended_err
   * (errno u32, origin u8, type u8, code u8, pad u8, info u32, data u32)
   * followed by the offender's sockaddr (SO_EE_OFFENDER).
   */
  private async readErrors(task: number, fd: number): Promise<void> {
    const data = Buffer.alloc(ICMP_HEADER_LEN + this.payload.length + 64);
    const control = Buffer.alloc(256);
    for (;;) {
      const msg = new Msghdr({ data, control });
      let n: bigint;
      try {
        n = await this.node.syscall(task, SYS.recvmsg, [fd, msg.buffer, MSG.ERRQUEUE | MSG.DONTWAIT], msg.pins);
      } catch (e) {
        if (e instanceof KernelError) return;
        throw e;
      }
      const seq = n >= BigInt(ICMP_HEADER_LEN) ? data.readUInt16BE(6) : -1;
      for (const c of controlMessages(control, msg.controlLen)) {
        if (
          (c.level === SOL.IP && c.type === IP_OPT.RECVERR) ||
          (c.level === SOL.IPV6 && c.type === IPV6_OPT.RECVERR)
        ) {
          this.icmpErrors.push({
            t_s: seconds(this.node.now()),
            seq,
            from: offender(c.data.subarray(16)),
            type: c.data.readUInt8(5),
            code: c.data.readUInt8(6),
            errno: errnoName(c.data.readUInt32LE(0)),
          });
        }
      }
    }
  }

  /** One datagram from the socket: an ICMP echo reply, header first. */
  private reply(msg: Buffer): void {
    const now = this.node.now();
    // The window is [start, end]; ppoll's timer may fire a little after end (timer slack).
    if (now > this.requests.end || msg.length < ICMP_HEADER_LEN) return;
    const expected = this.family === 4 ? ICMP_ECHOREPLY : ICMPV6_ECHO_REPLY;
    if (msg.readUInt8(0) !== expected || msg.readUInt8(1) !== 0) return;
    const seq = msg.readUInt16BE(6);
    // The latest request with that sequence number (they repeat after 65536).
    let i = -1;
    for (let k = this.requests.sent - 1; k >= 0; k--) {
      if (((k + 1) & 0xffff) === seq) {
        i = k;
        break;
      }
    }
    if (i < 0 || !msg.subarray(ICMP_HEADER_LEN).equals(this.payload)) {
      this.log?.debug({ seq }, 'reply matches no request');
      return;
    }
    this.requests.answer(i, now);
  }
}

/** The address in a sockaddr_in or sockaddr_in6 (SO_EE_OFFENDER); "" when none. */
function offender(sa: Buffer): string {
  if (sa.length >= 8 && sa.readUInt16LE(0) === AF.INET) return [...sa.subarray(4, 8)].join('.');
  if (sa.length >= 24 && sa.readUInt16LE(0) === AF.INET6) return formatIp(sa.subarray(8, 24));
  return '';
}

function errnoName(errno: number): string {
  return Object.entries(ERRNO).find(([, v]) => v === errno)?.[0] ?? String(errno);
}
