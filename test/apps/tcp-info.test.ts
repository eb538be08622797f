// SPDX-License-Identifier: GPL-2.0-only
/**
 * The offsets of apps/tcp-info.ts against the kernel's own header: the
 * struct is read from include/uapi/linux/tcp.h of the unpacked source and
 * laid out with C's natural alignment (bitfields share their __u8).
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTcpInfo, TCP_INFO_OFFSETS, TCP_INFO_SIZE } from '../../apps/tcp-info';

const SIZES: Record<string, number> = { __u8: 1, __u16: 2, __u32: 4, __u64: 8 };

/** Where the kernel source is unpacked (kernel/build.sh's cache), or null. */
function kernelSource(): string | null {
  for (const cache of [
    process.env['LIBSIM_CACHE'],
    '/var/cache/libsim',
    join(process.env['HOME'] ?? '/', '.cache/libsim'),
  ]) {
    if (cache === undefined || !existsSync(cache)) continue;
    const dir = readdirSync(cache)
      .filter((d) => d.startsWith('linux-source-6.1'))
      .sort()
      .pop();
    if (dir !== undefined && existsSync(join(cache, dir, 'include/uapi/linux/tcp.h'))) return join(cache, dir);
  }
  return null;
}

/** Field offsets and the size of struct tcp_info as a C compiler lays it out. */
function layout(header: string): { offsets: Map<string, number>; size: number } {
  const body = /struct tcp_info \{([\s\S]*?)\n\};/.exec(header)![1]!.replace(/\/\*[\s\S]*?\*\//g, '');
  const offsets = new Map<string, number>();
  let off = 0;
  let align = 1;
  for (const decl of body.split(';')) {
    const m = /^\s*(__u8|__u16|__u32|__u64)\s+(.+?)\s*$/s.exec(decl);
    if (!m) continue;
    const size = SIZES[m[1]!]!;
    align = Math.max(align, size);
    off = Math.ceil(off / size) * size;
    // "a : 4, b : 4" is one storage unit of the type.
    for (const name of m[2]!.split(',').map((n) => n.split(':')[0]!.trim())) offsets.set(name, off);
    off += size;
  }
  return { offsets, size: Math.ceil(off / align) * align };
}

describe('struct tcp_info (apps/tcp-info.ts)', () => {
  const src = kernelSource();

  it('has the offsets and size of Linux 6.1 uapi/linux/tcp.h', function () {
    if (src === null) this.skip();
    const { offsets, size } = layout(readFileSync(join(src!, 'include/uapi/linux/tcp.h'), 'utf8'));
    expect(size).to.equal(TCP_INFO_SIZE);
    for (const [name, off] of Object.entries(TCP_INFO_OFFSETS)) expect(offsets.get(name), name).to.equal(off);
  });

  it('decodes each field from its offset, little endian', () => {
    const b = Buffer.alloc(TCP_INFO_SIZE);
    b.writeUInt8(1, TCP_INFO_OFFSETS.tcpi_state);
    b.writeUInt32LE(40, TCP_INFO_OFFSETS.tcpi_snd_cwnd);
    b.writeUInt32LE(10123, TCP_INFO_OFFSETS.tcpi_rtt);
    b.writeBigUInt64LE(123456789012n, TCP_INFO_OFFSETS.tcpi_bytes_acked);
    b.writeUInt32LE(77, TCP_INFO_OFFSETS.tcpi_snd_wnd);
    const i = parseTcpInfo(b);
    expect([i.state, i.cwnd, i.rttUs, i.bytesAcked, i.sndWnd]).to.deep.equal([1, 40, 10123, 123456789012n, 77]);
    // A shorter struct (older kernel): the missing fields read as 0.
    expect(parseTcpInfo(b, TCP_INFO_OFFSETS.tcpi_snd_wnd).sndWnd).to.equal(0);
  });
});
