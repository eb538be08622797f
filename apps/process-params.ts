// SPDX-License-Identifier: GPL-2.0-only
/** The parameters of the process app (process.ts): a real program in simulated time, declared once. */
import { duration, text } from '../sim/core/param';
import { withDefaults } from '../sim/core/param-defaults';
import { parseParam } from '../sim/core/param-error';
import { splitCommand } from '../sim/topology/command-words';
import { kind, START } from './app-params';
import type { SpecOf } from './app-params';

/** A process app's keys besides type and node. */
export const PROCESS_PARAMS = {
  cmd: text({
    doc: 'the program and its arguments, split into words as run: commands are (no shell)',
    required: 'a process app needs cmd: (the program and its arguments)',
  }),
  start: START,
  stop: duration({
    doc: 'when to stop it: SIGTERM, then SIGKILL if a step runs past its wall-clock bound',
    default: null,
    unset: 'it runs until it exits or the run ends',
  }),
} as const;

/** process, as the loader reads it. */
export const PROCESS_KIND = kind(
  'process',
  "A real, unmodified program run on the node while simulated time advances (its sockets are the node's; " +
    'it waits in simulated time). Needs --allow-exec unless it is one of the configuration tools.',
  PROCESS_PARAMS,
  (node, given) => {
    const values = withDefaults(PROCESS_PARAMS, given);
    // Split here, so that a bad command line is an error at its key, before anything runs.
    return { type: 'process' as const, node, ...values, argv: parseParam('cmd', values.cmd, splitCommand) };
  },
);

/** A real program on a node, in simulated time. */
export type ProcessAppSpec = SpecOf<typeof PROCESS_KIND>;
