// SPDX-License-Identifier: GPL-2.0-only
/**
 * Node against real kernels: the entry discipline (one deadline event,
 * frames drained to devices, completions to the awaiting callers), the
 * timing of app continuations, and faults.
 */
import { expect } from 'chai';
import { NS_PER_MS, NS_PER_S } from '../../../sim/core/time';
import { Simulator } from '../../../sim/core/simulator';
import { KernelError, KernelFaultError } from '../../../sim/kernel/errors';
import { SYS } from '../../../sim/kernel/syscall-numbers';
import { Node } from '../../../sim/node/node';
import { NodeStateError } from '../../../sim/node/node-state-error';
import { sockaddr } from '../../../sim/node/sockaddr';
import { PingApp } from '../../../apps/ping';
import { twoNodes, TwoNodes } from '../../helpers/two-nodes';

const AF_INET = 2;
const SOCK_DGRAM = 2;
const SOL_SOCKET = 1;
const SO_RCVTIMEO_OLD = 20;
const LIB_DEBUG_BUG = 1;
/** kernel/include/liblinux.h: WARN() on request. */
const LIB_DEBUG_WARN = 10;

/** Awaits a promise that must reject; returns the rejection. */
async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('Node (real liblinux)', () => {
  describe('a single node', () => {
    let sim: Simulator;
    let node: Node;

    beforeEach(() => {
      sim = new Simulator();
      node = new Node(sim, 'solo', 7n);
      node.boot();
    });
    afterEach(() => node.close());

    it('boots untainted, and a kernel warning reaches its log with its taint', () => {
      expect(node.sysctlGet('kernel.tainted')).to.equal('0');
      expect(node.kernel.logLines().some((l) => l.includes('WARNING:'))).to.equal(false);
      node.kernel.debug(LIB_DEBUG_WARN, 0n, node.now());
      // loglevel=5: warnings (level 4) pass to the log, where kernel/<node>.log gets them.
      expect(node.kernel.logLines().some((l) => l.includes('WARNING:'))).to.equal(true);
      expect(node.sysctlGet('kernel.tainted')).to.equal('512');
    });

    it('keeps one deadline event, at the kernel deadline', () => {
      expect(node.pendingDeadlineEvents).to.equal(1);
      expect(sim.pending).to.equal(1);
      expect(node.deadlineEventTime).to.equal(node.kernel.nextDeadline());
      // Entries that move the deadline (a task, a sysctl) still leave one event.
      node.createTask();
      node.sysctl('net.ipv4.ip_forward', '1');
      expect(node.sysctlGet('net.ipv4.ip_forward')).to.equal('1');
      expect(sim.pending).to.equal(1);
      sim.run(3n * NS_PER_S);
      expect(sim.pending).to.equal(1);
      expect(node.deadlineEventTime).to.equal(node.kernel.nextDeadline());
      expect(node.counters().deadlineRuns).to.be.greaterThan(0);
    });

    it('refuses calls before boot and a second boot', () => {
      const fresh = new Node(sim, 'fresh', 8n);
      try {
        expect(() => fresh.createTask()).to.throw(NodeStateError, /before boot/);
        fresh.boot();
        expect(() => fresh.boot()).to.throw(NodeStateError, /twice/);
      } finally {
        fresh.close();
      }
    });

    it('resolves immediate calls and rejects -errno with KernelError', async () => {
      const task = node.createTask();
      expect((await node.syscall(task, SYS.getpid, [])) > 0n).to.equal(true);
      const e = await rejectionOf(node.syscall(task, SYS.close, [999]));
      expect(e).to.be.instanceOf(KernelError);
      expect((e as KernelError).code).to.equal('EBADF');
    });

    it('resolves a blocked call when a later deadline event completes it', async () => {
      const task = node.createTask();
      const fd = Number(await node.syscall(task, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
      const tv = Buffer.alloc(16); // struct timeval: 0 s, 10000 us
      tv.writeBigInt64LE(10_000n, 8);
      await node.syscall(task, SYS.setsockopt, [fd, SOL_SOCKET, SO_RCVTIMEO_OLD, tv, tv.length]);
      const submitted = sim.now;
      let failedAt = -1n;
      const buf = Buffer.alloc(16);
      const done = node.syscall(task, SYS.recvfrom, [fd, buf, buf.length, 0, null, null]).catch((err: Error) => {
        failedAt = sim.now;
        return err;
      });
      await sim.runAsync(NS_PER_S);
      const e = await done;
      expect(e).to.be.instanceOf(KernelError);
      expect((e as KernelError).code).to.equal('EAGAIN');
      // Not before the 10 ms timeout; jiffies (250 Hz here) may round it up.
      expect(failedAt - submitted >= 10n * NS_PER_MS).to.equal(true);
      expect(failedAt - submitted <= 20n * NS_PER_MS).to.equal(true);
      // The continuation ran at the time of the event that completed the call.
      expect(node.counters().deadlineRuns).to.be.greaterThan(0);
    });

    it("runs a continuation at the releasing event's time, before the next event, and its calls at that time", async () => {
      const rxTask = node.createTask();
      const txTask = node.createTask();
      const rx = Number(await node.syscall(rxTask, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
      await node.syscall(rxTask, SYS.bind, [rx, sockaddr('127.0.0.1', 5000), 16]);
      const tx = Number(await node.syscall(txTask, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
      const t = NS_PER_S;
      const order: string[] = [];
      let woke = -1n;
      let kernelClockOfNextCall = -1n;
      let nextCallResult = -1n;

      const buf = Buffer.alloc(64);
      const app = (async (): Promise<void> => {
        await node.syscall(rxTask, SYS.recvfrom, [rx, buf, buf.length, 0, null, null]);
        woke = sim.now;
        order.push('app');
        // The next call enters the kernel at the same simulated time ...
        nextCallResult = await node.syscall(rxTask, SYS.getpid, []);
        kernelClockOfNextCall = node.kernel.now();
        // ... and what it schedules at that time goes after what is already queued.
        sim.schedule(sim.now, () => order.push('E3'));
      })();

      // E1 sends over loopback: the kernel delivers it inside that entry,
      // which completes the blocked recvfrom (released by E1).
      sim.schedule(t, () => {
        order.push('E1');
        const msg = Buffer.from('wake up');
        void node.syscall(txTask, SYS.sendto, [tx, msg, msg.length, 0, sockaddr('127.0.0.1', 5000), 16]);
      });
      sim.schedule(t, () => order.push('E2'));
      await sim.runAsync(2n * NS_PER_S);
      await app;

      expect(order).to.deep.equal(['E1', 'app', 'E2', 'E3']);
      expect(woke).to.equal(t);
      expect(kernelClockOfNextCall).to.equal(t);
      expect(nextCallResult > 0n).to.equal(true);
      expect(buf.subarray(0, 7).toString()).to.equal('wake up');
    });

    it('sleeps until a simulated time', async () => {
      let at = -1n;
      void node.sleepUntil(1_234_567n).then(() => {
        at = sim.now;
      });
      await sim.runAsync(NS_PER_S);
      expect(at).to.equal(1_234_567n);
    });
  });

  describe('two nodes on a 5 ms link', () => {
    let t: TwoNodes;

    beforeEach(() => {
      t = twoNodes();
    });
    afterEach(() => t.close());

    it('keeps exactly one deadline event per node while traffic flows', async () => {
      const ping = new PingApp(t.a, {
        to: '10.0.0.2',
        family: 4,
        count: 3,
        interval: NS_PER_S,
        start: NS_PER_S,
        size: 56,
      });
      ping.start();
      let probes = 0;
      const violations: string[] = [];
      // Every 1 ms, the queue holds exactly: one deadline event per node,
      // one event per frame in flight, the ping's sleep (if any), and the
      // probe's own next event (scheduled after the check).
      const probe = (): void => {
        probes++;
        for (const n of [t.a, t.b]) {
          if (n.pendingDeadlineEvents !== 1) violations.push(`${n.name} at ${t.sim.now}: ${n.pendingDeadlineEvents}`);
          if (n.deadlineEventTime !== n.kernel.nextDeadline() && n.deadlineEventTime !== t.sim.now) {
            violations.push(
              `${n.name} at ${t.sim.now}: event ${n.deadlineEventTime}, deadline ${n.kernel.nextDeadline()}`,
            );
          }
        }
        const others = t.sim.pending - 2 - t.link.inFlight;
        if (others < 0 || others > 1) {
          violations.push(`at ${t.sim.now}: ${t.sim.pending} pending, ${t.link.inFlight} in flight`);
        }
        if (t.sim.now < 4n * NS_PER_S) t.sim.schedule(t.sim.now + NS_PER_MS, probe);
      };
      t.sim.schedule(0n, probe);
      await t.sim.runAsync(4n * NS_PER_S);
      expect(violations).to.deep.equal([]);
      expect(probes).to.equal(4001);
      expect((await ping.done()).received).to.equal(3);
    });

    it('passes carrier changes to the kernel: nothing leaves a device without carrier', async () => {
      const down = 500_000_000n;
      const up = 2_500_000_000n;
      const sentWhileDown: bigint[] = [];
      const before = { tx: 0 };
      t.sim.schedule(down, () => {
        t.da.setCarrier(false);
        before.tx = t.da.counters().txFrames;
      });
      t.sim.schedule(up, () => {
        if (t.da.counters().txFrames !== before.tx) sentWhileDown.push(t.sim.now);
        t.da.setCarrier(true);
      });
      const ping = new PingApp(t.a, {
        to: '10.0.0.2',
        family: 4,
        count: 4,
        interval: NS_PER_S,
        start: NS_PER_S,
        size: 56,
      });
      ping.start();
      await t.sim.runAsync(10n * NS_PER_S);
      const r = await ping.done();
      expect(sentWhileDown).to.deep.equal([]);
      // Requests 1 and 2 were held by the kernel until the carrier came back
      // (and link watch noticed it), request 4 went through normally.
      expect(r.received).to.equal(4);
      expect(r.rtts_ms[0]! > 1500).to.equal(true);
      expect(r.rtts_ms[1]! > 500).to.equal(true);
      expect(r.rtts_ms[3]).to.equal(10);
    });

    it('reports a fault in one node with its time; the other node keeps working', async () => {
      const faultAt = 2_500_000_000n;
      // b pings a once a second from 1 s: answered before the fault, lost after.
      const ping = new PingApp(t.b, {
        to: '10.0.0.1',
        family: 4,
        count: 4,
        interval: NS_PER_S,
        start: NS_PER_S,
        size: 56,
      });
      ping.start();
      // A call blocked on a when it dies is rejected with the fault.
      const task = t.a.createTask();
      const fd = Number(await t.a.syscall(task, SYS.socket, [AF_INET, SOCK_DGRAM, 0]));
      const blocked = rejectionOf(t.a.syscall(task, SYS.recvfrom, [fd, Buffer.alloc(8), 8, 0, null, null]));
      let thrown: unknown = null;
      t.sim.schedule(faultAt, () => {
        try {
          t.a.enter('debug BUG', (k, now) => k.debug(LIB_DEBUG_BUG, 0n, now));
        } catch (e) {
          thrown = e;
        }
      });
      const runsBefore = { b: 0 };
      t.sim.schedule(faultAt + 1n, () => {
        runsBefore.b = t.b.counters().deadlineRuns;
      });
      await t.sim.runAsync(8n * NS_PER_S);

      expect(thrown).to.be.instanceOf(KernelFaultError);
      const fault = t.a.fault();
      expect(fault).to.not.equal(null);
      expect(fault!.time).to.equal(faultAt);
      expect(fault!.message).to.match(/BUG/);
      expect(t.a.isDead()).to.equal(true);
      expect(t.a.pendingDeadlineEvents).to.equal(0);
      expect(await blocked).to.be.instanceOf(KernelFaultError);
      expect(await rejectionOf(t.a.syscall(task, SYS.getpid, []))).to.be.instanceOf(KernelFaultError);
      expect(() => t.a.createTask()).to.throw(KernelFaultError);

      // b lives on: its kernel keeps running and answering calls, its ping
      // got the replies sent before the fault (seq 1 with ARP, 20 ms; seq 2,
      // 10 ms) and lost the two after, which a dropped on arrival.
      const r = await ping.done();
      expect(r.rtts_ms).to.deep.equal([20, 10, null, null]);
      expect(r.lossPercent).to.equal(50);
      expect(r.error).to.equal(null);
      expect(t.b.fault()).to.equal(null);
      expect(t.b.pendingDeadlineEvents).to.equal(1);
      expect(t.b.counters().deadlineRuns).to.be.greaterThan(runsBefore.b);
      expect((await t.b.syscall(t.b.createTask(), SYS.getpid, [])) > 0n).to.equal(true);
      expect(t.da.counters().rxDropsDead).to.be.greaterThan(0);
    });
  });
});
