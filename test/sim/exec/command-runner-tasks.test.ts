// SPDX-License-Identifier: GPL-2.0-only
/**
 * The command runner ends the tasks it used (issue 17): a command killed
 * while a call of it was still pending in the kernel leaves no task, no
 * socket and no bound port behind; commands run in any number on a node.
 */
import { expect } from 'chai';
import { CommandTimeoutError } from '../../../sim/exec/command-timeout-error';
import { nodeShell } from '../../helpers/node-shell';
import { twoNodes } from '../../helpers/two-nodes';

const PY = '/usr/bin/python3';
const bindUdp = (port: number, then: string): string =>
  `${PY} -I -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('0.0.0.0', ${port})); ${then}"`;

describe('sim/exec/command-runner: tasks end', function () {
  this.timeout(600_000);

  it('ends the task of a command killed in a blocking call: its socket is closed', async () => {
    const t = twoNodes();
    try {
      const a = nodeShell(t.a, true, { timeoutMs: 3000 });
      // recv() waits for a datagram that cannot come: simulated time stands still.
      await a.run(bindUdp(5555, 's.recv(10)')).then(
        () => expect.fail('a command blocked for good finished'),
        (e: Error) => expect(e).to.be.instanceOf(CommandTimeoutError),
      );
      const r = await a.run(bindUdp(5555, "print('bound again')"));
      expect([r.exit, r.stdout, r.stderr]).to.deep.equal([0, 'bound again\n', '']);
    } finally {
      t.close();
    }
  });

  it('runs 1,000 commands in sequence on one node; the last still works', async () => {
    const t = twoNodes();
    try {
      const a = nodeShell(t.a);
      for (let i = 0; i < 999; i++) await a.sh('sysctl -n kernel.ostype');
      expect(await a.sh('ip -br addr show dev eth0')).to.match(/^eth0 +\S+ +10\.0\.0\.1\/24/);
    } finally {
      t.close();
    }
  });
});
