// SPDX-License-Identifier: GPL-2.0-only
/**
 * A node stand-in for device tests that need no kernel: its devices'
 * taps report to the given simulator, frames delivered to it are kept.
 */
import type { Simulator } from '../../sim/core/simulator';
import type { DeviceHost, NodeDevice } from '../../sim/node/node-device';

/** A DeviceHost whose death a test decides, and the frames delivered to it. */
export interface FakeDeviceHost extends DeviceHost {
  dead: boolean;
  readonly delivered: Buffer[];
}

/** A host named `name` on `sim`'s clock, alive. */
export function fakeDeviceHost(sim: Simulator, name: string): FakeDeviceHost {
  const h: FakeDeviceHost = {
    name,
    dead: false,
    delivered: [],
    tapFailures: sim,
    now: (): bigint => sim.now,
    isDead: (): boolean => h.dead,
    deliverFrame: (_d: NodeDevice, f: Buffer): void => void h.delivered.push(f),
    setDeviceCarrier: (): void => undefined,
  };
  return h;
}
