// SPDX-License-Identifier: GPL-2.0-only
/**
 * The pcap writer (traces/pcap-writer.ts): the bytes of its headers and
 * records, the partial file, its errors, and tshark reading the result.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceRangeError, TraceStateError } from '../../traces/errors';
import { PcapWriter } from '../../traces/pcap-writer';

/** The 24-byte global header, written out by hand from the pcap specification. */
const EXPECTED_HEADER = Buffer.from([
  0x4d,
  0x3c,
  0xb2,
  0xa1, // magic 0xa1b23c4d (nanosecond timestamps), little-endian
  0x02,
  0x00, // version_major 2
  0x04,
  0x00, // version_minor 4
  0x00,
  0x00,
  0x00,
  0x00, // thiszone 0
  0x00,
  0x00,
  0x00,
  0x00, // sigfigs 0
  0x00,
  0x00,
  0x04,
  0x00, // snaplen 262144 = 0x00040000
  0x01,
  0x00,
  0x00,
  0x00, // network 1 = LINKTYPE_ETHERNET
]);

/** RFC 1071 one's-complement sum of 16-bit big-endian words, folded, not inverted. */
function onesSum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) sum += (data[i]! << 8) | (i + 1 < data.length ? data[i + 1]! : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** A 47-byte Ethernet II / IPv4 / UDP frame, 10.0.0.1:12345 → 10.0.0.2:9999, payload "hello". */
function udpFrame(): Buffer {
  const payload = Buffer.from('hello');
  const eth = Buffer.from([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00]);
  const ip = Buffer.from([
    0x45,
    0x00,
    0x00,
    20 + 8 + payload.length, // version 4, IHL 5, total length 33
    0x00,
    0x00,
    0x40,
    0x00, // id 0, DF
    0x40,
    0x11,
    0x00,
    0x00, // TTL 64, UDP, checksum (filled below)
    10,
    0,
    0,
    1,
    10,
    0,
    0,
    2,
  ]);
  ip.writeUInt16BE(~onesSum(ip) & 0xffff, 10);
  const udp = Buffer.alloc(8 + payload.length);
  udp.writeUInt16BE(12345, 0);
  udp.writeUInt16BE(9999, 2);
  udp.writeUInt16BE(udp.length, 4);
  payload.copy(udp, 8);
  const pseudo = Buffer.concat([ip.subarray(12, 20), Buffer.from([0, 17, 0, udp.length])]);
  const sum = ~onesSum(Buffer.concat([pseudo, udp])) & 0xffff;
  udp.writeUInt16BE(sum === 0 ? 0xffff : sum, 6); // 0 means "no checksum" in UDP
  return Buffer.concat([eth, ip, udp]);
}

describe('traces/pcap-writer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'libsim-pcap-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes exactly the specified global header', () => {
    const path = join(dir, 'empty.pcap');
    const w = new PcapWriter();
    w.open(path);
    w.close();
    expect(readFileSync(path)).to.deep.equal(EXPECTED_HEADER);
  });

  it('writes record headers with ts_sec, ts_nsec, incl_len, orig_len and the frame bytes', () => {
    const path = join(dir, 'one.pcap');
    const frame = Uint8Array.from({ length: 60 }, (_, i) => i);
    const w = new PcapWriter();
    w.open(path);
    w.write(1_000_000_005n, frame);
    frame.fill(0xee); // the writer must have copied the bytes already
    w.close();
    const data = readFileSync(path);
    expect(data.length).to.equal(24 + 16 + 60);
    const rec = data.subarray(24);
    expect(rec.subarray(0, 16)).to.deep.equal(
      Buffer.from([1, 0, 0, 0, 5, 0, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0]), // 1 s, 5 ns, 60, 60
    );
    expect(rec.subarray(16)).to.deep.equal(Buffer.from(Array.from({ length: 60 }, (_, i) => i)));
  });

  it('writes several records in order, with full-range timestamps', () => {
    const path = join(dir, 'many.pcap');
    const w = new PcapWriter({ flushBytes: 50 }); // forces several flushes
    w.open(path);
    const times = [0n, 999_999_999n, 3_000_000_000n, 4_294_967_295_999_999_999n]; // last: 2^32-1 s + 999999999 ns
    times.forEach((t, i) => w.write(t, new Uint8Array(i + 1).fill(i)));
    w.close();
    const data = readFileSync(path);
    let off = 24;
    const seen: [number, number, number, number][] = [];
    for (let i = 0; i < times.length; i++) {
      const incl = data.readUInt32LE(off + 8);
      seen.push([data.readUInt32LE(off), data.readUInt32LE(off + 4), incl, data.readUInt32LE(off + 12)]);
      expect([...data.subarray(off + 16, off + 16 + incl)]).to.deep.equal(new Array(i + 1).fill(i));
      off += 16 + incl;
    }
    expect(off).to.equal(data.length);
    expect(seen).to.deep.equal([
      [0, 0, 1, 1],
      [0, 999_999_999, 2, 2],
      [3, 0, 3, 3],
      [4_294_967_295, 999_999_999, 4, 4],
    ]);
  });

  it('truncates a frame longer than the snaplen but keeps its original length', () => {
    const path = join(dir, 'big.pcap');
    const w = new PcapWriter();
    w.open(path);
    w.write(0n, new Uint8Array(262_145));
    w.close();
    const data = readFileSync(path);
    expect(data.readUInt32LE(24 + 8)).to.equal(262_144);
    expect(data.readUInt32LE(24 + 12)).to.equal(262_145);
    expect(data.length).to.equal(24 + 16 + 262_144);
  });

  it('writes to path.partial, buffers, and renames only on close', () => {
    const path = join(dir, 'run.pcap');
    const w = new PcapWriter({ flushBytes: 1 << 20 });
    w.open(path);
    expect(w.partialPath).to.equal(`${path}.partial`);
    expect(existsSync(`${path}.partial`)).to.equal(true);
    expect(existsSync(path)).to.equal(false);
    w.write(5n, new Uint8Array(100));
    expect(statSync(`${path}.partial`).size).to.equal(0); // still in memory
    w.close();
    expect(existsSync(`${path}.partial`)).to.equal(false);
    expect(statSync(path).size).to.equal(24 + 16 + 100);
  });

  it('writes what is buffered to the .partial file before the buffer would overflow', () => {
    const path = join(dir, 'flush.pcap');
    const w = new PcapWriter({ flushBytes: 200 });
    w.open(path);
    w.write(1n, new Uint8Array(100)); // 24 + 116 = 140 bytes: below the threshold
    expect(statSync(w.partialPath).size).to.equal(0);
    w.write(2n, new Uint8Array(100)); // would make 256: the 140 buffered go first
    expect(statSync(w.partialPath).size).to.equal(24 + 116);
    w.close();
    expect(statSync(path).size).to.equal(24 + 2 * 116);
  });

  it('abort() removes what was written: a failed run leaves no partial trace', () => {
    const path = join(dir, 'aborted.pcap');
    const w = new PcapWriter({ flushBytes: 32 });
    w.open(path);
    w.write(1n, new Uint8Array(10));
    w.write(2n, new Uint8Array(10));
    expect(statSync(`${path}.partial`).size).to.be.above(0);
    w.abort();
    expect(existsSync(path)).to.equal(false);
    expect(existsSync(`${path}.partial`)).to.equal(false);
    expect(() => w.abort()).to.throw(TraceStateError);
  });

  it('refuses use out of order with TraceStateError', () => {
    const path = join(dir, 'state.pcap');
    const w = new PcapWriter();
    expect(() => w.write(0n, new Uint8Array(1))).to.throw(TraceStateError);
    expect(() => w.close()).to.throw(TraceStateError);
    w.open(path);
    expect(() => w.open(path)).to.throw(TraceStateError);
    w.close();
    expect(() => w.write(0n, new Uint8Array(1))).to.throw(TraceStateError);
    expect(() => w.close()).to.throw(TraceStateError);
    expect(() => w.open(path)).to.throw(TraceStateError);
    expect(readFileSync(path)).to.deep.equal(EXPECTED_HEADER);
  });

  it('refuses times that do not fit a record with TraceRangeError', () => {
    const w = new PcapWriter();
    w.open(join(dir, 'range.pcap'));
    expect(() => w.write(-1n, new Uint8Array(1))).to.throw(TraceRangeError);
    expect(() => w.write(4_294_967_296_000_000_000n, new Uint8Array(1))).to.throw(TraceRangeError);
    w.close();
    expect(() => new PcapWriter({ flushBytes: 0 })).to.throw(TraceRangeError);
  });

  it('builds a test frame whose IPv4 and UDP checksums verify', () => {
    const f = udpFrame();
    expect(f.readUInt16BE(14 + 10)).to.equal(0x26ca); // worked by hand: ~0xd935
    expect(onesSum(f.subarray(14, 34))).to.equal(0xffff);
    const udp = f.subarray(34);
    const pseudo = Buffer.concat([f.subarray(26, 34), Buffer.from([0, 17, 0, udp.length])]);
    expect(onesSum(Buffer.concat([pseudo, udp]))).to.equal(0xffff);
  });

  it('is read by tshark with nothing malformed (skipped when tshark is not installed; CI installs it)', function () {
    if (spawnSync('which', ['tshark']).status !== 0) this.skip();
    const path = join(dir, 'tshark.pcap');
    const w = new PcapWriter();
    w.open(path);
    w.write(1_000_000_005n, udpFrame());
    w.write(2_500_000_000n, udpFrame());
    w.close();
    const r = spawnSync('tshark', ['-r', path, '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-V'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.toLowerCase()).to.not.contain('malformed');
    // With checking on, tshark reports each verified checksum as "Good" (two frames: two of each).
    expect(r.stdout.match(/\[Header checksum status: Good\]/g)).to.have.length(2);
    expect(r.stdout.match(/\[Checksum Status: Good\]/g)).to.have.length(2);
    // tshark 4.0 says "Epoch Time", later versions "Epoch Arrival Time".
    expect(r.stdout).to.match(/Epoch (Arrival )?Time: 1\.000000005 seconds/);
    expect(r.stdout).to.match(/Epoch (Arrival )?Time: 2\.500000000 seconds/);
    expect(r.stdout).to.contain('User Datagram Protocol, Src Port: 12345, Dst Port: 9999');
  });
});
