// SPDX-License-Identifier: GPL-2.0-only
/**
 * Every libc call that takes a descriptor, on the node's descriptors: it
 * is done by the node's kernel (the answer is the kernel's, checked
 * against what Linux answers for a UDP socket or a /proc/sys file), or it
 * fails with an error and a line on stderr naming the call.  None may
 * answer for the shim's placeholder: nc -z to a host that is not there
 * printed "succeeded" because select saw the placeholder ready.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'bin/libsim');
const QUICKSTART = join(ROOT, 'topologies/quickstart.yaml');

function cli(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

describe('exec shim: calls on node descriptors', function () {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'libsim-nodefds-'));
    // Commands run as nobody when libsim runs as root: the program must be one every user may run.
    chmodSync(dir, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("each is the kernel's or fails loudly (probe program on a UDP socket and a /proc/sys file)", () => {
    const probe = join(dir, 'node-fd-probe');
    execFileSync('gcc', ['-O2', '-Wall', '-o', probe, join(ROOT, 'test/sim/exec/fixtures/node-fd-probe.c')]);
    const r = cli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', probe]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim().split('\n')).to.deep.equal([
      'select before a datagram: ok 0',
      'write: ok 2',
      // One ready descriptor, and it is s: the kernel's select, not the placeholder's.
      'select after a datagram: ok 11',
      'pselect writable: ok 11',
      // Both ready: the node socket with its datagram, and stdin (/dev/null, at end of file), looked at
      // on the host without waiting.
      'select on node and host fds: ok 2',
      'ppoll: ok 101',
      'ioctl FIONREAD: ok 2',
      'ioctl TCGETS: Inappropriate ioctl for device',
      'ioctl SIOCGIFCONF: Operation not supported',
      'isatty: Inappropriate ioctl for device',
      'read: ok 2',
      'writev: ok 2',
      'readv: ok 2',
      // A socket has no offsets: the kernel's ESPIPE.
      'preadv: Illegal seek',
      'pwritev: Illegal seek',
      'pread: Illegal seek',
      'lseek: Illegal seek',
      'fcntl F_GETFL: ok 2',
      'fcntl F_SETFL O_NONBLOCK: ok 0',
      'recv on an empty non-blocking socket: Resource temporarily unavailable',
      'fcntl F_DUPFD 50: ok 1',
      'fcntl F_SETSIG: ok 0',
      'fcntl F_GETSIG: ok 10',
      'fcntl F_GETLK: ok 1',
      'fcntl F_GET_RW_HINT: Operation not supported',
      'dup, then getsockname: ok 0',
      'dup2 to 40, then getsockname: ok 40',
      'dup3 O_CLOEXEC: ok 1',
      'dup2 to stdout: Operation not supported',
      'fstat is a socket: ok 1',
      `fstatfs type: ok ${0x534f434b}`,
      'statx is a socket: ok 1',
      'fsync: Invalid argument',
      'fdatasync: Invalid argument',
      'ftruncate: Invalid argument',
      'fallocate: No such device',
      // The node's kernel is built without fadvise64 (CONFIG_ADVISE_SYSCALLS): its own answer.
      'posix_fadvise: Function not implemented',
      'flock: ok 0',
      'fchmod: ok 0',
      'fchown: ok 0',
      'fgetxattr: No data available',
      'fsetxattr: Operation not permitted',
      'futimens: ok 0',
      'getdents64 on a socket: Not a directory',
      'fchdir: Operation not supported',
      'mmap: No such device',
      `fstatfs of a node file: ok ${0x9fa0}`,
      // ip_forward's "0\n", sent by the node's kernel to s.
      'sendfile node file to node socket: ok 2',
      'sendfile host file to node socket: Operation not supported',
      'splice node socket to host pipe: Operation not supported',
      'tee host pipes: Invalid argument',
      'getdents64 on a node directory: ok 1',
      'epoll_create1: ok 0',
      'epoll_ctl a node socket: Operation not supported',
      'epoll_ctl a host pipe: ok 0',
      'epoll_wait: ok 0',
      // Two messages of the three queued ("0\n" from sendfile, "x", "yz"): 2 and 1 bytes.
      'recvmmsg: ok 221',
      'sockatmark: ok 0',
      'close_range 3..: ok 0',
      'socket after close_range: ok 3',
    ]);
    expect(r.stderr.trim().split('\n')).to.deep.equal([
      'libsim: ioctl: request 0x8912 on a node descriptor is not forwarded',
      'libsim: fcntl: command 1035 on a node descriptor is not forwarded',
      'libsim: dup2: a node descriptor cannot become standard input, output or error',
      'libsim: fchdir: a node directory cannot be the working directory',
      'libsim: mmap: node descriptors cannot be mapped',
      'libsim: sendfile: a node descriptor and a host descriptor in one call are not supported',
      'libsim: splice: a node descriptor and a host descriptor in one call are not supported',
      "libsim: epoll_ctl: node descriptors cannot be watched by the host's epoll (a command's; use poll or select)",
    ]);
  });

  describe('nc -z (netcat-openbsd)', function () {
    before(function () {
      if (!existsSync('/usr/bin/nc.openbsd')) this.skip();
    });

    it('to a closed port of the node itself: the kernel\'s "Connection refused", exit 1', () => {
      const r = cli(['exec', QUICKSTART, 'h1', '--allow-exec', '--', 'nc.openbsd', '-v', '-z', '127.0.0.1', '22']);
      expect(r.status).to.equal(1);
      expect(r.stderr).to.equal('nc.openbsd: connect to 127.0.0.1 port 22 (tcp) failed: Connection refused\n');
    });

    it('to a host that is not there: never "succeeded"; it waits, and the wall-clock bound fails the run', () => {
      const r = cli([
        'exec',
        QUICKSTART,
        'h1',
        '--allow-exec',
        '--exec-timeout',
        '1s',
        '--',
        'nc.openbsd',
        '-v',
        '-z',
        '10.0.0.3',
        '22',
      ]);
      expect(r.stdout + r.stderr).not.to.contain('succeeded');
      expect(r.status).to.equal(2);
      expect(r.stderr).to.contain(
        '"nc.openbsd -v -z 10.0.0.3 22" did not finish within its wall-clock bound of 1000 ms',
      );
    });
  });
});
