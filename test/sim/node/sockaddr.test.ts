// SPDX-License-Identifier: GPL-2.0-only
/** sockaddr_in and sockaddr_in6 as the kernel takes them (sim/node/sockaddr.ts). */
import { expect } from 'chai';
import { parseSockaddr, sockaddr, sockaddrBuffer } from '../../../sim/node/sockaddr';

describe('sockaddr', () => {
  it('lays out sockaddr_in: family 2 (LE), port (BE), address', () => {
    const sa = sockaddr('10.0.0.2', 7);
    expect(sa.length).to.equal(16);
    expect([...sa.subarray(0, 8)]).to.deep.equal([2, 0, 0, 7, 10, 0, 0, 2]);
  });

  it('lays out sockaddr_in6: family 10, port, flowinfo 0, address at offset 8', () => {
    const sa = sockaddr('fd00::1', 443);
    expect(sa.length).to.equal(28);
    expect([...sa.subarray(0, 4)]).to.deep.equal([10, 0, 0x01, 0xbb]);
    expect(sa[8]).to.equal(0xfd);
    expect(sa[23]).to.equal(1);
  });

  it('reads back what it wrote, and refuses other families', () => {
    expect(parseSockaddr(sockaddr('192.168.1.20', 5000))).to.deep.equal({
      family: 4,
      address: '192.168.1.20',
      port: 5000,
    });
    expect(parseSockaddr(sockaddr('2001:db8::5', 53))).to.deep.equal({ family: 6, address: '2001:db8::5', port: 53 });
    const other = sockaddrBuffer(4);
    other.writeUInt16LE(16, 0); // AF_NETLINK
    expect(parseSockaddr(other)).to.equal(null);
  });

  it('sizes receive buffers by family', () => {
    expect(sockaddrBuffer(4).length).to.equal(16);
    expect(sockaddrBuffer(6).length).to.equal(28);
  });
});
