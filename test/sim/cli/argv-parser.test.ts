// SPDX-License-Identifier: GPL-2.0-only
/**
 * The command-line parser (sim/cli/argv-parser.ts) on a made-up set of
 * commands: positionals, options, `--`, and the usage errors.
 */
import { expect } from 'chai';
import { CommandSpec, ParsedCommand, parseCommandLine } from '../../../sim/cli/argv-parser';
import { UsageError } from '../../../sim/cli/usage-error';
import { InputError } from '../../../sim/core/input-error';

const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'go',
    summary: 'go somewhere',
    positionals: [{ name: 'file', describe: 'where' }],
    options: {
      out: { type: 'string', value: 'DIR', describe: 'results' },
      level: { type: 'string', default: 'warn', choices: ['warn', 'info'], describe: 'how loud' },
      pcap: { type: 'boolean', default: true, describe: 'traces' },
      verbose: { type: 'boolean', default: false, describe: 'stacks' },
    },
  },
  {
    name: 'exec',
    summary: 'run a command',
    positionals: [
      { name: 'file', describe: 'where' },
      { name: 'node', describe: 'which' },
    ],
    rest: { usage: 'COMMAND [ARGS...]', describe: 'the command' },
    options: {},
  },
  {
    name: 'check',
    summary: 'check things',
    positionals: [{ name: 'paths', variadic: true, describe: 'what' }],
    options: {},
  },
];

function parse(...argv: string[]): ParsedCommand {
  const line = parseCommandLine('prog', COMMANDS, argv);
  if (line.kind !== 'command') throw new Error(`not a command: ${line.kind}`);
  return line.command;
}

function usageError(...argv: string[]): string {
  try {
    parseCommandLine('prog', COMMANDS, argv);
  } catch (e) {
    expect(e).to.be.instanceOf(UsageError);
    // Bad usage is bad input: the CLI's exit code 2.
    expect(e).to.be.instanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
}

describe('argv parser', () => {
  it('fills positionals and options, in any order, and defaults the rest', () => {
    const c = parse('go', '--out', 'r', 'x.yaml', '--no-pcap');
    expect(c.spec.name).to.equal('go');
    expect(c.positional('file')).to.equal('x.yaml');
    expect(c.string('out')).to.equal('r');
    expect(c.string('level')).to.equal('warn');
    expect(c.flag('pcap')).to.equal(false);
    expect(c.flag('verbose')).to.equal(false);
    const d = parse('go', 'x.yaml', '--level=info', '--verbose');
    expect(d.string('out')).to.equal(undefined);
    expect(d.string('level')).to.equal('info');
    expect(d.flag('pcap')).to.equal(true);
    expect(d.flag('verbose')).to.equal(true);
  });

  it('a later --flag / --no-flag wins', () => {
    expect(parse('go', 'x', '--no-pcap', '--pcap').flag('pcap')).to.equal(true);
    expect(parse('go', 'x', '--pcap', '--no-pcap').flag('pcap')).to.equal(false);
  });

  it('passes everything after -- on untouched, options included', () => {
    const c = parse('exec', 'f.yaml', 'h1', '--', 'ip', '-s', 'link', '--', 'x');
    expect(c.positional('node')).to.equal('h1');
    expect(c.rest).to.deep.equal(['ip', '-s', 'link', '--', 'x']);
    expect(parse('exec', 'f.yaml', 'h1').rest).to.deep.equal([]);
  });

  it('a variadic positional takes all that remain', () => {
    expect(parse('check', 'a', 'b', 'c').positionals('paths')).to.deep.equal(['a', 'b', 'c']);
  });

  it('an option value may start with a dash when written inline', () => {
    expect(parse('go', 'x', '--out=-weird').string('out')).to.equal('-weird');
  });

  it('names the command and the mistake', () => {
    expect(usageError()).to.contain('name a command: go, exec, check');
    expect(usageError('frob')).to.contain('unknown command "frob"');
    expect(usageError('--out', 'x')).to.contain('name a command before options');
    expect(usageError('go', 'x', '--bogus')).to.equal('go: unknown option --bogus (prog go --help lists them)');
    expect(usageError('go', 'x', '-q')).to.contain('unknown option -q');
    expect(usageError('go')).to.equal('go: missing FILE (prog go FILE [options])');
    expect(usageError('check')).to.contain('missing PATHS...');
    expect(usageError('exec', 'f')).to.contain('missing NODE');
    expect(usageError('go', 'x', 'y')).to.contain('unexpected argument "y"');
    expect(usageError('go', 'x', '--out')).to.equal('go: --out needs a value');
    expect(usageError('go', 'x', '--out', '--verbose')).to.contain('--out needs a value, not the option --verbose');
    expect(usageError('go', 'x', '--out', 'a', '--out', 'b')).to.equal('go: --out given twice');
    expect(usageError('go', 'x', '--level', 'loud')).to.equal('go: --level loud: one of warn, info');
    expect(usageError('go', 'x', '--pcap=no')).to.contain('--pcap takes no value (--no-pcap turns it off)');
    expect(usageError('go', 'x', '--', 'ls')).to.equal('go: takes no arguments after --');
    expect(usageError('check', '--no-such')).to.contain('unknown option --no-such');
    // Names an object inherits are no options either.
    expect(usageError('go', 'x', '--constructor=y')).to.contain('unknown option --constructor');
    expect(usageError('go', 'x', '--no-toString')).to.contain('unknown option --no-toString');
  });

  it('a -- with nothing after it is no argument', () => {
    expect(parse('go', 'x', '--').positional('file')).to.equal('x');
  });

  it('--help and --version instead of a command, even with mistakes around them', () => {
    const main = parseCommandLine('prog', COMMANDS, ['--help']);
    expect(main.kind).to.equal('help');
    if (main.kind !== 'help') return;
    for (const c of COMMANDS) expect(main.text).to.contain(c.summary);
    expect(main.text).to.match(/exec FILE NODE -- COMMAND \[ARGS\.\.\.\] +run a command/);
    const own = parseCommandLine('prog', COMMANDS, ['go', '--bogus', '-h']);
    expect(own.kind).to.equal('help');
    if (own.kind !== 'help') return;
    expect(own.text.split('\n')[0]).to.equal('prog go FILE [options]');
    expect(own.text).to.match(/--\[no-\]pcap +traces \(on by default\)/);
    expect(own.text).to.match(/--level VALUE +how loud \(one of warn, info; default warn\)/);
    expect(own.text).to.match(/--out DIR +results\n/);
    expect(parseCommandLine('prog', COMMANDS, ['exec', '--help']).kind).to.equal('help');
    expect(parseCommandLine('prog', COMMANDS, ['--version']).kind).to.equal('version');
  });

  it('asking for an option the command does not declare is a programming error, not a default', () => {
    const c = parse('go', 'x');
    expect(() => c.string('pcap')).to.throw(/no string option --pcap/);
    expect(() => c.flag('nope')).to.throw(/no boolean option --nope/);
    expect(() => c.positionals('file')).to.throw(/no variadic positional file/);
  });
});
