// SPDX-License-Identifier: GPL-2.0-only
/**
 * The results writer (traces/results-writer.ts) with stand-in nodes: what it
 * writes, what a failed run leaves, and no pcap directory without pcaps.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Simulator } from '../../sim/core/simulator';
import type { Node } from '../../sim/node/node';
import { NodeDevice } from '../../sim/node/node-device';
import type { Topology } from '../../sim/topology/topology';
import { fakeDeviceHost } from '../helpers/fake-device-host';
import { OutputFileError } from '../../traces/errors';
import { RESULT_ENTRIES } from '../../traces/result-names';
import { ResultsWriter } from '../../traces/results-writer';
import type { RunSummary } from '../../traces/run-summary';

/** A node with one device and no kernel: enough for the writer to attach to. */
function fakeNode(sim: Simulator, name: string): { node: Node; device: NodeDevice } {
  const device = new NodeDevice(fakeDeviceHost(sim, name), 'eth0', 2, new Uint8Array(6), 1500);
  return { node: { name, devices: () => [device] } as unknown as Node, device };
}

const SUMMARY = {
  kernel: '6.1.0',
  seed: 1n,
  duration_ns: 10n,
  apps: [],
  links: [],
  faults: [],
  checks: [],
  nodes: [{ name: 'n2' }, { name: 'n1' }],
  commands: [
    { node: 'n1', at_ns: 0n, cmd: 'ip link', exit: 0, signal: null, stdout: 'lo\n', stderr: '', syscalls: 3 },
    { node: 'n2', at_ns: 0n, cmd: 'sysctl x', exit: 255, signal: null, stdout: '', stderr: 'no x', syscalls: 1 },
    {
      node: 'n1',
      at_ns: 1_000_000n,
      cmd: 'sleep',
      exit: null,
      signal: 'SIGKILL',
      stdout: 'z',
      stderr: '',
      syscalls: 0,
    },
  ],
} as unknown as RunSummary;

describe('traces/results-writer', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'libsim-results-')), 'out');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it("writes every result of a run, and only entries the results directory knows as libsim's", () => {
    const sim = new Simulator();
    const w = new ResultsWriter(dir, { pcap: true });
    const n1 = fakeNode(sim, 'n1');
    w.attach({ nodes: [n1.node], links: [] });
    expect(w.scratchDir('n1')).to.equal(join(dir, 'nodes', 'n1'));
    n1.device.transmit(Buffer.alloc(60, 1));
    expect(existsSync(join(dir, 'pcap', 'n1-eth0.pcap')), 'renamed only at the end').to.equal(false);
    w.kernelLog('n1', ['booted', 'done']);
    w.finish(SUMMARY, {} as Topology, { report: false });
    w.writeRecord('nodes: {}\n', { libsim: 'x' });
    w.close();
    w.close();
    expect(readdirSync(dir).sort()).to.deep.equal([
      'commands',
      'kernel',
      'libsim.log',
      'pcap',
      'run.json',
      'summary.json',
      'topology.yaml',
    ]);
    for (const e of readdirSync(dir)) expect(RESULT_ENTRIES).to.include(e);
    expect(readFileSync(join(dir, 'kernel', 'n1.log'), 'utf8')).to.equal('booted\ndone\n');
    expect(readdirSync(join(dir, 'commands')).sort()).to.deep.equal(['n1.txt', 'n2.txt']);
    expect(readFileSync(join(dir, 'commands', 'n1.txt'), 'utf8')).to.equal(
      '$ ip link    # at 0.000000000s, exit 0\nlo\n$ sleep    # at 0.001000000s, killed by SIGKILL\nz\n',
    );
    expect(readFileSync(join(dir, 'commands', 'n2.txt'), 'utf8')).to.equal(
      '$ sysctl x    # at 0.000000000s, exit 255\n--- stderr\nno x\n',
    );
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).seed).to.equal(1);
    // The 24-byte file header and one record of 16 + 60 bytes.
    expect(readFileSync(join(dir, 'pcap', 'n1-eth0.pcap')).length).to.equal(24 + 16 + 60);
    expect(readFileSync(join(dir, 'topology.yaml'), 'utf8')).to.equal('nodes: {}\n');
  });

  it('after a failed run leaves its logs and no pcap, and stops recording', () => {
    const sim = new Simulator();
    const w = new ResultsWriter(dir, { pcap: true });
    const n1 = fakeNode(sim, 'n1');
    w.attach({ nodes: [n1.node], links: [] });
    n1.device.transmit(Buffer.alloc(60));
    w.discard();
    w.close();
    expect(readdirSync(dir).sort()).to.deep.equal(['kernel', 'libsim.log']);
    expect(n1.device.taps.sent.active, 'nobody listens any more').to.equal(false);
    n1.device.transmit(Buffer.alloc(60));
    expect(sim.failure).to.equal(null);
  });

  it('writes no pcap directory when pcaps are off', () => {
    const sim = new Simulator();
    const w = new ResultsWriter(dir, { pcap: false });
    w.attach({ nodes: [fakeNode(sim, 'n1').node], links: [] });
    w.finish({ ...SUMMARY, commands: [] }, {} as Topology, { report: false });
    w.close();
    expect(readdirSync(dir).sort()).to.deep.equal(['kernel', 'libsim.log', 'summary.json']);
  });

  describe("a process app's output files", () => {
    it('streams each file as written, renames it into place at finish, and names it relative to the results', () => {
      const w = new ResultsWriter(dir, { pcap: false });
      const out = w.programOutput(3, 'h1');
      expect(out.files).to.deep.equal({ stdout: 'apps/3-h1.stdout', stderr: 'apps/3-h1.stderr' });
      out.stdout.write(Buffer.from('one '));
      out.stdout.write(Buffer.alloc(100_000, 0x61));
      // On its way to the disk at once (nothing kept in memory), under the name that says it is incomplete.
      expect(readFileSync(join(dir, 'apps', '3-h1.stdout.partial')).length).to.equal(100_004);
      expect(existsSync(join(dir, 'apps', '3-h1.stdout'))).to.equal(false);
      w.finish({ ...SUMMARY, commands: [] }, {} as Topology, { report: false });
      w.close();
      expect(readdirSync(join(dir, 'apps')).sort()).to.deep.equal(['3-h1.stderr', '3-h1.stdout']);
      expect(readFileSync(join(dir, 'apps', '3-h1.stdout')).toString('latin1')).to.equal(`one ${'a'.repeat(100_000)}`);
      expect(readFileSync(join(dir, 'apps', '3-h1.stderr')).length).to.equal(0);
      for (const e of readdirSync(dir)) expect(RESULT_ENTRIES).to.include(e);
      // A program killed at the end of the run may still flush: nothing changes any more.
      out.stdout.write(Buffer.from('late'));
      expect(readFileSync(join(dir, 'apps', '3-h1.stdout')).length).to.equal(100_004);
    });

    it('leaves none after a failed run, nor after one that never finished (libsim exec)', () => {
      const failed = new ResultsWriter(dir, { pcap: false });
      failed.programOutput(0, 'h1').stdout.write(Buffer.from('x'));
      failed.discard();
      failed.close();
      expect(readdirSync(dir).sort()).to.deep.equal(['kernel', 'libsim.log']);
      const exec = new ResultsWriter(dir, { pcap: false });
      exec.programOutput(0, 'h1').stderr.write(Buffer.from('x'));
      exec.close();
      expect(readdirSync(dir).sort()).to.deep.equal(['kernel', 'libsim.log']);
    });

    it('names the file it cannot create', () => {
      const w = new ResultsWriter(dir, { pcap: false });
      // Something else is where the file would be written (root may write anywhere, so no mode would do).
      mkdirSync(join(dir, 'apps', '0-h1.stdout.partial'), { recursive: true });
      expect(() => w.programOutput(0, 'h1')).to.throw(
        OutputFileError,
        /^apps\/0-h1\.stdout: cannot be created: EISDIR/,
      );
      w.close();
    });

    it('names the file it cannot write', () => {
      const w = new ResultsWriter(dir, { pcap: false });
      // A full disk: the file being written is /dev/full.
      mkdirSync(join(dir, 'apps'));
      symlinkSync('/dev/full', join(dir, 'apps', '0-h1.stdout.partial'));
      const out = w.programOutput(0, 'h1');
      expect(() => out.stdout.write(Buffer.from('x'))).to.throw(
        OutputFileError,
        /^apps\/0-h1\.stdout: cannot be written: ENOSPC/,
      );
      w.discard();
      w.close();
      expect(readdirSync(dir).sort()).to.deep.equal(['kernel', 'libsim.log']);
    });
  });
});
