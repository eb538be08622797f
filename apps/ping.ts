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
import { childLogger } from '../sim/core/logger';
import type { Logger } from '../sim/core/logger';
import { NS_PER_MS, NS_PER_S } from '../sim/core/time';
import { KernelError } from '../sim/kernel/errors';
import { SYS } from '../sim/kernel/syscall-numbers';
import { formatIp, IpAddressError, parseIp } from '../sim/node/ip-address';
import type { Node } from '../sim/node/node';
import { ERRNO } from '../sim/kernel/errno';
import { AF, IP_OPT, IPPROTO, IPV6_OPT, MSG, POLL, SOCK, SOL } from '../sim/kernel/linux-abi';
import { LibLinux } from '../sim/kernel/liblinux';
import { sockaddr } from '../sim/node/sockaddr';
import type { App } from './app';
import { AppConfigError } from './app-config-error';
import { PING_PARAMS } from './ping-params';
import type { PingAppSpec } from './ping-params';
import { seconds } from './time-series';
import type { RttSample } from './time-series';

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
export type PingOptions = Pick<PingAppSpec, 'to' | 'family' | 'count' | 'interval' | 'start' | 'size'> &
  { readonly ttl?: number | null };

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

/** The outcome of a ping, JSON-able (numbers, strings and nulls only). */
export interface PingResult {
  type: 'ping';
  /** The node that pinged. */
  node: string;
  /** The destination, as given. */
  to: string;
  family: 4 | 6;
  /** Echo requests the app tried to send. */
  transmitted: number;
  /** Requests answered (each counted once) within the waiting window. */
  received: number;
  /** Replies to a request already answered. */
  duplicates: number;
  /** Requests whose sendto() failed (counted in transmitted, as ping(8) does), e.g. EHOSTUNREACH. */
  sendErrors: number;
  /** The errno of each failed sendto(), in order, e.g. "ENETUNREACH". */
  sendErrorCodes: string[];
  /** ICMP errors received about the requests (time exceeded, unreachable, ...), in order. */
  icmpErrors: PingIcmpError[];
  /** 100 × (transmitted − received) / transmitted; 0 when nothing was sent. */
  lossPercent: number;
  /** RTT of request i (sequence number i + 1) in ms, null if unanswered; one entry per request sent. */
  rtts_ms: Array<number | null>;
  /** Over the answered requests; null when none was. */
  min_ms: number | null;
  avg_ms: number | null;
  max_ms: number | null;
  /** The answered requests' RTTs at their send times (the report's RTT series). */
  rtt: RttSample[];
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
export class PingApp implements App {
  private readonly log: Logger | undefined;
  private readonly family: 4 | 6;
  private readonly dest: Buffer;
  private readonly payload: Buffer;
  private readonly sentAt: bigint[] = [];
  private readonly rtts: Array<bigint | null> = [];
  private transmitted = 0;
  private received = 0;
  private duplicates = 0;
  private sendErrors = 0;
  private readonly sendErrorCodes: string[] = [];
  private readonly icmpErrors: PingIcmpError[] = [];
  private error: string | null = null;
  private started = false;
  private finished = false;
  private resolveDone: (r: PingResult) => void = () => undefined;
  private readonly donePromise: Promise<PingResult>;

  /**
   * @param node the node to ping from (booted and configured)
   * @param spec destination, family, count, interval, start, size
   * @param logger parent logger; the app logs as {component: 'app.ping', node}
   * @throws AppConfigError for settings it cannot run with
   */
  constructor(
    private readonly node: Node,
    private readonly spec: PingOptions,
    logger?: Logger,
  ) {
    this.log = logger === undefined ? undefined : childLogger(logger, { component: 'app.ping', node: node.name });
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
    this.donePromise = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /**
   * Schedules the run at `start` (or now, if the simulation is already
   * past it).  Call once, before or during the simulation.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    const at = this.spec.start > this.node.now() ? this.spec.start : this.node.now();
    void this.node.sleepUntil(at).then(
      () => this.run(),
      (e: Error) => this.finish(e),
    ).catch((e: Error) => this.finish(e));
  }

  /** Resolves with the result once the app has finished. */
  done(): Promise<PingResult> {
    return this.donePromise;
  }

  /** Whether the app has finished. */
  get isFinished(): boolean {
    return this.finished;
  }

  /** The result so far (final once the app has finished). */
  result(): PingResult {
    const rtts_ms = this.rtts.map((r) => (r === null ? null : toMs(r)));
    const answered = rtts_ms.filter((r): r is number => r !== null);
    const total = this.rtts.reduce<bigint>((s, r) => s + (r ?? 0n), 0n);
    return {
      type: 'ping',
      node: this.node.name,
      to: this.spec.to,
      family: this.family,
      transmitted: this.transmitted,
      received: this.received,
      duplicates: this.duplicates,
      sendErrors: this.sendErrors,
      sendErrorCodes: [...this.sendErrorCodes],
      icmpErrors: [...this.icmpErrors],
      lossPercent: this.transmitted === 0 ? 0 : (100 * (this.transmitted - this.received)) / this.transmitted,
      rtts_ms,
      min_ms: answered.length === 0 ? null : answered.reduce((a, b) => (b < a ? b : a)),
      // The mean from the exact ns sum, so it does not depend on float summation order.
      avg_ms: answered.length === 0 ? null : Number(total) / answered.length / 1e6,
      max_ms: answered.length === 0 ? null : answered.reduce((a, b) => (b > a ? b : a)),
      rtt: this.rtts.flatMap((r, i) => (r === null ? [] : [{ t_s: seconds(this.sentAt[i]!), rtt_ms: toMs(r) }])),
      error: this.error,
    };
  }

  private async run(): Promise<void> {
    let task = 0;
    let fd = -1;
    try {
      this.node.sysctl('net.ipv4.ping_group_range', PING_GROUP_RANGE);
      task = this.node.createTask();
      const af = this.family === 4 ? AF.INET : AF.INET6;
      const proto = this.family === 4 ? IPPROTO.ICMP : IPPROTO.ICMPV6;
      fd = Number(await this.node.syscall(task, SYS.socket, [af, SOCK.DGRAM, proto]));
      await this.setOptions(task, fd);
      // A thread of the same process: it blocks on the shared socket while
      // the sender's task stays free to send.
      const rxTask = this.node.createTask(task);
      await Promise.all([this.sendAll(task, fd), this.receiveAll(rxTask, fd)]);
    } catch (e) {
      this.error = (e as Error).message;
      this.log?.warn({ err: this.error }, 'ping stopped');
    }
    if (fd >= 0 && !this.node.isDead()) {
      try {
        await this.node.syscall(task, SYS.close, [fd]);
      } catch {
        // Nothing to report: the results are complete.
      }
    }
    // The process ends with its receiving thread, which may still wait.
    if (task !== 0) this.node.exitTask(task);
    this.finish(null);
  }

  private finish(e: Error | null): void {
    if (this.finished) return;
    if (e !== null) this.error = e.message;
    this.finished = true;
    const result = this.result();
    this.log?.info(result, 'ping finished');
    this.resolveDone(result);
  }

  /** The sender: request i at start + i × interval. */
  private async sendAll(task: number, fd: number): Promise<void> {
    const type = this.family === 4 ? ICMP_ECHO : ICMPV6_ECHO_REQUEST;
    for (let i = 0; i < this.spec.count; i++) {
      const at = this.spec.start + BigInt(i) * this.spec.interval;
      if (at > this.node.now()) await this.node.sleepUntil(at);
      const packet = Buffer.alloc(ICMP_HEADER_LEN + this.payload.length);
      packet.writeUInt8(type, 0);
      // code 0, checksum and identifier 0: the kernel fills both in.
      packet.writeUInt16BE((i + 1) & 0xffff, 6);
      this.payload.copy(packet, ICMP_HEADER_LEN);
      this.sentAt.push(this.node.now());
      this.rtts.push(null);
      this.transmitted++;
      try {
        await this.node.syscall(task, SYS.sendto, [fd, packet, packet.length, 0, this.dest, this.dest.length]);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        this.sendErrors++;
        this.sendErrorCodes.push(e.code);
        this.log?.debug({ seq: i + 1, err: e.message }, 'echo request not sent');
      }
    }
  }

  /** The receiver: waits in ppoll until the window closes, reading replies as they come. */
  private async receiveAll(task: number, fd: number): Promise<void> {
    const count = this.spec.count;
    const wait = 2n * this.spec.interval > NS_PER_S ? 2n * this.spec.interval : NS_PER_S;
    const end = count === 0 ? this.spec.start : this.spec.start + BigInt(count - 1) * this.spec.interval + wait;
    const pollfd = Buffer.alloc(8);
    const timeout = Buffer.alloc(16);
    const buf = Buffer.alloc(ICMP_HEADER_LEN + this.payload.length + 64);
    for (;;) {
      const now = this.node.now();
      if (now >= end || (this.received === count && this.transmitted === count)) return;
      pollfd.writeInt32LE(fd, 0);
      pollfd.writeInt16LE(POLL.IN, 4);
      pollfd.writeInt16LE(0, 6);
      const left = end - now;
      timeout.writeBigInt64LE(left / NS_PER_S, 0);
      timeout.writeBigInt64LE(left % NS_PER_S, 8);
      const ready = await this.node.syscall(task, SYS.ppoll, [pollfd, 1, timeout, null, 0]);
      if (ready === 0n) continue;
      if ((pollfd.readInt16LE(6) & POLL.ERR) !== 0) await this.readErrors(task, fd);
      for (;;) {
        let n: bigint;
        try {
          n = await this.node.syscall(task, SYS.recvfrom, [fd, buf, buf.length, MSG.DONTWAIT, null, null]);
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
          // EAGAIN: drained.  Another errno is a queued socket error (an
          // ICMP error about an earlier request): reading it cleared it;
          // ping(8) reports it and goes on, so do we.
          if (e.errno !== ERRNO.EAGAIN) this.log?.debug({ err: e.message }, 'socket error');
          break;
        }
        this.reply(buf.subarray(0, Number(n)), end);
      }
    }
  }

  /**
   * IP_RECVERR (IPV6_RECVERR): the kernel queues the ICMP errors about our
   * requests on the socket, with who sent them; ping(8) sets it too.  And
   * the TTL (hop limit) of the requests, if given.
   */
  private async setOptions(task: number, fd: number): Promise<void> {
    const one = Buffer.alloc(4);
    one.writeInt32LE(1, 0);
    const [level, recverr, hops] = this.family === 4
      ? [SOL.IP, IP_OPT.RECVERR, IP_OPT.TTL]
      : [SOL.IPV6, IPV6_OPT.RECVERR, IPV6_OPT.UNICAST_HOPS];
    await this.node.syscall(task, SYS.setsockopt, [fd, level, recverr, one, 4]);
    if (this.spec.ttl !== undefined && this.spec.ttl !== null) {
      const ttl = Buffer.alloc(4);
      ttl.writeInt32LE(this.spec.ttl, 0);
      await this.node.syscall(task, SYS.setsockopt, [fd, level, hops, ttl, 4]);
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
    const iov = Buffer.alloc(16);
    const msg = Buffer.alloc(56);
    for (;;) {
      iov.writeBigUInt64LE(LibLinux.addressOf(data), 0);
      iov.writeBigUInt64LE(BigInt(data.length), 8);
      msg.fill(0);
      msg.writeBigUInt64LE(LibLinux.addressOf(iov), 16);
      msg.writeBigUInt64LE(1n, 24);
      msg.writeBigUInt64LE(LibLinux.addressOf(control), 32);
      msg.writeBigUInt64LE(BigInt(control.length), 40);
      let n: bigint;
      try {
        n = await this.node.syscall(task, SYS.recvmsg, [fd, msg, MSG.ERRQUEUE | MSG.DONTWAIT], [data, control, iov]);
      } catch (e) {
        if (e instanceof KernelError) return;
        throw e;
      }
      const controlLen = Number(msg.readBigUInt64LE(40));
      const seq = n >= BigInt(ICMP_HEADER_LEN) ? data.readUInt16BE(6) : -1;
      // struct cmsghdr: len u64, level i32, type i32, then the data (8-aligned).
      for (let off = 0; off + 16 <= controlLen;) {
        const len = Number(control.readBigUInt64LE(off));
        if (len < 16) break;
        const level = control.readInt32LE(off + 8);
        const type = control.readInt32LE(off + 12);
        if ((level === SOL.IP && type === IP_OPT.RECVERR) || (level === SOL.IPV6 && type === IPV6_OPT.RECVERR)) {
          const ee = off + 16;
          this.icmpErrors.push({
            t_s: seconds(this.node.now()),
            seq,
            from: offender(control.subarray(ee + 16, off + len)),
            type: control.readUInt8(ee + 5),
            code: control.readUInt8(ee + 6),
            errno: errnoName(control.readUInt32LE(ee)),
          });
        }
        off += (len + 7) & ~7;
      }
    }
  }

  /** One datagram from the socket: an ICMP echo reply, header first. */
  private reply(msg: Buffer, end: bigint): void {
    const now = this.node.now();
    // The window is [start, end]; ppoll's timer may fire a little after end (timer slack).
    if (now > end || msg.length < ICMP_HEADER_LEN) return;
    const expected = this.family === 4 ? ICMP_ECHOREPLY : ICMPV6_ECHO_REPLY;
    if (msg.readUInt8(0) !== expected || msg.readUInt8(1) !== 0) return;
    const seq = msg.readUInt16BE(6);
    // The latest request with that sequence number (they repeat after 65536).
    let i = -1;
    for (let k = this.sentAt.length - 1; k >= 0; k--) {
      if (((k + 1) & 0xffff) === seq) {
        i = k;
        break;
      }
    }
    if (i < 0 || !msg.subarray(ICMP_HEADER_LEN).equals(this.payload)) {
      this.log?.debug({ seq }, 'reply matches no request');
      return;
    }
    if (this.rtts[i] !== null) {
      this.duplicates++;
      return;
    }
    this.rtts[i] = now - this.sentAt[i]!;
    this.received++;
  }
}

/** The address in a sockaddr_in or sockaddr_in6 (SO_EE_OFFENDER); "" when none. */
function offender(sa: Buffer): string {
  if (sa.length >= 8 && sa.readUInt16LE(0) === AF.INET)
    return [...sa.subarray(4, 8)].join('.');
  if (sa.length >= 24 && sa.readUInt16LE(0) === AF.INET6)
    return formatIp(sa.subarray(8, 24));
  return '';
}

function errnoName(errno: number): string {
  return Object.entries(ERRNO).find(([, v]) => v === errno)?.[0] ?? String(errno);
}

function toMs(ns: bigint): number {
  // Whole ms exactly, the rest as a fraction: exact for any realistic RTT.
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}
