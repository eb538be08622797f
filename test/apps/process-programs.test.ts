// SPDX-License-Identifier: GPL-2.0-only
/**
 * The unmodified Debian programs users run in nodes (iputils ping, iperf3,
 * socat, curl against python3's http.server, Python's epoll and select),
 * each as a process app in simulated time, judged against what the
 * simulator itself measured (the built-in ping app, the link counters,
 * the bytes written) rather than against numbers copied from a run.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '../helpers/cli';
import { pythonCmd, runProcesses, TWO_HOSTS, yamlString } from '../helpers/process-run';

/** h1 -- r -- h2, 100 Mbit/s and 5 ms each way on both links. */
const ROUTED = `duration: 10s
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.1.2/24] }
    routes: [{ to: default, via: 10.0.1.1 }]
  r:
    sysctls: { net.ipv4.ip_forward: 1 }
    interfaces:
      eth0: { addresses: [10.0.1.1/24] }
      eth1: { addresses: [10.0.2.1/24] }
  h2:
    interfaces:
      eth0: { addresses: [10.0.2.2/24] }
    routes: [{ to: default, via: 10.0.2.1 }]
links:
  - { endpoints: [h1:eth0, r:eth0], rate: 100Mbps, delay: 5ms }
  - { endpoints: [r:eth1, h2:eth0], rate: 100Mbps, delay: 5ms }
`;

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Whole microseconds, as ping prints its times (it truncates). */
const micros = (ms: number): number => Math.floor(ms * 1000 + 1e-6);

describe('apps/process: Debian programs in simulated time', function () {
  this.timeout(600_000);
  const tmp = tempDirs('libsim-programs-');
  after(() => tmp.cleanUp());

  it("iputils ping across a router: its rtt min/avg/max are the built-in ping app's, to the microsecond", () => {
    const real = runProcesses(
      tmp.make(),
      `${ROUTED}apps:\n  - { type: process, node: h1, start: 1s, cmd: "ping -c 5 -i 0.2 10.0.2.2" }\n`,
    );
    const p = real.entries[0]!;
    expect(p.exit, p.stderr).to.equal(0);
    const line = /rtt min\/avg\/max\/mdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\//.exec(p.stdout);
    expect(line, p.stdout).to.not.equal(null);
    const built = runProcesses(
      tmp.make(),
      `${ROUTED}apps:\n  - { type: ping, node: h1, to: 10.0.2.2, count: 5, interval: 200ms, start: 1s }\n`,
    ).entries[0] as unknown as { rtts_ms: number[] };
    const rtts = built.rtts_ms;
    expect(rtts).to.have.length(5);
    const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
    expect(line!.slice(1, 4).map((v) => Math.round(Number(v) * 1000))).to.deep.equal([
      micros(Math.min(...rtts)),
      micros(avg),
      micros(Math.max(...rtts)),
    ]);
    // The same run again: the same bytes.
    const again = runProcesses(
      tmp.make(),
      `${ROUTED}apps:\n  - { type: process, node: h1, start: 1s, cmd: "ping -c 5 -i 0.2 10.0.2.2" }\n`,
    );
    expect(again.summary).to.equal(real.summary);
  });

  it('iputils ping to an address the router has no route to: the ICMP error, exit 1', () => {
    const p = runProcesses(
      tmp.make(),
      `${ROUTED}apps:\n  - { type: process, node: h1, start: 1s, cmd: "ping -c 1 -W 2 10.9.9.9" }\n`,
    ).entries[0]!;
    expect(p.stdout).to.match(/From 10\.0\.1\.1 icmp_seq=1 Destination Net Unreachable/);
    expect(p.exit).to.equal(1);
  });

  it('iperf3 -t 10: the JSON parses; receiver bits per second near the link rate and the link counters', () => {
    const run = runProcesses(
      tmp.make(),
      // The 10 s: long enough that the start (slow start, the first RTTs) weighs little.
      `${TWO_HOSTS.replace('duration: 10s', 'duration: 14s')}apps:\n` +
        `  - { type: process, node: h2, start: 1s, cmd: "iperf3 -s -1 -B 10.0.0.2" }\n` +
        `  - { type: process, node: h1, start: 2s, cmd: "iperf3 -c 10.0.0.2 -t 10 -J" }\n`,
    );
    const [server, client] = run.entries;
    expect(server!.exit, server!.stderr).to.equal(0);
    expect(client!.exit, client!.stderr).to.equal(0);
    const report = JSON.parse(client!.stdout) as {
      end: { sum_received: { bits_per_second: number; bytes: number } };
    };
    const received = report.end.sum_received;
    const goodputLimit = 100e6 * (1448 / 1514);
    expect(Math.abs(received.bits_per_second / goodputLimit - 1)).to.be.below(0.05);
    // What the link carried from h1 to h2, less the headers of full frames: the data iperf3 counted.
    const summary = JSON.parse(run.summary) as { links: { directions: { ab: { bytesDelivered: number } } }[] };
    // The link's end a is h1 (the first of its endpoints).
    const carried = summary.links[0]!.directions.ab.bytesDelivered;
    expect(Math.abs((carried * 1448) / 1514 / received.bytes - 1)).to.be.below(0.01);
  });

  it('socat moves a 1 MiB file from h1 to h2: the same SHA-256 on both sides, and the same run twice', () => {
    const topology =
      `${TWO_HOSTS}apps:\n` +
      `  - { type: process, node: h1, cmd: ${pythonCmd("open('data.bin', 'wb').write(bytes(range(256)) * 4096)")} }\n` +
      `  - { type: process, node: h2, cmd: "socat -u TCP-LISTEN:9000,bind=10.0.0.2 CREATE:recv.bin" }\n` +
      `  - { type: process, node: h1, start: 1s, cmd: "socat -u FILE:data.bin TCP:10.0.0.2:9000" }\n`;
    const first = runProcesses(tmp.make(), topology);
    for (const e of first.entries) expect(e.exit, e.stderr).to.equal(0);
    const sent = join(first.out, 'nodes/h1/data.bin');
    expect(readFileSync(sent).length).to.equal(1 << 20);
    expect(sha256(join(first.out, 'nodes/h2/recv.bin'))).to.equal(sha256(sent));
    expect(runProcesses(tmp.make(), topology).summary).to.equal(first.summary);
  });

  it('curl fetches a file from python3 -m http.server on another node: status 200, the same bytes', () => {
    const run = runProcesses(
      tmp.make(),
      `${TWO_HOSTS}apps:\n` +
        `  - { type: process, node: h2, cmd: ${pythonCmd("open('page.bin', 'wb').write(bytes(range(256)) * 400)")} }\n` +
        `  - { type: process, node: h2, start: 1s, cmd: ${yamlString('/usr/bin/python3 -m http.server 8000 --bind 10.0.0.2')} }\n` +
        `  - { type: process, node: h1, start: 2s, cmd: ${yamlString('curl -sS -o got.bin -w "%{http_code} %{size_download}" http://10.0.0.2:8000/page.bin')} }\n`,
    );
    const curl = run.entries[2]!;
    expect(curl.exit, curl.stderr).to.equal(0);
    expect(curl.stdout).to.equal(`200 ${256 * 400}`);
    expect(sha256(join(run.out, 'nodes/h1/got.bin'))).to.equal(sha256(join(run.out, 'nodes/h2/page.bin')));
  });

  it("Python's epoll (selectors' default) and select on node sockets", () => {
    const server = [
      'import selectors, socket',
      'sel = selectors.DefaultSelector()',
      'srv = socket.socket()',
      "srv.bind(('10.0.0.2', 9000))",
      'srv.listen(1)',
      'srv.setblocking(False)',
      'sel.register(srv, selectors.EVENT_READ)',
      'done = False',
      'while not done:',
      '    for key, _ in sel.select(timeout=5):',
      '        if key.fileobj is srv:',
      '            c, _ = srv.accept()',
      '            sel.register(c, selectors.EVENT_READ)',
      '        else:',
      '            key.fileobj.send(key.fileobj.recv(100)[::-1])',
      '            done = True',
      'print(type(sel).__name__)',
    ].join('\n');
    const client = [
      'import select, socket',
      "c = socket.create_connection(('10.0.0.2', 9000))",
      "c.send(b'abc')",
      'ready, _, _ = select.select([c], [], [], 5)',
      'print(len(ready), c.recv(100).decode())',
    ].join('\n');
    const [s, c] = runProcesses(
      tmp.make(),
      `${TWO_HOSTS}apps:\n` +
        `  - { type: process, node: h2, cmd: ${pythonCmd(server)} }\n` +
        `  - { type: process, node: h1, start: 1s, cmd: ${pythonCmd(client)} }\n`,
    ).entries;
    expect(s!.stdout, s!.stderr).to.equal('EpollSelector\n');
    expect(c!.stdout, c!.stderr).to.equal('1 cba\n');
  });
});
