// SPDX-License-Identifier: GPL-2.0-only
/** The parameters of the process app (process.ts): a real program in simulated time, declared once. */
import { duration, text, textMap } from '../sim/core/param';
import { withDefaults } from '../sim/core/param-defaults';
import { ParamError, parseParam } from '../sim/core/param-error';
import { splitCommand } from '../sim/topology/command-words';
import { kind, START } from './app-params';
import type { SpecOf } from './app-params';

/**
 * The longest `NAME=value` string Linux passes to a program (MAX_ARG_STRLEN, 32 pages, with its NUL):
 * a longer one would make its exec fail with E2BIG, so it is refused when the file is read.
 */
export const MAX_ENV_STRING_BYTES = 32 * 4096;

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
  env: textMap({
    doc:
      "environment variables added to the program's (PATH, LC_ALL, TZ, PWD, HOME and TMPDIR replace libsim's " +
      'defaults)',
    names: /^[A-Za-z_][A-Za-z0-9_]*$/,
    namesWhat: 'an environment variable name (a letter or _, then letters, digits or _)',
    // What the exec shim needs to be loaded and to know its node and time: a program given other
    // values would escape the shim's accounting or see another node's clock.
    refused: [
      {
        name: 'LD_',
        prefix: true,
        why: "the LD_ variables are the dynamic loader's, and libsim loads its exec shim into the program through them",
      },
      {
        name: 'LIBSIM_',
        prefix: true,
        why: "the LIBSIM_ variables are libsim's own: they tell the exec shim its channel, node and simulated time",
      },
    ],
    default: {},
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
    checkEnvSizes(values.env);
    // Split here, so that a bad command line is an error at its key, before anything runs.
    return { type: 'process' as const, node, ...values, argv: parseParam('cmd', values.cmd, splitCommand) };
  },
);

/** A real program on a node, in simulated time. */
export type ProcessAppSpec = SpecOf<typeof PROCESS_KIND>;

/**
 * Refuses an environment string the kernel would not pass to the program.
 * @throws ParamError at the entry of env
 */
function checkEnvSizes(env: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(env)) {
    const bytes = Buffer.byteLength(`${name}=${value}`) + 1;
    if (bytes > MAX_ENV_STRING_BYTES) {
      throw new ParamError(
        'env',
        `${name}=... is ${bytes} bytes with its NUL: Linux passes at most ${MAX_ENV_STRING_BYTES} to a program (MAX_ARG_STRLEN)`,
        name,
      );
    }
  }
}
