// SPDX-License-Identifier: GPL-2.0-only
/**
 * Netlink messages (sim/node/netlink-message.ts): the layout of a request
 * and its aligned attributes, and parsing back.
 */
import { expect } from 'chai';
import { AF } from '../../../sim/kernel/linux-abi';
import { NetlinkRequest, NL, parseAttributes, parseMessages, RT } from '../../../sim/node/netlink-message';

describe('netlink-message', () => {
  it('lays out header, body and 4-byte aligned attributes', () => {
    const q = new NetlinkRequest(RT.RTM_NEWADDR, NL.NLM_F_CREATE, RT.IFADDRMSG_LEN);
    q.body.writeUInt8(AF.INET, 0);
    q.attr(RT.IFA_LOCAL, Uint8Array.from([10, 0, 0, 1])).attr(99, Uint8Array.from([1, 2, 3, 4, 5]));
    const m = q.encode(7, 4242, NL.NLM_F_ACK);
    // 16 header + 8 ifaddrmsg + (4+4) + (4+5 padded to 12) = 44.
    expect(m.length).to.equal(44);
    expect(m.readUInt32LE(0)).to.equal(44);
    expect(m.readUInt16LE(4)).to.equal(20);
    expect(m.readUInt16LE(6)).to.equal(0x1 | 0x4 | 0x400);
    expect(m.readUInt32LE(8)).to.equal(7);
    expect(m.readUInt32LE(12)).to.equal(4242);
    expect(m[16]).to.equal(2);
    // First rtattr at 24: len 8, type IFA_LOCAL (2), data 10.0.0.1.
    expect([...m.subarray(24, 32)]).to.deep.equal([8, 0, 2, 0, 10, 0, 0, 1]);
    // Second at 32: len 9 (unpadded), type 99, data, then 3 zero bytes.
    expect([...m.subarray(32)]).to.deep.equal([9, 0, 99, 0, 1, 2, 3, 4, 5, 0, 0, 0]);
  });

  it('splits messages and attributes back out', () => {
    const a = new NetlinkRequest(RT.RTM_NEWLINK, 0, RT.IFINFOMSG_LEN).attr(3, Buffer.from('eth0\0')).encode(1, 5);
    const b = new NetlinkRequest(NL.NLMSG_DONE, 0, 4).encode(1, 5);
    const msgs = parseMessages(Buffer.concat([a, b]));
    expect(msgs).to.not.equal(null);
    expect(msgs!.map((m) => m.type)).to.deep.equal([RT.RTM_NEWLINK, NL.NLMSG_DONE]);
    const attrs = parseAttributes(msgs![0]!.payload, RT.IFINFOMSG_LEN);
    expect(attrs).to.have.length(1);
    expect(attrs[0]!.type).to.equal(3);
    expect(attrs[0]!.data.toString()).to.equal('eth0\0');
  });

  it('rejects a message whose length runs past the buffer', () => {
    const m = new NetlinkRequest(RT.RTM_NEWLINK, 0, RT.IFINFOMSG_LEN).encode(1, 1);
    m.writeUInt32LE(m.length + 4, 0);
    expect(parseMessages(m)).to.equal(null);
  });
});
