// SPDX-License-Identifier: GPL-2.0-only
/**
 * A device's taps (sim/node/device-taps.ts) on a stand-in node, and a
 * listener that throws on a node with a real kernel.
 */
import { expect } from 'chai';
import { Simulator } from '../../../sim/core/simulator';
import { TapSubscriberError } from '../../../sim/core/tap-subscriber-error';
import { NS_PER_S } from '../../../sim/core/time';
import { NodeDevice } from '../../../sim/node/node-device';
import { PingApp } from '../../../apps/ping';
import { fakeDeviceHost } from '../../helpers/fake-device-host';
import { twoNodes } from '../../helpers/two-nodes';

describe('sim/node/device-taps', () => {
  it('show frames sent and received, and those that went no further with why; the counters are what they showed', () => {
    const sim = new Simulator();
    const h = fakeDeviceHost(sim, 'n1');
    const device = new NodeDevice(h, 'eth0', 2, new Uint8Array(6), 1500);
    const seen: string[] = [];
    device.taps.sent.subscribe('test', (e) => seen.push(`sent ${e.frame.length} at ${e.time}`));
    device.taps.received.subscribe('test', (e) => seen.push(`received ${e.frame.length} at ${e.time}`));
    device.taps.dropped.subscribe('test', (e) => seen.push(`dropped ${e.frame.length}: ${e.cause}`));
    expect(device.taps.sent.name).to.equal('node n1 eth0 sent');
    const sentOnLink: Buffer[] = [];
    sim.schedule(1n, () => device.transmit(Buffer.alloc(60)));
    sim.schedule(2n, () => device.connect({ send: (f) => void sentOnLink.push(f) }));
    sim.schedule(3n, () => device.transmit(Buffer.alloc(61)));
    sim.schedule(4n, () => device.receive(Buffer.alloc(62)));
    sim.schedule(5n, () => {
      h.dead = true;
      device.receive(Buffer.alloc(63));
    });
    sim.run();
    expect(seen).to.deep.equal([
      'sent 60 at 1',
      'dropped 60: unconnected',
      'sent 61 at 3',
      'received 62 at 4',
      'received 63 at 5',
      'dropped 63: node-dead',
    ]);
    expect(sentOnLink.map((f) => f.length)).to.deep.equal([61]);
    expect(h.delivered.map((f) => f.length)).to.deep.equal([62]);
    expect(device.counters()).to.deep.equal({
      txFrames: 2,
      txBytes: 121,
      txDropsUnconnected: 1,
      rxFrames: 2,
      rxBytes: 125,
      rxDropsDead: 1,
    });
  });

  it('a listener that throws while its node drains the kernel ends the run, and the drain still completes (real liblinux)', async () => {
    const t = twoNodes();
    try {
      let calls = 0;
      t.da.taps.sent.subscribe('flaky observer', () => {
        if (++calls === 3) throw new Error('gave up');
      });
      const ping = new PingApp(t.a, {
        to: '10.0.0.2',
        family: 4,
        count: 5,
        interval: NS_PER_S,
        start: NS_PER_S,
        size: 56,
      });
      ping.start();
      let caught: unknown = null;
      try {
        await t.sim.runAsync(10n * NS_PER_S);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(TapSubscriberError);
      expect((caught as Error).message).to.match(
        /^flaky observer, subscribed to node a eth0 sent, failed at .*: gave up$/,
      );
      // Every frame the device announced went on to the link, the one the listener failed on too.
      expect(t.link.carried.ab).to.equal(t.da.counters().txFrames);
      expect(t.sim.now < 10n * NS_PER_S, 'the run stopped at the failure').to.equal(true);
    } finally {
      t.close();
    }
  });
});
