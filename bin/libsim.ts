// SPDX-License-Identifier: GPL-2.0-only
/**
 * The libsim command line: `libsim run FILE`, `libsim exec FILE NODE --at T -- CMD...`,
 * `libsim test PATH...` and `libsim validate FILE`.
 *
 * Exit codes: 0 ok, 1 a check of `checks:` failed, 2 bad input, 3 kernel
 * fault, 70 internal error.  Errors are one line naming what to fix;
 * --verbose adds the stack.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runCommand, validateCommand, execCommand, exitCodeOf, CliOptions } from '../sim/cli/commands';
import { InputError } from '../sim/cli/input-error';
import { testCommand } from '../sim/cli/test-command';

const KERNEL_OPTION = { type: 'string', describe: 'another liblinux build for every node (e.g. one built from your kernel tree)' } as const;

async function main(argv: string[]): Promise<number> {
  let code = 0;
  try {
    await yargs(argv)
      .scriptName('libsim')
      .usage('$0 <command> [options]')
      .command('run <file>', 'simulate a topology and write its results', (y) => y
        .positional('file', { type: 'string', demandOption: true, describe: 'topology YAML file' })
        .option('out', { type: 'string', describe: 'results directory (default results/<topology name>)' })
        .option('seed', { type: 'string', describe: 'override the topology\'s seed' })
        .option('duration', { type: 'string', describe: 'override the topology\'s duration, e.g. 30s' })
        .option('pcap', { type: 'boolean', default: true, describe: 'write a pcap per device (--no-pcap: none)' })
        .option('report', { type: 'boolean', default: true, describe: 'write report.html (--no-report: none)' })
        .option('log-level', { type: 'string', default: 'warn', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] })
        .option('allow-exec', { type: 'boolean', default: false, describe: 'let run: commands start programs other than ip, tc, sysctl, bridge, ss, nstat -a -s' })
        .option('exec-timeout', { type: 'string', describe: 'wall-clock bound of each command (default 10s)' })
        .option('verbose', { type: 'boolean', default: false, describe: 'stack traces with errors' })
        .option('timings', { type: 'boolean', default: false, describe: 'print where the wall-clock time went (load, boot, run) and peak memory' })
        .option('kernel', KERNEL_OPTION),
      async (args) => {
        code = await guarded(args.verbose, () => runCommand(args as unknown as CliOptions));
      })
      .command('exec <file> <node>', 'simulate up to --at, then run a command on a node and print its output', (y) => y
        .usage('$0 exec FILE NODE --at T [--allow-exec] -- COMMAND [ARGS...]')
        .positional('file', { type: 'string', demandOption: true, describe: 'topology YAML file' })
        .positional('node', { type: 'string', demandOption: true, describe: 'the node to run the command on' })
        .option('at', { type: 'string', default: '0s', describe: 'simulated time to run it at, e.g. 5s' })
        .option('out', { type: 'string', describe: 'keep the run\'s logs in this directory' })
        .option('seed', { type: 'string', describe: 'override the topology\'s seed' })
        .option('allow-exec', { type: 'boolean', default: false, describe: 'run programs other than ip, tc, sysctl, bridge, ss, nstat -a -s' })
        .option('exec-timeout', { type: 'string', describe: 'wall-clock bound of each command (default 10s)' })
        .option('log-level', { type: 'string', default: 'warn', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] })
        .option('kernel', KERNEL_OPTION)
        .option('verbose', { type: 'boolean', default: false }),
      async (args) => {
        const rest = ((args as Record<string, unknown>)['--'] as Array<string | number> | undefined ?? []).map(String);
        code = await guarded(args.verbose, () => execCommand({
          file: args.file,
          node: args.node,
          at: args.at,
          argv: rest,
          allowExec: args['allow-exec'],
          logLevel: args['log-level'],
          ...(args.out !== undefined ? { out: args.out } : {}),
          ...(args.seed !== undefined ? { seed: args.seed } : {}),
          ...(args['exec-timeout'] !== undefined ? { execTimeout: args['exec-timeout'] } : {}),
          ...(args.kernel !== undefined ? { kernel: args.kernel } : {}),
        }));
      })
      .command('test <paths..>', 'run the checks of topologies (files, or directories searched for *.yaml); TAP on stdout', (y) => y
        .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'topology files or directories' })
        .option('junit', { type: 'string', describe: 'also write JUnit XML to this file' })
        .option('out', { type: 'string', describe: 'keep each run\'s summary.json and logs under this directory' })
        .option('seed', { type: 'string', describe: 'override the topologies\' seeds' })
        .option('kernel', KERNEL_OPTION)
        .option('allow-exec', { type: 'boolean', default: false, describe: 'let commands start programs other than ip, tc, sysctl, bridge, ss, nstat -a -s' })
        .option('exec-timeout', { type: 'string', describe: 'wall-clock bound of each command (default 10s)' })
        .option('log-level', { type: 'string', default: 'warn', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] })
        .option('verbose', { type: 'boolean', default: false }),
      async (args) => {
        code = await guarded(args.verbose, () => testCommand({
          paths: args.paths,
          allowExec: args['allow-exec'],
          logLevel: args['log-level'],
          ...(args.junit !== undefined ? { junit: args.junit } : {}),
          ...(args.out !== undefined ? { out: args.out } : {}),
          ...(args.seed !== undefined ? { seed: args.seed } : {}),
          ...(args.kernel !== undefined ? { kernel: args.kernel } : {}),
          ...(args['exec-timeout'] !== undefined ? { execTimeout: args['exec-timeout'] } : {}),
        }));
      })
      .command('validate <file>', 'check a topology file without running it', (y) => y
        .positional('file', { type: 'string', demandOption: true })
        .option('allow-exec', { type: 'boolean', default: false, describe: 'accept run: programs other than ip, tc, sysctl, bridge, ss, nstat -a -s' })
        .option('verbose', { type: 'boolean', default: false }),
      async (args) => {
        code = await guarded(args.verbose, () => validateCommand(args.file, args['allow-exec']));
      })
      .parserConfiguration({ 'populate--': true })
      .demandCommand(1, 'name a command: run, exec, test or validate')
      .strict()
      .fail((msg, err) => {
        // Only usage errors get here (commands catch their own): abort the
        // parse, so no command runs after one.
        throw new InputError(msg || err?.message || 'bad usage');
      })
      .help()
      .parseAsync();
  } catch (err) {
    // yargs throws usage errors from the fail handler synchronously or not.
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`libsim: ${e.message}\n`);
    code = exitCodeOf(e);
  }
  return code;
}

/** Runs a command; maps its failure to one line and an exit code. */
async function guarded(verbose: boolean, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`libsim: ${verbose && e.stack ? e.stack : e.message}\n`);
    return exitCodeOf(e);
  }
}

// A reader that went away (`libsim run ... | head`) is not an error of the
// run: the results are in the out directory.  Without a handler Node
// would die with a stack trace on the first write after it left.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
}, (err: unknown) => {
  process.stderr.write(`libsim: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 70;
});
