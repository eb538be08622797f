// SPDX-License-Identifier: GPL-2.0-only
/**
 * A `run:` entry of a node: a real program (ip, tc, sysctl, ...) run on the
 * node at a simulated time.  Its keys are declared once here (the loader's
 * checks and the JSON Schema follow from them); the programs are run by the
 * exec machinery, which takes a CommandSpec.
 */
import { duration, flag, text } from '../core/param';
import type { Given, ParamsOf } from '../core/param';
import { withDefaults } from '../core/param-defaults';

/** The keys of a `run:` entry written as a map (a plain string is a command at 0). */
export const COMMAND_PARAMS = {
  at: duration({ doc: 'when to run it (a string entry runs at 0, after configuration)', default: 0n }),
  cmd: text({
    doc: 'the command line, split into words without a shell',
    required: 'a run entry is a command, or { at: <time>, cmd: <command>, stdin: <text>, allow-fail: true|false }',
  }),
  stdin: text({
    doc: "text fed to the program's standard input, e.g. one ip -batch - command per line",
    default: null,
    unset: 'none, /dev/null',
  }),
  allowFail: flag({ key: 'allow-fail', doc: 'a non-zero exit is recorded, not an error', default: false }),
} as const;

/** One `run:` entry: a real program (ip, tc, sysctl, ...) run on the node at a simulated time. */
export interface CommandSpec extends ParamsOf<typeof COMMAND_PARAMS> {
  /** Its words (no shell: quotes group, nothing else is special). */
  readonly argv: readonly string[];
  /** Where the entry is, for messages: its path in the topology ("nodes.r1.run[2]") and line. */
  readonly path: string;
  readonly line: number;
}

/** A command's parameters from what a file gave, their defaults applied. */
export function commandParams(given: Given<typeof COMMAND_PARAMS>): ParamsOf<typeof COMMAND_PARAMS> {
  return withDefaults(COMMAND_PARAMS, given);
}
