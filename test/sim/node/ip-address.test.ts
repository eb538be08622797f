// SPDX-License-Identifier: GPL-2.0-only
/** Parsing and formatting IP addresses (sim/node/ip-address.ts): bytes in network order, prefixes, RFC 5952. */
import { expect } from 'chai';
import { formatIp, IpAddressError, parseCidr, parseIp } from '../../../sim/node/ip-address';

describe('ip-address', () => {
  it('parses IPv4 and IPv6 literals to network-order bytes', () => {
    expect(parseIp('10.0.0.2')).to.deep.equal({ family: 4, bytes: Uint8Array.from([10, 0, 0, 2]) });
    expect([...parseIp('2001:db8::1').bytes]).to.deep.equal([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    ]);
    expect([...parseIp('::').bytes]).to.deep.equal(new Array(16).fill(0));
    expect([...parseIp('::ffff:10.1.2.3').bytes.subarray(10)]).to.deep.equal([0xff, 0xff, 10, 1, 2, 3]);
    expect(parseIp('fe80::1').family).to.equal(6);
  });

  it('refuses malformed literals', () => {
    for (const bad of ['10.0.0', '10.0.0.256', '010.0.0.1', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', '', 'host']) {
      expect(() => parseIp(bad), bad).to.throw(IpAddressError);
    }
  });

  it('parses prefixes, defaulting to a host prefix', () => {
    expect(parseCidr('10.0.0.1/24').prefixLength).to.equal(24);
    expect(parseCidr('2001:db8::/32').prefixLength).to.equal(32);
    expect(parseCidr('10.0.0.1').prefixLength).to.equal(32);
    expect(parseCidr('::1').prefixLength).to.equal(128);
    expect(() => parseCidr('10.0.0.1/33')).to.throw(IpAddressError, /0\.\.32/);
    expect(() => parseCidr('10.0.0.1/')).to.throw(IpAddressError);
  });

  it('formats IPv6 the RFC 5952 way', () => {
    const f = (s: string): string => formatIp(parseIp(s).bytes);
    expect(f('2001:0DB8:0:0:0:0:0:1')).to.equal('2001:db8::1');
    // The longest zero run is compressed; a single zero group is not.
    expect(f('1:0:0:2:0:0:0:3')).to.equal('1:0:0:2::3');
    expect(f('1:0:2:3:4:5:6:7')).to.equal('1:0:2:3:4:5:6:7');
    // On a tie the first run wins.
    expect(f('1:0:0:2:3:0:0:4')).to.equal('1::2:3:0:0:4');
    expect(f('::')).to.equal('::');
    expect(f('fe80::')).to.equal('fe80::');
    expect(formatIp(Uint8Array.from([192, 168, 1, 254]))).to.equal('192.168.1.254');
  });
});
