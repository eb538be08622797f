// SPDX-License-Identifier: GPL-2.0-only
/**
 * A process app's whole output goes to its output files as the run goes
 * (sim/run/simulation.ts hands the runner the results writer's files); one
 * that cannot be written fails the run, as a pcap that cannot be written
 * does, instead of leaving results that lack what the program said.
 */
import { expect } from 'chai';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { APP_KINDS } from '../../../apps/app-kinds';
import { Simulation } from '../../../sim/run/simulation';
import { parseTopology } from '../../../sim/topology/topology-loader';
import { OutputFileError } from '../../../traces/errors';
import { ResultsWriter } from '../../../traces/results-writer';
import { tempDirs } from '../../helpers/cli';

/** One node whose process app prints iproute2's version (an allowlisted tool: no --allow-exec). */
const TOPOLOGY = `duration: 1s
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24] }
apps:
  - { type: process, node: h1, cmd: "ip -V" }
`;

describe("Simulation: process apps' output files", function () {
  this.timeout(60_000);
  const dirs = tempDirs('libsim-sim-output-');
  after(() => dirs.cleanUp());

  /** Runs TOPOLOGY with a ResultsWriter in a new directory; `prepare` may set up that directory first. */
  async function run(prepare: (dir: string) => void = () => undefined): Promise<{ dir: string; error: unknown }> {
    const parent = dirs.make();
    // Programs run as nobody reach their node's directory by its absolute path.
    chmodSync(parent, 0o755);
    const dir = join(parent, 'out');
    mkdirSync(dir);
    prepare(dir);
    const output = new ResultsWriter(dir, { pcap: false });
    const topology = parseTopology(TOPOLOGY, 't.yaml', { apps: APP_KINDS });
    try {
      const summary = await new Simulation(topology, { output, logLevel: 'warn' }).run();
      output.finish(summary, topology, { report: false });
      return { dir, error: null };
    } catch (err) {
      output.discard();
      return { dir, error: err };
    } finally {
      output.close();
    }
  }

  it('streams the output to apps/0-h1.stdout', async () => {
    const { dir, error } = await run();
    expect(error).to.equal(null);
    expect(readFileSync(join(dir, 'apps', '0-h1.stdout'), 'utf8')).to.match(/^ip utility, iproute2-/);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
      apps: Array<{ stdout: string; stdout_file: string }>;
    };
    expect(summary.apps[0]!.stdout_file).to.equal('apps/0-h1.stdout');
    expect(readFileSync(join(dir, 'apps', '0-h1.stdout'), 'utf8')).to.equal(summary.apps[0]!.stdout);
  });

  it('fails the run, naming the file, when it cannot be written (a full disk), and leaves no output file', async () => {
    const { dir, error } = await run((d) => {
      mkdirSync(join(d, 'apps'));
      symlinkSync('/dev/full', join(d, 'apps', '0-h1.stdout.partial'));
    });
    expect(error).to.be.instanceOf(OutputFileError);
    expect((error as Error).message).to.match(/^apps\/0-h1\.stdout: cannot be written: ENOSPC/);
    expect(readdirSync(dir).sort()).to.deep.equal(['kernel', 'libsim.log', 'nodes']);
  });
});
