// SPDX-License-Identifier: GPL-2.0-only
/**
 * exitCodeOf() reads the exit code an error class declares: the classes
 * that mean bad input give 2, a kernel fault 3, everything else 70.  And
 * every error class of the project extends LibsimError, so that none falls
 * to 70 by being forgotten.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AppConfigError } from '../../../apps/app-config-error';
import { CommandFailedError } from '../../../sim/exec/command-failed-error';
import { CommandNotAllowedError } from '../../../sim/exec/command-not-allowed-error';
import { CommandNotFoundError } from '../../../sim/exec/command-not-found-error';
import { CommandSurvivorsError } from '../../../sim/exec/command-survivors-error';
import { CommandSyntaxError } from '../../../sim/topology/command-syntax-error';
import { CommandTimeoutError } from '../../../sim/exec/command-timeout-error';
import { NoLandlockError } from '../../../sim/exec/no-landlock-error';
import { ScratchOwnerError } from '../../../sim/exec/scratch-owner-error';
import { exitCodeOf } from '../../../sim/cli/commands';
import { InputError } from '../../../sim/core/input-error';
import { ResultsBusyError } from '../../../sim/cli/results-busy-error';
import { UsageError } from '../../../sim/cli/usage-error';
import { EXIT, SchedulingError } from '../../../sim/core/errors';
import { KernelApiError, KernelError, KernelFaultError } from '../../../sim/kernel/errors';
import { NodeConfigError } from '../../../sim/node/node-config-error';
import { NodeExhaustedError } from '../../../sim/node/node-exhausted-error';
import { NodeStateError } from '../../../sim/node/node-state-error';
import { InputFileError } from '../../../sim/topology/input-file-error';
import { TopologyError } from '../../../sim/topology/topology-error';
import { UnitError } from '../../../sim/topology/unit-error';
import { repoRoot } from '../../helpers/repo-root';

/** Every .ts file below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return sources(p);
      return name.endsWith('.ts') ? [p] : [];
    });
}

describe('exit codes', () => {
  it('2 for bad input, 3 for a kernel fault, 70 for the rest', () => {
    const badInput: Error[] = [
      new TopologyError('t.yaml', 'nodes.h1', 3, 'bad'),
      new UnitError('5 parsecs', 'duration', 'a number and a unit'),
      new InputError('--seed: bad'),
      new UsageError('no such option'),
      new ResultsBusyError('busy'),
      new NodeConfigError('h1', 'route', 'ENETUNREACH'),
      new AppConfigError('count -1'),
      new CommandFailedError('exit 1'),
      new CommandTimeoutError('10 s'),
      new CommandNotAllowedError('curl'),
      new CommandNotFoundError('nope'),
      new CommandSyntaxError('unclosed quote'),
      new InputFileError('not a file'),
      new NoLandlockError('no landlock'),
      new NodeExhaustedError('h1', 0n, 'tasks', new Error('EAGAIN')),
    ];
    for (const e of badInput) expect(exitCodeOf(e), e.name).to.equal(EXIT.BAD_INPUT);
    expect(exitCodeOf(new KernelFaultError('lib_run', 0n, 'BUG'))).to.equal(EXIT.KERNEL_FAULT);
    const internal: Error[] = [
      new Error('plain'),
      new KernelError(-11, 'recvfrom'),
      new KernelApiError('lib_run', -22),
      new NodeStateError('before boot'),
      new SchedulingError('in the past'),
      new CommandSurvivorsError('stuck'),
      new ScratchOwnerError('changed while walked'),
    ];
    for (const e of internal) expect(exitCodeOf(e), e.name).to.equal(EXIT.INTERNAL);
  });

  it('every error class of the sources extends LibsimError (or one of its subclasses)', () => {
    const root = repoRoot();
    const direct = ['sim', 'apps', 'traces', 'bin']
      .flatMap((d) => sources(join(root, d)))
      .filter((f) => /\bclass (?!LibsimError\b)\w+ extends Error\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(direct).to.deep.equal([]);
  });
});
