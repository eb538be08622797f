// SPDX-License-Identifier: GPL-2.0-only
/**
 * Runs real programs on a test node through the exec shim, as `run:`
 * commands do: `sh(cmd)` resolves the program (allowlist unless told),
 * runs it at the node's current simulated time and returns its result.
 */
import { resolveProgram } from '../../sim/exec/program-lookup';
import { splitCommand } from '../../sim/topology/command-words';
import { CommandRunner } from '../../sim/exec/command-runner';
import type { CommandResult, CommandRunnerOptions } from '../../sim/exec/command-runner';
import type { Node } from '../../sim/node/node';

/** A shell-like runner bound to one node. */
export interface NodeShell {
  /** Runs `cmd`; rejects unless it exits 0. Resolves with its stdout. */
  sh(cmd: string): Promise<string>;
  /** Runs `cmd` (with `stdin` as its standard input; default /dev/null) and resolves with its whole result, whatever its status. */
  run(cmd: string, stdin?: string | null): Promise<CommandResult>;
}

/** A NodeShell on `node` (with `allowExec`, any program). */
export function nodeShell(node: Node, allowExec = false, options: CommandRunnerOptions = {}): NodeShell {
  const runner = new CommandRunner(node, options);
  const run = (cmd: string, stdin: string | null = null): Promise<CommandResult> => {
    const argv = splitCommand(cmd);
    return runner.run(resolveProgram(argv[0]!, allowExec, argv), argv, cmd, stdin);
  };
  return {
    run,
    sh: async (cmd: string): Promise<string> => {
      const r = await run(cmd);
      if (r.exit !== 0) throw new Error(`${cmd}: exit ${r.exit ?? r.signal}: ${r.stderr}`);
      return r.stdout;
    },
  };
}
