// SPDX-License-Identifier: GPL-2.0-only
/**
 * The simplest link for node tests: full duplex, no queue, no loss, zero
 * serialization time; a frame sent at t arrives at the other end at
 * t + delay (a simulator event).  The real model is
 * sim/net/point-to-point-link.ts; node tests do not depend on it.
 */
import type { Simulator } from '../../sim/core/simulator';
import type { LinkEnd, LinkPort } from '../../sim/net/link-port';

/** Something a link end can be given to: a NodeDevice. */
export interface Connectable extends LinkPort {
  connect(end: LinkEnd): void;
}

/** A fixed-delay cable between two devices. */
export class TestLink {
  /** Frames carried a→b and b→a. */
  readonly carried = { ab: 0, ba: 0 };
  /** Frames sent and not yet delivered (each is one pending simulator event). */
  inFlight = 0;

  /**
   * Connects `a` and `b`.
   * @param delay one-way delay, ns (0 delivers in a later event at the same time)
   */
  constructor(
    private readonly sim: Simulator,
    a: Connectable,
    b: Connectable,
    readonly delay: bigint,
  ) {
    a.connect(this.end(b, 'ab'));
    b.connect(this.end(a, 'ba'));
  }

  private end(to: LinkPort, dir: 'ab' | 'ba'): LinkEnd {
    return {
      send: (frame: Buffer): void => {
        this.carried[dir]++;
        this.inFlight++;
        // A copy: the sender may reuse its buffer.
        const copy = Buffer.from(frame);
        this.sim.schedule(this.sim.now + this.delay, () => {
          this.inFlight--;
          to.receive(copy);
        });
      },
    };
  }
}
