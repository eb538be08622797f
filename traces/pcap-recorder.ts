// SPDX-License-Identifier: GPL-2.0-only
/**
 * A pcap file per device, written from the device's taps: every frame the
 * device sent or received, at the simulated time it crossed the device
 * (sim/node/device-taps.ts).  Files are written as `<name>.partial` and
 * renamed by close(), removed by abort() (traces/pcap-writer.ts).
 */
import { mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Unsubscribe } from '../sim/core/tap';
import type { FrameEvent } from '../sim/net/frame-tap';
import type { NodeDevice } from '../sim/node/node-device';
import { PcapWriter } from './pcap-writer';

/** The pcap files of one run. */
export class PcapRecorder {
  private readonly open: Array<{ readonly writer: PcapWriter; readonly unsubscribe: Unsubscribe }> = [];

  /** @param dir the directory the files go to (created on attach) */
  constructor(private readonly dir: string) {}

  /** The file of `device` of node `node`: `<node>-<device>.pcap`. */
  static fileName(node: string, device: string): string {
    return `${node}-${device}.pcap`;
  }

  /** Opens a file for each device and subscribes it to the device's sent and received taps. */
  attach(nodes: ReadonlyArray<{ readonly name: string; devices(): NodeDevice[] }>): void {
    mkdirSync(this.dir, { recursive: true });
    for (const node of nodes) {
      for (const device of node.devices()) {
        const file = PcapRecorder.fileName(node.name, device.name);
        const writer = new PcapWriter();
        writer.open(join(this.dir, file));
        // Named as the file is, for the error that would say which trace failed.
        const subscriber = `pcap ${file}`;
        const record = (e: FrameEvent): void => writer.write(e.time, e.frame);
        const offSent = device.taps.sent.subscribe(subscriber, record);
        const offReceived = device.taps.received.subscribe(subscriber, record);
        this.open.push({
          writer,
          unsubscribe: () => {
            offSent();
            offReceived();
          },
        });
      }
    }
  }

  /** Stops recording and renames every file into place. */
  close(): void {
    while (this.open.length > 0) {
      const { writer, unsubscribe } = this.open.shift()!;
      unsubscribe();
      writer.close();
    }
  }

  /**
   * Stops recording and removes every file -- incomplete, so a failed run
   * leaves no partial pcap -- and the directory if that leaves it empty.
   * Never throws: the error that ended the run is the one to report.
   */
  abort(): void {
    for (const { writer, unsubscribe } of this.open.splice(0)) {
      unsubscribe();
      try {
        writer.abort();
      } catch {
        // Already closed or failed: nothing more to remove.
      }
    }
    try {
      rmdirSync(this.dir);
    } catch {
      // Not there, or holding what an earlier run wrote.
    }
  }
}
