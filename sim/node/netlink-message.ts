// SPDX-License-Identifier: GPL-2.0-only
/**
 * Netlink message layout (the kernel's ABI, <linux/netlink.h> and
 * <linux/rtnetlink.h>): building one request and splitting a reply buffer
 * into messages and attributes.  Everything is little-endian host order,
 * as on the x86-64 hosts liblinux runs on, and 4-byte aligned
 * (NLMSG_ALIGNTO = RTA_ALIGNTO = 4).
 */

/** sizeof(struct nlmsghdr). */
export const NLMSG_HDRLEN = 16;

/** Netlink constants used by the rtnetlink client. */
export const NL = {
  NETLINK_ROUTE: 0,
  NLM_F_REQUEST: 0x1,
  NLM_F_MULTI: 0x2,
  NLM_F_ACK: 0x4,
  NLM_F_DUMP: 0x300,
  NLM_F_EXCL: 0x200,
  NLM_F_CREATE: 0x400,
  NLMSG_NOOP: 1,
  NLMSG_ERROR: 2,
  NLMSG_DONE: 3,
} as const;

/** rtnetlink message types, attributes and values. */
export const RT = {
  RTM_NEWLINK: 16,
  RTM_GETLINK: 18,
  RTM_NEWADDR: 20,
  RTM_DELADDR: 21,
  RTM_GETADDR: 22,
  RTM_NEWROUTE: 24,
  RTM_GETROUTE: 26,
  IFF_UP: 0x1,
  /** sizeof(struct ifinfomsg), sizeof(struct ifaddrmsg), sizeof(struct rtmsg). */
  IFINFOMSG_LEN: 16,
  IFADDRMSG_LEN: 8,
  RTMSG_LEN: 12,
  IFA_ADDRESS: 1,
  IFA_LOCAL: 2,
  IFA_FLAGS: 8,
  IFA_F_NODAD: 0x02,
  RTA_DST: 1,
  RTA_OIF: 4,
  RTA_GATEWAY: 5,
  RTA_PRIORITY: 6,
  RTA_TABLE: 15,
  RT_TABLE_UNSPEC: 0,
  RT_TABLE_MAIN: 254,
  RTPROT_STATIC: 4,
  RT_SCOPE_UNIVERSE: 0,
  RT_SCOPE_LINK: 253,
  RTN_UNICAST: 1,
} as const;

/** Rounds up to the netlink alignment of 4 bytes. */
export function nlAlign(n: number): number {
  return (n + 3) & ~3;
}

/** One message split out of a reply. */
export interface ParsedMessage {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  /** The bytes after the header (the fixed struct, then attributes). */
  payload: Buffer;
}

/** One attribute: its type (nesting flags cleared) and its data. */
export interface ParsedAttribute {
  type: number;
  data: Buffer;
}

/**
 * A netlink request under construction: nlmsghdr, a fixed-size struct,
 * then rtattrs, each padded to 4 bytes.  seq and pid are set at send time.
 */
export class NetlinkRequest {
  private readonly parts: Buffer[] = [];
  private length: number;
  /** The fixed struct after the header (ifinfomsg, ifaddrmsg, rtmsg), zeroed; fill it in. */
  readonly body: Buffer;

  /**
   * @param type RTM_* message type
   * @param flags NLM_F_* besides NLM_F_REQUEST, which is always set
   * @param bodyLength size of the fixed struct
   */
  constructor(
    readonly type: number,
    readonly flags: number,
    bodyLength: number,
  ) {
    this.body = Buffer.alloc(nlAlign(bodyLength));
    this.length = NLMSG_HDRLEN + this.body.length;
  }

  /** Appends an attribute (rtattr: u16 len, u16 type, data, zero padding). */
  attr(type: number, data: Uint8Array): this {
    const a = Buffer.alloc(nlAlign(4 + data.length));
    a.writeUInt16LE(4 + data.length, 0);
    a.writeUInt16LE(type, 2);
    a.set(data, 4);
    this.parts.push(a);
    this.length += a.length;
    return this;
  }

  /** Appends a u32 attribute. */
  attrU32(type: number, value: number): this {
    const d = Buffer.alloc(4);
    d.writeUInt32LE(value >>> 0, 0);
    return this.attr(type, d);
  }

  /**
   * The whole message with header, for sequence number `seq` from port
   * `pid`; `extraFlags` (e.g. NLM_F_ACK) are added to the request's own.
   */
  encode(seq: number, pid: number, extraFlags = 0): Buffer {
    const h = Buffer.alloc(NLMSG_HDRLEN);
    h.writeUInt32LE(this.length, 0);
    h.writeUInt16LE(this.type, 4);
    h.writeUInt16LE(NL.NLM_F_REQUEST | this.flags | extraFlags, 6);
    h.writeUInt32LE(seq >>> 0, 8);
    h.writeUInt32LE(pid >>> 0, 12);
    return Buffer.concat([h, this.body, ...this.parts], this.length);
  }
}

/**
 * Splits a reply buffer into messages.  Returns null if the buffer is not a
 * well-formed sequence (a length below the header or past the end).
 */
export function parseMessages(buf: Buffer): ParsedMessage[] | null {
  const out: ParsedMessage[] = [];
  let off = 0;
  while (off + NLMSG_HDRLEN <= buf.length) {
    const len = buf.readUInt32LE(off);
    if (len < NLMSG_HDRLEN || off + len > buf.length) return null;
    out.push({
      type: buf.readUInt16LE(off + 4),
      flags: buf.readUInt16LE(off + 6),
      seq: buf.readUInt32LE(off + 8),
      pid: buf.readUInt32LE(off + 12),
      payload: buf.subarray(off + NLMSG_HDRLEN, off + len),
    });
    off += nlAlign(len);
  }
  return off >= buf.length ? out : null;
}

/**
 * Splits attributes starting at `offset` of `payload` (after the fixed
 * struct).  Stops at the first malformed one, as the kernel's RTA_OK does.
 */
export function parseAttributes(payload: Buffer, offset: number): ParsedAttribute[] {
  const out: ParsedAttribute[] = [];
  let off = nlAlign(offset);
  while (off + 4 <= payload.length) {
    const len = payload.readUInt16LE(off);
    if (len < 4 || off + len > payload.length) break;
    // NLA_F_NESTED and NLA_F_NET_BYTEORDER live in the top two bits.
    out.push({ type: payload.readUInt16LE(off + 2) & 0x3fff, data: payload.subarray(off + 4, off + len) });
    off += nlAlign(len);
  }
  return out;
}
