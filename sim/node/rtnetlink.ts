// SPDX-License-Identifier: GPL-2.0-only
/**
 * Configuring a kernel the way ip(8) does: rtnetlink requests on a
 * NETLINK_ROUTE socket opened inside the instance, sent and received with
 * system calls on host buffers.  rtnetlink handles a request inside the
 * sendto() that carries it, so every reply is already queued when sendto
 * returns and is read with recvmsg(MSG_DONTWAIT): a missing reply is a
 * protocol error, not something to wait for.
 */
import { KernelError } from '../kernel/errors';
import type { LibLinux } from '../kernel/liblinux';
import { Msghdr, socklen } from '../kernel/linux-structs';
import { SYS } from '../kernel/syscall-numbers';
import { formatIp, IpAddressError, IpFamily, parseCidr, parseIp } from './ip-address';
import { AF, MSG, SOCK } from '../kernel/linux-abi';
import { NetlinkProtocolError } from './netlink-protocol-error';
import { NetlinkRequest, NL, NLMSG_HDRLEN, ParsedMessage, parseAttributes, parseMessages, RT } from './netlink-message';

/** sizeof(struct sockaddr_nl). */
const SOCKADDR_NL_LEN = 12;
/** Large enough for a whole dump batch (the kernel fills up to ~32 KiB per recv). */
const RECV_BUF = 65536;
/** Dump batches read before giving up: a dump must end. */
const MAX_BATCHES = 1024;

/** A route for addRoute(). */
export interface RouteSpec {
  /** Destination prefix ("10.1.0.0/16", "2001:db8::/32") or 'default'. */
  to: string;
  /** Gateway address; without it the route is on-link (scope link). */
  via?: string;
  /** Output device. */
  dev?: number;
  /** RTA_PRIORITY. */
  metric?: number;
  /** Routing table id; default main (254). */
  table?: number;
}

/** One address from dumpAddresses(). */
export interface AddressEntry {
  ifindex: number;
  family: IpFamily;
  /** The local address as text ("10.0.0.1", "2001:db8::1"). */
  address: string;
  prefixLength: number;
  /** IFA_FLAGS (else ifa_flags): IFA_F_* bits. */
  flags: number;
}

/**
 * An rtnetlink client bound inside one kernel instance on one task.  Every
 * request carries NLM_F_ACK; a negative NLMSG_ERROR code becomes a
 * KernelError naming the operation.
 */
export class Rtnetlink {
  private readonly fd: number;
  private readonly portId: number;
  private seq = 0;
  private closed = false;
  private readonly recvBuf = Buffer.alloc(RECV_BUF);

  /**
   * Opens and binds the socket in `task`.
   * @param kernel the instance
   * @param task a task of it (its file table holds the socket)
   * @param clock the time to enter the kernel at; default its own clock
   * @throws KernelError if the socket cannot be opened
   */
  constructor(
    private readonly kernel: LibLinux,
    private readonly task: number,
    private readonly clock: () => bigint = () => kernel.now(),
  ) {
    this.fd = Number(this.call('socket', SYS.socket, [AF.NETLINK, SOCK.RAW | SOCK.CLOEXEC, NL.NETLINK_ROUTE]));
    try {
      const sa = sockaddrNl(0);
      this.call('bind', SYS.bind, [this.fd, sa, SOCKADDR_NL_LEN]);
      this.call('getsockname', SYS.getsockname, [this.fd, sa, socklen(SOCKADDR_NL_LEN)]);
      // The kernel picks the port id at bind; replies carry it.
      this.portId = sa.readUInt32LE(4);
    } catch (e) {
      this.call('close', SYS.close, [this.fd]);
      throw e;
    }
  }

  /**
   * Sets or clears IFF_UP on a device (ip link set dev X up|down).
   * @throws KernelError (ENODEV ...)
   */
  linkSetUp(ifindex: number, up: boolean): void {
    const q = new NetlinkRequest(RT.RTM_NEWLINK, 0, RT.IFINFOMSG_LEN);
    q.body.writeUInt8(AF.UNSPEC, 0);
    q.body.writeInt32LE(ifindex, 4);
    q.body.writeUInt32LE(up ? RT.IFF_UP : 0, 8);
    q.body.writeUInt32LE(RT.IFF_UP, 12);
    this.requestAck(q, `linkSetUp(${ifindex}, ${up})`);
  }

  /**
   * Adds an address ("10.0.0.1/24", "2001:db8::1/64") to a device.  IPv6
   * addresses skip duplicate address detection (IFA_F_NODAD) so they are
   * usable at once, as simulations expect.
   * @throws KernelError (EEXIST, ENODEV ...), IpAddressError
   */
  addAddress(ifindex: number, cidr: string): void {
    const p = parseCidr(cidr);
    const flags = p.family === 6 ? RT.IFA_F_NODAD : 0;
    const q = new NetlinkRequest(RT.RTM_NEWADDR, NL.NLM_F_CREATE | NL.NLM_F_EXCL, RT.IFADDRMSG_LEN);
    q.body.writeUInt8(p.family === 4 ? AF.INET : AF.INET6, 0);
    q.body.writeUInt8(p.prefixLength, 1);
    q.body.writeUInt8(flags, 2);
    q.body.writeUInt8(RT.RT_SCOPE_UNIVERSE, 3);
    q.body.writeUInt32LE(ifindex, 4);
    // IFA_LOCAL is our address; IFA_ADDRESS the peer's, which is ours too
    // on a broadcast link.
    q.attr(RT.IFA_LOCAL, p.bytes).attr(RT.IFA_ADDRESS, p.bytes).attrU32(RT.IFA_FLAGS, flags);
    this.requestAck(q, `addAddress(${ifindex}, ${cidr})`);
  }

  /**
   * Adds a unicast route (ip route add).  'default' takes its family from
   * `via`, IPv4 without one (as ip(8) does); write "::/0" for an on-link
   * IPv6 default route.
   * @throws KernelError (ENETUNREACH, EEXIST ...), IpAddressError (bad
   *   literal, or gateway and destination of different families)
   */
  addRoute(route: RouteSpec): void {
    const gw = route.via !== undefined ? parseIp(route.via) : null;
    const dst = route.to === 'default' ? null : parseCidr(route.to);
    const family = dst?.family ?? gw?.family ?? 4;
    if (gw && gw.family !== family) {
      throw new IpAddressError(`addRoute: gateway ${route.via} is not of the family of ${route.to}`);
    }
    const table = route.table ?? RT.RT_TABLE_MAIN;
    const q = new NetlinkRequest(RT.RTM_NEWROUTE, NL.NLM_F_CREATE | NL.NLM_F_EXCL, RT.RTMSG_LEN);
    q.body.writeUInt8(family === 4 ? AF.INET : AF.INET6, 0);
    q.body.writeUInt8(dst?.prefixLength ?? 0, 1);
    // Tables above 255 do not fit rtm_table: RTA_TABLE carries them.
    q.body.writeUInt8(table < 256 ? table : RT.RT_TABLE_UNSPEC, 4);
    q.body.writeUInt8(RT.RTPROT_STATIC, 5);
    q.body.writeUInt8(gw ? RT.RT_SCOPE_UNIVERSE : RT.RT_SCOPE_LINK, 6);
    q.body.writeUInt8(RT.RTN_UNICAST, 7);
    if (dst && dst.prefixLength > 0) q.attr(RT.RTA_DST, dst.bytes);
    if (gw) q.attr(RT.RTA_GATEWAY, gw.bytes);
    if (route.dev !== undefined) q.attrU32(RT.RTA_OIF, route.dev);
    if (route.metric !== undefined) q.attrU32(RT.RTA_PRIORITY, route.metric);
    q.attrU32(RT.RTA_TABLE, table);
    const desc = [route.to, gw ? `via ${route.via}` : '', route.dev !== undefined ? `dev ${route.dev}` : '']
      .filter((s) => s)
      .join(' ');
    this.requestAck(q, `addRoute(${desc})`);
  }

  /**
   * Dumps the addresses of every device (ip addr show), in the kernel's
   * order; `family` 4 or 6 restricts the dump.
   * @throws KernelError, NetlinkProtocolError
   */
  dumpAddresses(family?: IpFamily): AddressEntry[] {
    const q = new NetlinkRequest(RT.RTM_GETADDR, NL.NLM_F_DUMP, RT.IFADDRMSG_LEN);
    q.body.writeUInt8(family === 4 ? AF.INET : family === 6 ? AF.INET6 : AF.UNSPEC, 0);
    const out: AddressEntry[] = [];
    for (const m of this.dump(q, 'dumpAddresses')) {
      if (m.type !== RT.RTM_NEWADDR || m.payload.length < RT.IFADDRMSG_LEN) {
        throw new NetlinkProtocolError(`dumpAddresses: unexpected message type ${m.type}`);
      }
      const fam = m.payload.readUInt8(0);
      if (fam !== AF.INET && fam !== AF.INET6) continue;
      let flags = m.payload.readUInt8(2);
      let local: Buffer | null = null;
      let peer: Buffer | null = null;
      for (const a of parseAttributes(m.payload, RT.IFADDRMSG_LEN)) {
        if (a.type === RT.IFA_LOCAL) local = a.data;
        else if (a.type === RT.IFA_ADDRESS) peer = a.data;
        else if (a.type === RT.IFA_FLAGS && a.data.length === 4) flags = a.data.readUInt32LE(0);
      }
      // IPv4 reports our own address as IFA_LOCAL (IFA_ADDRESS is the
      // peer); IPv6 sends only IFA_ADDRESS.
      const addr = local ?? peer;
      if (!addr) continue;
      out.push({
        ifindex: m.payload.readUInt32LE(4),
        family: fam === AF.INET ? 4 : 6,
        address: formatIp(addr),
        prefixLength: m.payload.readUInt8(1),
        flags,
      });
    }
    return out;
  }

  /** Closes the socket.  Later requests throw NetlinkProtocolError. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.call('close', SYS.close, [this.fd]);
  }

  /**
   * A system call that must complete at once (netlink never blocks us
   * here); `pins` are the buffers pointers inside `args` refer to.
   */
  private call(name: string, nr: number, args: Array<number | Buffer>, pins: readonly Buffer[] = []): bigint {
    const r = this.kernel.syscall(this.task, nr, args, this.clock(), pins);
    if (r.state !== 'done') throw new NetlinkProtocolError(`rtnetlink ${name} blocked`);
    return r.result;
  }

  private send(q: NetlinkRequest, extraFlags = 0): number {
    if (this.closed) throw new NetlinkProtocolError('rtnetlink socket closed');
    this.seq = (this.seq + 1) >>> 0;
    const msg = q.encode(this.seq, this.portId, extraFlags);
    const n = this.call('sendto', SYS.sendto, [this.fd, msg, msg.length, 0, sockaddrNl(0), SOCKADDR_NL_LEN]);
    if (Number(n) !== msg.length) throw new NetlinkProtocolError(`rtnetlink sendto sent ${n} of ${msg.length} bytes`);
    return this.seq;
  }

  /** One batch of replies, split into messages, each checked to answer request `seq`. */
  private receive(seq: number, op: string): ParsedMessage[] {
    const from = Buffer.alloc(SOCKADDR_NL_LEN, 0xff);
    const msg = new Msghdr({ name: from, data: this.recvBuf });
    let n: number;
    try {
      n = Number(this.call('recvmsg', SYS.recvmsg, [this.fd, msg.buffer, MSG.DONTWAIT], msg.pins));
    } catch (e) {
      if (e instanceof KernelError && e.code === 'EAGAIN') throw new NetlinkProtocolError(`rtnetlink ${op}: no reply`);
      throw e;
    }
    if (msg.flags & MSG.TRUNC) throw new NetlinkProtocolError(`rtnetlink ${op}: reply truncated`);
    // Only the kernel (port 0) may talk to us.
    if (from.readUInt16LE(0) !== AF.NETLINK || from.readUInt32LE(4) !== 0) {
      throw new NetlinkProtocolError(`rtnetlink ${op}: reply not from the kernel`);
    }
    // A copy: the messages' payloads must survive the next recvmsg into recvBuf.
    const msgs = parseMessages(Buffer.from(this.recvBuf.subarray(0, n)));
    if (!msgs) throw new NetlinkProtocolError(`rtnetlink ${op}: malformed reply`);
    for (const m of msgs) {
      if (m.seq !== seq || m.pid !== this.portId) {
        throw new NetlinkProtocolError(`rtnetlink ${op}: reply to another request (seq ${m.seq}, port ${m.pid})`);
      }
    }
    return msgs;
  }

  /** The error code of an NLMSG_ERROR message (0 is an acknowledgement). */
  private errorCode(m: ParsedMessage, op: string): number {
    if (m.payload.length < 4 + NLMSG_HDRLEN) throw new NetlinkProtocolError(`rtnetlink ${op}: short NLMSG_ERROR`);
    return m.payload.readInt32LE(0);
  }

  /** Sends with NLM_F_ACK; throws KernelError on a negative acknowledgement. */
  private requestAck(q: NetlinkRequest, op: string): void {
    const seq = this.send(q, NL.NLM_F_ACK);
    const msgs = this.receive(seq, op);
    const m = msgs[0];
    if (msgs.length !== 1 || !m || m.type !== NL.NLMSG_ERROR) {
      throw new NetlinkProtocolError(`rtnetlink ${op}: expected one acknowledgement, got ${msgs.length} messages`);
    }
    const code = this.errorCode(m, op);
    if (code < 0) throw new KernelError(code, `rtnetlink ${op}`);
  }

  /** Sends a dump request and collects every answer until NLMSG_DONE. */
  private dump(q: NetlinkRequest, op: string): ParsedMessage[] {
    const seq = this.send(q);
    const out: ParsedMessage[] = [];
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      for (const m of this.receive(seq, op)) {
        if (m.type === NL.NLMSG_DONE) return out;
        if (m.type === NL.NLMSG_ERROR) {
          const code = this.errorCode(m, op);
          if (code < 0) throw new KernelError(code, `rtnetlink ${op}`);
          throw new NetlinkProtocolError(`rtnetlink ${op}: acknowledgement inside a dump`);
        }
        out.push(m);
      }
    }
    throw new NetlinkProtocolError(`rtnetlink ${op}: dump did not end after ${MAX_BATCHES} batches`);
  }
}

/** struct sockaddr_nl { u16 family; u16 pad; u32 pid; u32 groups; } for port `pid`. */
function sockaddrNl(pid: number): Buffer {
  const sa = Buffer.alloc(SOCKADDR_NL_LEN);
  sa.writeUInt16LE(AF.NETLINK, 0);
  sa.writeUInt32LE(pid, 4);
  return sa;
}
