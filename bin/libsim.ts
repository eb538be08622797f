// SPDX-License-Identifier: GPL-2.0-only
/**
 * The libsim command line: `libsim run FILE`, `libsim exec FILE NODE --at T -- CMD...`,
 * `libsim test PATH...`, `libsim validate FILE`, `libsim reproduce DIR` and `libsim kernels`.
 *
 * Exit codes: 0 ok, 1 a check of `checks:` failed, 2 bad input, 3 kernel
 * fault, 70 internal error.  Errors are one line naming what to fix;
 * --verbose adds the stack.
 */
import { runCommand, validateCommand, execCommand, exitCodeOf } from '../sim/cli/commands';
import { CommandSpec, OptionSpec, ParsedCommand, parseCommandLine } from '../sim/cli/argv-parser';
import { testCommand } from '../sim/cli/test-command';
import { reproduceCommand } from '../sim/cli/reproduce-command';
import { kernelsCommand } from '../sim/cli/kernels-command';
import { libsimVersion } from '../sim/cli/provenance';
import { ALLOWED_TOOLS } from '../sim/exec/program-lookup';
import { oneLine } from '../sim/core/quote';
import { exitOnInterrupt } from '../sim/cli/interrupts';

const ALLOWLIST = `${ALLOWED_TOOLS.join(', ')} (nstat only as nstat -a -s)`;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const FILE = { name: 'file', describe: 'topology YAML file' };
const KERNEL: OptionSpec = {
  type: 'string',
  value: 'PATH',
  describe: 'another liblinux build for every node (e.g. one built from your kernel tree)',
};
const SEED: OptionSpec = { type: 'string', value: 'N', describe: "override the topology's seed" };
const EXEC_TIMEOUT: OptionSpec = {
  type: 'string',
  value: 'T',
  describe: 'wall-clock bound of each command (default 10s)',
};
const LOG_LEVEL: OptionSpec = {
  type: 'string',
  value: 'LEVEL',
  default: 'warn',
  choices: LOG_LEVELS,
  describe: 'the least severe records libsim.log keeps',
};
const VERBOSE: OptionSpec = { type: 'boolean', default: false, describe: 'stack traces with errors' };
const FORCE: OptionSpec = {
  type: 'boolean',
  default: false,
  describe: 'run even when the nodes look too many for the memory available',
};

const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'run',
    summary: 'simulate a topology and write its results',
    positionals: [FILE],
    options: {
      out: { type: 'string', value: 'DIR', describe: 'results directory (default results/<topology name>)' },
      seed: SEED,
      duration: { type: 'string', value: 'T', describe: "override the topology's duration, e.g. 30s" },
      pcap: { type: 'boolean', default: true, describe: 'write a pcap per device' },
      report: { type: 'boolean', default: true, describe: 'write report.html' },
      'log-level': LOG_LEVEL,
      'allow-exec': {
        type: 'boolean',
        default: false,
        describe: `let run: commands start programs other than ${ALLOWLIST}`,
      },
      'exec-timeout': EXEC_TIMEOUT,
      verbose: VERBOSE,
      timings: {
        type: 'boolean',
        default: false,
        describe: 'print where the wall-clock time went (load, boot, run) and peak memory',
      },
      kernel: KERNEL,
      force: FORCE,
    },
  },
  {
    name: 'exec',
    summary: 'simulate up to --at, then run a command on a node and print its output',
    positionals: [FILE, { name: 'node', describe: 'the node to run the command on' }],
    rest: { usage: 'COMMAND [ARGS...]', describe: 'the command, e.g. -- ip route' },
    options: {
      at: { type: 'string', value: 'T', default: '0s', describe: 'simulated time to run it at, e.g. 5s' },
      out: { type: 'string', value: 'DIR', describe: "keep the run's logs in this directory" },
      seed: SEED,
      'allow-exec': { type: 'boolean', default: false, describe: `run programs other than ${ALLOWLIST}` },
      'exec-timeout': EXEC_TIMEOUT,
      'log-level': LOG_LEVEL,
      kernel: KERNEL,
      force: FORCE,
      verbose: VERBOSE,
    },
  },
  {
    name: 'test',
    summary: 'run the checks of topologies (files, or directories searched for *.yaml); TAP on stdout',
    positionals: [{ name: 'paths', variadic: true, describe: 'topology files or directories' }],
    options: {
      junit: { type: 'string', value: 'FILE', describe: 'also write JUnit XML to this file' },
      out: { type: 'string', value: 'DIR', describe: "keep each run's summary.json and logs under this directory" },
      seed: { ...SEED, describe: "override the topologies' seeds" },
      kernel: KERNEL,
      force: FORCE,
      'allow-exec': {
        type: 'boolean',
        default: false,
        describe: `let commands start programs other than ${ALLOWLIST}`,
      },
      'exec-timeout': EXEC_TIMEOUT,
      'log-level': LOG_LEVEL,
      verbose: VERBOSE,
    },
  },
  {
    name: 'reproduce',
    summary: 'run the experiment a results directory records again and compare its results byte for byte',
    positionals: [{ name: 'dir', describe: 'results directory of a finished libsim run (it has run.json)' }],
    options: {
      kernel: {
        type: 'string',
        value: 'PATH',
        describe: 'a copy of the recorded kernel build (same SHA-256), where the recorded path no longer has it',
      },
      keep: { type: 'boolean', default: false, describe: "keep the rerun's directory when identical too" },
      'log-level': LOG_LEVEL,
      verbose: VERBOSE,
    },
  },
  {
    name: 'kernels',
    summary: 'list the liblinux builds kept in the build cache, with SHA-256, release and Debian version',
    positionals: [],
    options: { verbose: VERBOSE },
  },
  {
    name: 'validate',
    summary: 'check a topology file without running it',
    positionals: [FILE],
    options: {
      'allow-exec': { type: 'boolean', default: false, describe: `accept run: programs other than ${ALLOWLIST}` },
      verbose: VERBOSE,
    },
  },
];

/** Runs the parsed command: its exit code. */
function dispatch(c: ParsedCommand): Promise<number> {
  if (c.spec.name === 'validate') return validateCommand(c.positional('file'), c.flag('allow-exec'));
  if (c.spec.name === 'kernels') return kernelsCommand();
  if (c.spec.name === 'reproduce') {
    const kernel = c.string('kernel');
    return reproduceCommand({
      dir: c.positional('dir'),
      keep: c.flag('keep'),
      logLevel: c.string('log-level')!,
      ...(kernel !== undefined ? { kernel } : {}),
    });
  }
  const common = {
    allowExec: c.flag('allow-exec'),
    logLevel: c.string('log-level')!,
    kernel: c.string('kernel'),
    execTimeout: c.string('exec-timeout'),
    out: c.string('out'),
    seed: c.string('seed'),
    force: c.flag('force'),
  };
  switch (c.spec.name) {
    case 'run':
      return runCommand({
        ...common,
        file: c.positional('file'),
        duration: c.string('duration'),
        pcap: c.flag('pcap'),
        report: c.flag('report'),
        verbose: c.flag('verbose'),
        timings: c.flag('timings'),
      });
    case 'exec':
      return execCommand({
        ...common,
        file: c.positional('file'),
        node: c.positional('node'),
        at: c.string('at')!,
        argv: [...c.rest],
      });
    default:
      return testCommand({ ...common, paths: [...c.positionals('paths')], junit: c.string('junit') });
  }
}

/**
 * The one line an error prints as: whatever the message holds (user text,
 * a tool's output), nothing in it can end the line or print one that
 * looks like libsim's own.  --verbose adds the stack's frames below it.
 */
function errorText(e: Error, verbose: boolean): string {
  const line = `libsim: ${oneLine(e.message)}`;
  const frames = verbose ? (e.stack?.split('\n').filter((l) => /^\s+at /.test(l)) ?? []) : [];
  return [line, ...frames].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  let verbose = false;
  try {
    const line = parseCommandLine('libsim', COMMANDS, argv);
    if (line.kind === 'help') {
      process.stdout.write(`${line.text}\n`);
      return 0;
    }
    if (line.kind === 'version') {
      process.stdout.write(`${libsimVersion()}\n`);
      return 0;
    }
    verbose = line.command.flag('verbose');
    return await dispatch(line.command);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`${errorText(e, verbose)}\n`);
    return exitCodeOf(e);
  }
}

// A reader that went away (`libsim run ... | head`) is not an error of the
// run: the results are in the out directory.  Without a handler Node
// would die with a stack trace on the first write after it left.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

// Ctrl-C and SIGTERM stop a run at once, undoing what it had under way (sim/cli/interrupts.ts).
exitOnInterrupt();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`libsim: internal error: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    process.exitCode = 70;
  },
);
