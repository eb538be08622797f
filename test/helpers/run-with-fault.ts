// SPDX-License-Identifier: GPL-2.0-only
/**
 * `libsim run` as bin/libsim runs it -- runCommand(), its output, its exit
 * code -- in a process of its own, with one node's kernel made to fault
 * (a test hook the command line does not have):
 *
 *   node run-with-fault.js TOPOLOGY OUT NODE AT [KIND]
 *
 * AT is boot, configuration, commands or a simulated time in ns; KIND a
 * wild access of sim/kernel/debug-ops.ts (default write).  A process of its
 * own, so that a fault the guard fails to catch kills it, not mocha.
 */
import { exitCodeOf, runCommand } from '../../sim/cli/commands';
import type { WildAccess } from '../../sim/kernel/debug-ops';
import type { InjectedFault } from '../../sim/run/fault-injection';

const [file, out, node, at, kind] = process.argv.slice(2);
if (file === undefined || out === undefined || node === undefined || at === undefined) {
  process.stderr.write('usage: run-with-fault.js TOPOLOGY OUT NODE AT [KIND]\n');
  process.exit(64);
}
const fault: InjectedFault = {
  node,
  at: at === 'boot' || at === 'configuration' || at === 'commands' ? at : BigInt(at),
  ...(kind !== undefined ? { kind: kind as WildAccess } : {}),
};
runCommand({ file, out, pcap: true, report: false, logLevel: 'warn', verbose: false }, { injectFault: fault }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`libsim: ${err.message}\n`);
    process.exitCode = exitCodeOf(err);
  },
);
