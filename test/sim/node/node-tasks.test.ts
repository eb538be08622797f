// SPDX-License-Identifier: GPL-2.0-only
/**
 * Tasks end (issue 17): Node.exitTask() frees a task in the kernel, the
 * apps end theirs, so a node runs any number of apps in sequence; running
 * out of tasks is a NodeExhaustedError naming the node and the time.
 * A 64 MiB node allows about 240 tasks alive at once (threads-max).
 */
import { expect } from 'chai';
import { NS_PER_MS, NS_PER_S } from '../../../sim/core/time';
import { Simulator } from '../../../sim/core/simulator';
import { KernelApiError, KernelError } from '../../../sim/kernel/errors';
import { AF, SOCK } from '../../../sim/kernel/linux-abi';
import { SYS } from '../../../sim/kernel/syscall-numbers';
import { Node } from '../../../sim/node/node';
import { NodeExhaustedError } from '../../../sim/node/node-exhausted-error';
import { sockaddr } from '../../../sim/node/sockaddr';
import { UdpEchoApp } from '../../../apps/udp-echo';
import { UdpEchoServerApp } from '../../../apps/udp-echo-server';
import { twoNodes } from '../../helpers/two-nodes';

describe('Node tasks end (real liblinux)', () => {
  it('creates and ends 3,000 processes with a thread each on one node', async () => {
    const sim = new Simulator();
    const node = new Node(sim, 'n', 1n);
    node.boot();
    try {
      for (let i = 0; i < 3000; i++) {
        const t = node.createTask();
        const th = node.createTask(t);
        expect(await node.syscall(th, SYS.getpid, [])).to.equal(await node.syscall(t, SYS.getpid, []));
        node.exitTask(t);
      }
      expect((await node.syscall(node.createTask(), SYS.getpid, [])) > 1n).to.equal(true);
    } finally {
      node.close();
    }
  });

  it('refuses an ended task, and ends a task with a call pending', async () => {
    const sim = new Simulator();
    const node = new Node(sim, 'n', 1n);
    node.boot();
    try {
      const t = node.createTask();
      node.exitTask(t);
      await node.syscall(t, SYS.getpid, []).then(
        () => expect.fail('an ended task ran a call'),
        (e: Error) => expect(e).to.be.instanceOf(KernelApiError).and.have.property('code', 'ESRCH'),
      );
      expect(() => node.exitTask(t)).to.throw(KernelApiError, /ESRCH/);
      // A process blocked in recvfrom on a bound socket: ending it frees the port.
      const p = node.createTask();
      const fd = Number(await node.syscall(p, SYS.socket, [AF.INET, SOCK.DGRAM, 0]));
      const addr = sockaddr('127.0.0.1', 4000);
      await node.syscall(p, SYS.bind, [fd, addr, addr.length]);
      const buf = Buffer.alloc(16);
      void node.syscall(p, SYS.recvfrom, [fd, buf, buf.length, 0, null, null]);
      node.exitTask(p);
      const q = node.createTask();
      const fd2 = Number(await node.syscall(q, SYS.socket, [AF.INET, SOCK.DGRAM, 0]));
      expect(await node.syscall(q, SYS.bind, [fd2, addr, addr.length])).to.equal(0n);
    } finally {
      node.close();
    }
  });

  it('names the node and the time when its tasks run out', async () => {
    const sim = new Simulator();
    const node = new Node(sim, 'busy', 1n);
    node.boot();
    try {
      await sim.runAsync(2n * NS_PER_S);
      let error: unknown = null;
      let made = 0;
      try {
        for (; made < 10_000; made++) node.createTask();
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(NodeExhaustedError);
      const e = error as NodeExhaustedError;
      expect([e.node, e.time, e.resource]).to.deep.equal(['busy', 2n * NS_PER_S, 'tasks']);
      expect(e.message).to.match(/^node busy at 2\.0+ ?s: out of kernel tasks/);
      expect(e.message).to.contain('EAGAIN');
      expect(made).to.be.within(100, 1000);
      // The node lives on: a call on a task it made still works.
      expect(node.isDead()).to.equal(false);
    } finally {
      node.close();
    }
  });

  it('with the task limit raised, names the node when its memory runs out, and lives on', async () => {
    const sim = new Simulator();
    const node = new Node(sim, 'full', 1n);
    node.boot();
    try {
      node.sysctl('kernel.threads-max', '100000');
      let error: unknown = null;
      for (let i = 0; i < 20_000 && error === null; i++) {
        try {
          node.createTask();
        } catch (e) {
          error = e;
        }
      }
      expect(error).to.be.instanceOf(NodeExhaustedError);
      expect((error as NodeExhaustedError).resource).to.equal('memory');
      expect((error as Error).message).to.match(/^node full at 0\.0+ ?s: out of kernel memory/);
      expect(node.isDead()).to.equal(false);
      expect(node.sysctlGet('kernel.ostype')).to.equal('Linux');
    } finally {
      node.close();
    }
  });

  it('runs 1,000 udp-echo apps in sequence on one node; the last is answered', async function () {
    this.timeout(600_000);
    const t = twoNodes();
    try {
      const server = new UdpEchoServerApp(t.b, { port: 7, start: 0n });
      server.start();
      const clients: UdpEchoApp[] = [];
      for (let i = 0; i < 1000; i++) {
        const c = new UdpEchoApp(t.a, {
          to: '10.0.0.2',
          family: 4,
          port: 7,
          count: 1,
          interval: 100n * NS_PER_MS,
          start: NS_PER_S + BigInt(i) * 50n * NS_PER_MS,
          size: 32,
        });
        c.start();
        clients.push(c);
      }
      await t.sim.runAsync(NS_PER_S + 1000n * 50n * NS_PER_MS + NS_PER_S);
      const last = clients[999]!.result();
      expect(last.error).to.equal(null);
      expect(last.received).to.equal(1);
      expect(clients.filter((c) => c.result().received === 1)).to.have.length(1000);
    } catch (e) {
      if (e instanceof KernelError) throw new Error(`unexpected ${e.message}`);
      throw e;
    } finally {
      t.close();
    }
  });
});
