// SPDX-License-Identifier: GPL-2.0-only
/**
 * Writer of classic libpcap files (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html) with
 * nanosecond timestamps, little-endian, Ethernet link type.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { TraceRangeError, TraceStateError } from './errors';

/** Magic number of the nanosecond-resolution variant of the classic format. */
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** Largest number of bytes of a frame kept; longer frames are truncated (orig_len keeps the real length). */
export const PCAP_SNAPLEN = 262144;
/** LINKTYPE_ETHERNET: frames start with the Ethernet header, no FCS. */
export const LINKTYPE_ETHERNET = 1;

const FILE_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;
const NS_PER_S = 1_000_000_000n;
const MAX_SECONDS = 0xffffffffn;

/** Options of a {@link PcapWriter}. */
export interface PcapWriterOptions {
  /**
   * Most bytes held in memory; a record that would not fit writes what is
   * held to the file first (a record larger than this is written alone).
   * Default 1 MiB.
   */
  flushBytes?: number;
}

/** The 24-byte file header. */
function fileHeader(): Buffer {
  const h = Buffer.alloc(FILE_HEADER_LEN);
  h.writeUInt32LE(PCAP_MAGIC_NS, 0);
  h.writeUInt16LE(2, 4); // version major
  h.writeUInt16LE(4, 6); // version minor
  h.writeInt32LE(0, 8); // thiszone: timestamps are already UTC (here: simulated time)
  h.writeUInt32LE(0, 12); // sigfigs
  h.writeUInt32LE(PCAP_SNAPLEN, 16);
  h.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  return h;
}

/**
 * Writes one pcap file. Data goes to `path + '.partial'`, renamed to `path` by `close()` and removed by
 * `abort()`, so a run that fails half way leaves no trace that looks whole (and one killed leaves a file
 * whose name says it is incomplete). Writes are synchronous but buffered: the simulator is single-threaded and a trace must not
 * reorder or lose records, while one `write` syscall per frame would dominate a run's time.
 */
export class PcapWriter {
  private fd: number | undefined;
  private path = '';
  private finished = false;
  /** Records waiting for the file, written into in place (one copy per frame, no allocation). */
  private readonly staging: Buffer;
  private buffered = 0;

  /** @throws TraceRangeError if `flushBytes` is not a positive integer. */
  constructor(options: PcapWriterOptions = {}) {
    const flushBytes = options.flushBytes ?? 1 << 20;
    if (!Number.isSafeInteger(flushBytes) || flushBytes < 1) {
      throw new TraceRangeError(`flushBytes must be a positive integer, got ${flushBytes}`);
    }
    this.staging = Buffer.allocUnsafe(flushBytes);
  }

  /** The file being written while open: the final path plus ".partial". */
  get partialPath(): string {
    return `${this.path}.partial`;
  }

  /**
   * Creates (or truncates) `path + '.partial'` and buffers the file header.
   *
   * @throws TraceStateError if this writer was already opened.
   */
  open(path: string): void {
    if (this.fd !== undefined || this.finished) throw new TraceStateError('PcapWriter.open() called twice');
    this.path = path;
    this.fd = openSync(this.partialPath, 'w');
    const header = fileHeader();
    // Buffered like the records, so nothing reaches the file before the threshold.
    if (FILE_HEADER_LEN <= this.staging.length) {
      header.copy(this.staging, 0);
      this.buffered = FILE_HEADER_LEN;
    } else {
      this.writeAll(header, FILE_HEADER_LEN);
    }
  }

  /**
   * Appends one frame captured at simulated time `time` (ns). The bytes are copied, so the caller may reuse
   * its buffer at once.
   *
   * @throws TraceStateError if the writer is not open.
   * @throws TraceRangeError if `time` is negative or its seconds do not fit the 32-bit field (year 2106).
   */
  write(time: bigint, frame: Uint8Array): void {
    if (this.fd === undefined) throw new TraceStateError('PcapWriter.write() on a writer that is not open');
    if (time < 0n || time / NS_PER_S > MAX_SECONDS) {
      throw new TraceRangeError(`time ${time}ns cannot be stored in a pcap record (0 to 2^32 s)`);
    }
    const incl = Math.min(frame.length, PCAP_SNAPLEN);
    const size = RECORD_HEADER_LEN + incl;
    if (size > this.staging.length - this.buffered) this.flush();
    // A record larger than the whole staging buffer gets one of its own.
    const rec = size <= this.staging.length ? this.staging : Buffer.allocUnsafe(size);
    const at = rec === this.staging ? this.buffered : 0;
    rec.writeUInt32LE(Number(time / NS_PER_S), at);
    rec.writeUInt32LE(Number(time % NS_PER_S), at + 4);
    rec.writeUInt32LE(incl, at + 8);
    rec.writeUInt32LE(frame.length, at + 12);
    rec.set(frame.subarray(0, incl), at + RECORD_HEADER_LEN);
    if (rec === this.staging) this.buffered += size;
    else this.writeAll(rec, size);
  }

  /**
   * Writes what is buffered, closes the file and renames it to its final path.
   *
   * @throws TraceStateError if the writer is not open.
   */
  close(): void {
    this.finish('close');
    renameSync(this.partialPath, this.path);
  }

  /**
   * Closes the file and removes it: for runs that fail, which leave no partial trace behind.
   *
   * @throws TraceStateError if the writer is not open.
   */
  abort(): void {
    const opened = this.fd !== undefined;
    this.buffered = 0; // nothing more to write to a file about to go
    try {
      this.finish('abort');
    } finally {
      if (opened) rmSync(this.partialPath, { force: true });
    }
  }

  private finish(what: string): void {
    const fd = this.fd;
    if (fd === undefined) throw new TraceStateError(`PcapWriter.${what}() on a writer that is not open`);
    try {
      this.flush();
    } finally {
      this.fd = undefined;
      this.finished = true;
      closeSync(fd);
    }
  }

  private flush(): void {
    if (this.buffered === 0 || this.fd === undefined) return;
    const n = this.buffered;
    this.buffered = 0;
    this.writeAll(this.staging, n);
  }

  private writeAll(data: Buffer, length: number): void {
    let off = 0;
    while (off < length) off += writeSync(this.fd as number, data, off, length - off);
  }
}
