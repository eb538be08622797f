// SPDX-License-Identifier: GPL-2.0-only
/**
 * A program sees its node's scratch directory (<out>/nodes/<node> on the
 * host, staged under a name with libsim's pid in it) as /root, the same in
 * every run and every results directory: its working directory, $PWD and
 * $TMPDIR, and every way a path of that directory comes back to it
 * (getcwd and get_current_dir_name, readlink of /proc/self/cwd and
 * /proc/self/fd/N, realpath, tempfile's names).  Files reached by /root/...
 * are the node's, in the results; ".." out of /root reaches no further than
 * it did before there was a /root.
 */
import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '../../helpers/cli';
import { PYTHON, pythonCmd, runProcesses, TWO_HOSTS, yamlString } from '../../helpers/process-run';
import { NODE_DIR_VIEW } from '../../../sim/exec/node-view';

/** TWO_HOSTS with a `run:` command on h2 that prints its working directory. */
const WITH_RUN = TWO_HOSTS.replace(
  '      eth0: { addresses: [10.0.0.2/24] }\n',
  '      eth0: { addresses: [10.0.0.2/24] }\n' +
    `    run:\n      - ${yamlString(`${PYTHON} -c "import os; print(os.getcwd())"`)}\n`,
);

/** Every path of its directory a Python program can be told, one line each. */
const PRINT_PATHS = [
  'import os, tempfile, ctypes',
  'print(os.getcwd())',
  'print(os.readlink("/proc/self/cwd"))',
  'print(os.environ["TMPDIR"], os.environ["PWD"])',
  'fd, name = tempfile.mkstemp()',
  'print(name, os.readlink("/proc/self/fd/%d" % fd))',
  'print(tempfile.mkdtemp())',
  'print(os.path.realpath("."), os.path.realpath(name))',
  'c = ctypes.CDLL(None)',
  'c.get_current_dir_name.restype = c.realpath.restype = c.getcwd.restype = ctypes.c_char_p',
  'print(c.get_current_dir_name().decode(), c.realpath(b".", None).decode(), c.getcwd(None, 0).decode())',
  'print(sorted(k for k in os.environ if k.startswith("LIBSIM_NODE")))',
].join('\n');

describe('exec shim: the node directory as /root', function () {
  this.timeout(300_000);
  const tmp = tempDirs('libsim-node-view-');
  after(() => tmp.cleanUp());

  it('getcwd, /proc/self/cwd, $TMPDIR, $PWD, tempfile and realpath say /root: the same bytes in two directories', () => {
    const topology =
      `${WITH_RUN}apps:\n` +
      `  - { type: process, node: h1, cmd: ${pythonCmd(PRINT_PATHS)} }\n` +
      `  - { type: process, node: h1, start: 1s, cmd: "readlink /proc/self/cwd" }\n` +
      `  - { type: process, node: h1, start: 2s, cmd: "pwd" }\n` +
      `  - { type: process, node: h1, start: 3s, cmd: "realpath . /root/../root" }\n` +
      `  - { type: process, node: h1, start: 4s, cmd: ${yamlString(`sh -c 'pwd; echo "$PWD"; cd / && cd root && pwd && pwd -P'`)} }\n`;
    const first = runProcesses(tmp.make(), topology);
    const second = runProcesses(tmp.make(), topology);
    expect(first.out).to.not.equal(second.out);
    const outputs = first.entries.map((e) => {
      expect(e.exit, `${e.cmd}: ${e.stderr}`).to.equal(0);
      expect(e.stderr).to.equal('');
      return e.stdout;
    });
    expect(second.entries.map((e) => e.stdout)).to.deep.equal(outputs);
    expect(second.summary).to.equal(first.summary);

    const [python, readlink, pwd, realpath, sh] = outputs;
    const lines = python!.split('\n');
    expect(lines.slice(0, 3)).to.deep.equal(['/root', '/root', '/root /root']);
    const [name, fdLink] = lines[3]!.split(' ');
    expect(name).to.match(/^\/root\/tmp[a-z0-9_]{8}$/);
    expect(fdLink).to.equal(name);
    expect(lines[4]).to.match(/^\/root\/tmp[a-z0-9_]{8}$/);
    expect(lines.slice(5)).to.deep.equal([`/root ${name}`, '/root /root /root', '[]', '']);
    expect(readlink).to.equal('/root\n');
    expect(pwd).to.equal('/root\n');
    expect(realpath).to.equal('/root\n/root\n');
    expect(sh).to.equal('/root\n/root\n/root\n/root\n');
    // A run: command too.
    const summary = JSON.parse(first.summary) as { commands: { stdout: string }[] };
    expect(summary.commands.map((c) => c.stdout)).to.deep.equal(['/root\n']);
    expect(NODE_DIR_VIEW).to.equal('/root');
  });

  it('a file written by a relative name and one by /root/... land in nodes/<node>/, each readable by both names', () => {
    const program = [
      'import os',
      'open("rel.txt", "w").write("by a relative name")',
      'open("/root/abs.txt", "w").write("by /root")',
      'os.mkdir("/root/sub")',
      'os.chdir("/root/sub")',
      'open("../sub/deep.txt", "w").write("deeper")',
      'os.chdir("/")',
      'print(open("/root/rel.txt").read(), open("root/abs.txt").read(), open("/root/sub/deep.txt").read(), sep="|")',
      'os.chdir("/root")',
      'print(os.getcwd(), open("abs.txt").read(), sorted(os.listdir("/root")), sorted(os.listdir(".")), sep="|")',
    ].join('\n');
    const run = runProcesses(
      tmp.make(),
      `${TWO_HOSTS}apps:\n` +
        `  - { type: process, node: h1, cmd: ${pythonCmd(program)} }\n` +
        `  - { type: process, node: h1, start: 1s, cmd: "mkdir -p /root/a/b" }\n` +
        `  - { type: process, node: h1, start: 2s, cmd: "touch /root/a/b/c" }\n`,
    );
    for (const e of run.entries) expect(e.exit, `${e.cmd}: ${e.stderr}`).to.equal(0);
    const listing = "['abs.txt', 'rel.txt', 'sub']";
    expect(run.entries[0]!.stdout).to.equal(
      `by a relative name|by /root|deeper\n/root|by /root|${listing}|${listing}\n`,
    );
    const dir = join(run.out, 'nodes', 'h1');
    expect(readFileSync(join(dir, 'rel.txt'), 'utf8')).to.equal('by a relative name');
    expect(readFileSync(join(dir, 'abs.txt'), 'utf8')).to.equal('by /root');
    expect(readFileSync(join(dir, 'sub', 'deep.txt'), 'utf8')).to.equal('deeper');
    expect(existsSync(join(dir, 'a', 'b', 'c'))).to.equal(true);
  });

  it('".." out of /root is the host\'s "/", never the results directory: writes there are refused', () => {
    const dir = tmp.make();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'victim\n');
    const program = [
      'import os',
      'for p in ["/root/../../" + os.environ["VICTIM"], "/root/../h2/x", "../h2/x", "/root/sub/../../root/../x"]:',
      '    try:',
      '        open(p, "w").write("x")',
      '        print(p, "written")',
      '    except OSError as e:',
      '        print(p, e.strerror)',
    ].join('\n');
    const run = runProcesses(
      dir,
      `${TWO_HOSTS}apps:\n` +
        `  - { type: process, node: h2, cmd: "true" }\n` +
        `  - type: process\n    node: h1\n    start: 1s\n    cmd: ${pythonCmd(program)}\n` +
        `    env: { VICTIM: ${yamlString(victim.slice(1))} }\n`,
    );
    const p = run.entries[1]!;
    expect(p.exit, p.stderr).to.equal(0);
    const refused = (path: string): string => `${path} Permission denied`;
    expect(p.stdout.split('\n')).to.deep.equal([
      refused(`/root/../../${victim.slice(1)}`),
      refused('/root/../h2/x'),
      refused('../h2/x'),
      refused('/root/sub/../../root/../x'),
      '',
    ]);
    expect(p.stderr).to.contain("writing host files is refused (a node's files are under <results>/nodes/h1)");
    expect(readFileSync(victim, 'utf8')).to.equal('victim\n');
    expect(existsSync(join(run.out, 'nodes', 'h2', 'x'))).to.equal(false);
    expect(existsSync(join(run.out, 'nodes', 'x'))).to.equal(false);
  });
});
