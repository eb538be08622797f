// SPDX-License-Identifier: GPL-2.0-only
/**
 * The topology loader on YAML text: units and defaults, `run:` and
 * `checks:`, and every error naming its path and line.
 */
import { expect } from 'chai';
import { parseTopology } from '../../helpers/topology';
import { topologyErrorOf } from '../../helpers/topology-error';
import { TopologyError } from '../../../sim/topology/topology-error';

const QUICKSTART = `duration: 10s
seed: 1
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24, "fd00::1/64"] }
  h2:
    interfaces:
      eth0: { addresses: [10.0.0.2/24, "fd00::2/64"] }
links:
  - endpoints: [h1:eth0, h2:eth0]
    rate: 100Mbps
    delay: 5ms
apps:
  - type: ping
    node: h1
    to: 10.0.0.2
    count: 5
    interval: 1s
    start: 1s
`;

/** The TopologyError `text` raises, or a failure if it loads. */
function errorOf(text: string): TopologyError {
  return topologyErrorOf(() => parseTopology(text, 'bad.yaml'));
}

describe('topology loader', () => {
  it('reads the quickstart topology with units and defaults applied', () => {
    const t = parseTopology(QUICKSTART, 'quickstart.yaml');
    expect(t.duration).to.equal(10_000_000_000n);
    expect(t.seed).to.equal(1n);
    expect(t.nodes.map((n) => n.name)).to.deep.equal(['h1', 'h2']);
    // Each entry knows where it is, so that what the kernel refuses can be named like any bad input.
    const at = (path: string, line: number): { file: string; path: string; line: number } => ({
      file: 'quickstart.yaml',
      path,
      line,
    });
    expect(t.nodes[0].interfaces[0].addresses).to.deep.equal([
      { family: 4, address: '10.0.0.1', prefixLength: 24, source: at('nodes.h1.interfaces.eth0.addresses[0]', 6) },
      { family: 6, address: 'fd00::1', prefixLength: 64, source: at('nodes.h1.interfaces.eth0.addresses[1]', 6) },
    ]);
    expect(t.nodes[0].interfaces[0].source).to.deep.equal(at('nodes.h1.interfaces.eth0', 6));
    const link = t.links[0];
    expect(link.a).to.deep.equal({ node: 'h1', iface: 'eth0' });
    expect(link.b).to.deep.equal({ node: 'h2', iface: 'eth0' });
    expect(link.rate).to.equal(100_000_000n);
    expect(link.delay).to.equal(5_000_000n);
    expect(link.mtu).to.equal(1500);
    expect(link.queuePackets).to.equal(100);
    expect(link.loss).to.equal(0);
    expect(t.apps).to.deep.equal([
      {
        type: 'ping',
        node: 'h1',
        to: '10.0.0.2',
        family: 4,
        count: 5,
        interval: 1_000_000_000n,
        start: 1_000_000_000n,
        size: 56,
        ttl: null,
      },
    ]);
    expect(t.traces.pcap).to.equal(true);
  });

  it('sorts nodes by name whatever the file order', () => {
    const t = parseTopology('nodes:\n  zed: {}\n  alpha: {}\n', 'x.yaml');
    expect(t.nodes.map((n) => n.name)).to.deep.equal(['alpha', 'zed']);
  });

  it('names path and line of a bad address', () => {
    const e = errorOf(QUICKSTART.replace('"fd00::1/64"', '"10.0.0.300/24"'));
    expect(e.path).to.equal('nodes.h1.interfaces.eth0.addresses[1]');
    expect(e.line).to.equal(6);
    expect(e.message).to.match(
      /^bad\.yaml: nodes\.h1\.interfaces\.eth0\.addresses\[1\]: "10\.0\.0\.300\/24" is not an IP prefix.*\(line 6\)$/,
    );
  });

  it('accepts exactly the addresses a node can configure (no scoped IPv6 literals)', () => {
    const scoped = errorOf(QUICKSTART.replace('to: 10.0.0.2', 'to: "fe80::1%eth0"'));
    expect(scoped.path).to.equal('apps[0].to');
    expect(scoped.reason).to.contain('not an IP address');
    expect(errorOf(QUICKSTART.replace('"fd00::1/64"', '"fd00::1"')).reason).to.contain('not an IP prefix');
  });

  it('refuses an unknown key, at that key, listing the allowed ones', () => {
    const e = errorOf(
      QUICKSTART.replace(
        '    interfaces:\n      eth0: { addresses: [10.0.0.1/24',
        '    interfacez:\n      eth0: { addresses: [10.0.0.1/24',
      ),
    );
    expect(e.path).to.equal('nodes.h1.interfacez');
    expect(e.line).to.equal(5);
    expect(e.reason).to.contain('unknown key').and.to.contain('interfaces');
  });

  it('reports a bad unit with the value and where it is', () => {
    const e = errorOf(QUICKSTART.replace('rate: 100Mbps', 'rate: 100 parsecs'));
    expect(e.path).to.equal('links[0].rate');
    expect(e.line).to.equal(12);
    expect(e.reason).to.contain('100 parsecs');
  });

  it('checks that link endpoints exist and are used once', () => {
    expect(errorOf(QUICKSTART.replace('[h1:eth0, h2:eth0]', '[h1:eth0, h3:eth0]')).reason).to.equal('no node "h3"');
    expect(errorOf(QUICKSTART.replace('[h1:eth0, h2:eth0]', '[h1:eth0, h2:eth9]')).reason).to.equal(
      'node "h2" has no interface "eth9"',
    );
    const twice = errorOf(QUICKSTART.replace('[h1:eth0, h2:eth0]', '[h1:eth0, h1:eth0]'));
    expect(twice.path).to.equal('links[0].endpoints[1]');
    expect(twice.reason).to.contain('already on the link');
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    const dup = errorOf('nodes:\n  h1: {}\n  h1: {}\n');
    expect(dup.line).to.equal(3);
    expect(dup.reason).to.contain('not valid YAML');
  });

  it('checks routes: prefix or default, via/dev present, dev known', () => {
    const base = 'nodes:\n  r:\n    interfaces:\n      eth0: {}\n    routes:\n';
    const ok = parseTopology(
      `${base}      - { to: default, via: 10.0.0.1 }\n      - { to: "fd01::/64", dev: eth0, metric: 5, table: 100 }\n`,
      'r.yaml',
    );
    expect(ok.nodes[0].routes).to.deep.equal([
      {
        to: null,
        family: 4,
        via: '10.0.0.1',
        dev: null,
        metric: null,
        table: null,
        source: { file: 'r.yaml', path: 'nodes.r.routes[0]', line: 6 },
      },
      {
        to: { family: 6, address: 'fd01::', prefixLength: 64 },
        family: 6,
        via: null,
        dev: 'eth0',
        metric: 5,
        table: 100,
        source: { file: 'r.yaml', path: 'nodes.r.routes[1]', line: 7 },
      },
    ]);
    expect(errorOf(`${base}      - { to: 10.1.0.0/16 }\n`).reason).to.contain('needs via:, dev:');
    expect(errorOf(`${base}      - { to: 10.1.0.0/16, dev: eth7 }\n`).path).to.equal('nodes.r.routes[0].dev');
    expect(errorOf(`${base}      - { to: 10.1.0.0/16, via: "fd00::1" }\n`).reason).to.contain('same family');
  });

  it('refuses unknown app types and apps on unknown nodes', () => {
    expect(errorOf(QUICKSTART.replace('type: ping', 'type: pong')).reason).to.contain('unknown app type');
    expect(errorOf(QUICKSTART.replace('node: h1\n    to', 'node: h9\n    to')).reason).to.equal('no node "h9"');
  });

  it('reads every app type with its defaults and units', () => {
    const apps = `apps:
  - { type: tcp-sink, node: h2 }
  - { type: tcp-bulk, node: h1, to: 10.0.0.2, start: 1s }
  - { type: tcp-bulk, node: h1, to: "fd00::2", port: 9, bytes: 1MiB, congestion: bbr, interval: 1s, write: 1000 }
  - { type: udp-sink, node: h2, port: 6000, interval: 1s }
  - { type: udp-cbr, node: h1, to: 10.0.0.2, port: 6000, rate: 2.5Mbps, size: 1KB, duration: 2s }
  - { type: udp-cbr, node: h1, to: 10.0.0.2, sport: 40001 }
  - { type: udp-echo-server, node: h2 }
  - { type: udp-echo, node: h1, to: 10.0.0.2, count: 3, interval: 200ms, size: 32 }
`;
    const t = parseTopology(QUICKSTART.slice(0, QUICKSTART.indexOf('apps:')) + apps, 'apps.yaml');
    const S = 1_000_000_000n;
    expect(t.apps).to.deep.equal([
      { type: 'tcp-sink', node: 'h2', port: 5201, start: 0n, interval: S / 10n },
      {
        type: 'tcp-bulk',
        node: 'h1',
        to: '10.0.0.2',
        family: 4,
        port: 5201,
        start: S,
        duration: 10n * S,
        bytes: null,
        congestion: null,
        interval: S / 10n,
        writeSize: 131072,
      },
      {
        type: 'tcp-bulk',
        node: 'h1',
        to: 'fd00::2',
        family: 6,
        port: 9,
        start: 0n,
        duration: null,
        bytes: 1048576n,
        congestion: 'bbr',
        interval: S,
        writeSize: 1000,
      },
      { type: 'udp-sink', node: 'h2', port: 6000, start: 0n, interval: S },
      {
        type: 'udp-cbr',
        node: 'h1',
        to: '10.0.0.2',
        family: 4,
        port: 6000,
        start: 0n,
        duration: 2n * S,
        rate: 2_500_000n,
        size: 1000,
        interval: S / 10n,
        sport: null,
      },
      {
        type: 'udp-cbr',
        node: 'h1',
        to: '10.0.0.2',
        family: 4,
        port: 5201,
        start: 0n,
        duration: 10n * S,
        rate: 1_000_000n,
        size: 1000,
        interval: S / 10n,
        sport: 40001,
      },
      { type: 'udp-echo-server', node: 'h2', port: 7, start: 0n },
      {
        type: 'udp-echo',
        node: 'h1',
        to: '10.0.0.2',
        family: 4,
        port: 7,
        count: 3,
        interval: S / 5n,
        start: 0n,
        size: 32,
      },
    ]);
  });

  it('refuses app settings that cannot run, at their key', () => {
    const app = (line: string): TopologyError =>
      errorOf(`${QUICKSTART.slice(0, QUICKSTART.indexOf('apps:'))}apps:\n  - ${line}\n`);
    const both = app('{ type: tcp-bulk, node: h1, to: 10.0.0.2, duration: 1s, bytes: 1MB }');
    expect([both.path, both.reason]).to.deep.equal(['apps[0].bytes', 'give duration: or bytes:, not both']);
    expect(app('{ type: tcp-bulk, node: h1, to: 10.0.0.2, congestion: "BBR!" }').path).to.equal('apps[0].congestion');
    expect(app('{ type: tcp-bulk, node: h1 }').reason).to.contain('needs to:');
    expect(app('{ type: udp-cbr, node: h1, to: 10.0.0.2, size: 8 }').path).to.equal('apps[0].size');
    expect(app('{ type: udp-cbr, node: h1, to: 10.0.0.2, rate: 0bps }').path).to.equal('apps[0].rate');
    expect(app('{ type: udp-cbr, node: h1, to: 10.0.0.2, sport: 0 }').path).to.equal('apps[0].sport');
    expect(app('{ type: tcp-sink, node: h2, interval: 0s }').path).to.equal('apps[0].interval');
    expect(app('{ type: udp-echo-server, node: h2, count: 3 }').reason).to.contain('unknown key');
    expect(app('{ type: tcp-sink, node: h2, port: 70000 }').path).to.equal('apps[0].port');
  });

  it('reads link queues in packets or bytes, loss and events', () => {
    const t = parseTopology(
      QUICKSTART.replace(
        'delay: 5ms',
        'delay: 5ms\n    queue: 64KB\n    loss: 1%\n    events: [{ at: 2s, state: down }, { at: 3s, state: up }]',
      ),
      'q.yaml',
    );
    expect(t.links[0].queuePackets).to.equal(null);
    expect(t.links[0].queueBytes).to.equal(64_000n);
    expect(t.links[0].loss).to.equal(0.01);
    expect(t.links[0].events).to.deep.equal([
      { at: 2_000_000_000n, up: false },
      { at: 3_000_000_000n, up: true },
    ]);
  });
});

describe('topology loader: run:', () => {
  const withRun = (run: string): string =>
    QUICKSTART.replace(
      '      eth0: { addresses: [10.0.0.1/24, "fd00::1/64"] }\n',
      `      eth0: { addresses: [10.0.0.1/24, "fd00::1/64"] }\n    run:\n${run}`,
    );

  it('reads strings at 0 and maps at their time, sorted by time, ties in written order', () => {
    const t = parseTopology(
      withRun(
        [
          '      - { at: 5s, cmd: "ip link set eth0 down" }',
          '      - ip route add 10.9.0.0/16 via 10.0.0.2',
          '      - { at: 2s, cmd: "tc qdisc show", allow-fail: true }',
          "      - sysctl -w 'net.ipv4.ip_forward=1'",
          '      - { at: 5s, cmd: "ip link set eth0 up" }',
          '',
        ].join('\n'),
      ),
      'run.yaml',
    );
    const h1 = t.nodes.find((n) => n.name === 'h1')!;
    expect(h1.run!.map((c) => [c.at, c.cmd, c.allowFail])).to.deep.equal([
      [0n, 'ip route add 10.9.0.0/16 via 10.0.0.2', false],
      [0n, "sysctl -w 'net.ipv4.ip_forward=1'", false],
      [2_000_000_000n, 'tc qdisc show', true],
      [5_000_000_000n, 'ip link set eth0 down', false],
      [5_000_000_000n, 'ip link set eth0 up', false],
    ]);
    expect(h1.run![1]!.argv).to.deep.equal(['sysctl', '-w', 'net.ipv4.ip_forward=1']);
    // Each entry knows where it was written, for errors raised when it runs.
    expect(h1.run![0]!.path).to.equal('nodes.h1.run[1]');
    expect(h1.run![0]!.line).to.equal(9);
    expect(t.nodes.find((n) => n.name === 'h2')!.run).to.deep.equal([]);
    expect(h1.run!.map((c) => c.stdin)).to.deep.equal([null, null, null, null, null]);
  });

  it('reads stdin: of a map entry as text (a block scalar keeps its lines)', () => {
    const t = parseTopology(
      withRun(
        [
          '      - at: 1s',
          '        cmd: "ip -batch -"',
          '        stdin: |',
          '          route add 10.9.0.0/16 via 10.0.0.2',
          '          route get 10.9.1.1',
          '',
        ].join('\n'),
      ),
      'run.yaml',
    );
    expect(t.nodes.find((n) => n.name === 'h1')!.run![0]!.stdin).to.equal(
      'route add 10.9.0.0/16 via 10.0.0.2\nroute get 10.9.1.1\n',
    );
    const list = errorOf(withRun('      - { cmd: "ip -batch -", stdin: [a, b] }\n'));
    expect(list).to.include({ path: 'nodes.h1.run[0].stdin', line: 8 });
    expect(list.reason).to.contain('expected a value');
  });

  it('names path and line of a bad entry', () => {
    const unknown = errorOf(withRun('      - { at: 1s, command: "ip route" }\n'));
    expect(unknown.path).to.equal('nodes.h1.run[0].command');
    expect(unknown.line).to.equal(8);
    expect(unknown.reason).to.contain('allowed: at, cmd, stdin, allow-fail');
    const noCmd = errorOf(withRun('      - { at: 1s }\n'));
    expect(noCmd.path).to.equal('nodes.h1.run[0]');
    const quote = errorOf(withRun('      - ip route add "10.0.0.0/8\n'));
    expect(quote.path).to.equal('nodes.h1.run[0]');
    expect(quote.reason).to.contain('unclosed " quote');
    const at = errorOf(withRun('      - { at: soon, cmd: "ip route" }\n'));
    expect(at.path).to.equal('nodes.h1.run[0].at');
    const flag = errorOf(withRun('      - { cmd: "ip route", allow-fail: yes please }\n'));
    expect(flag.path).to.equal('nodes.h1.run[0].allow-fail');
  });
});

describe('checks: in the loader', () => {
  const base =
    'nodes:\n  h1: { interfaces: { eth0: { addresses: [10.0.0.1/24] } } }\n' +
    'apps:\n  - { type: ping, node: h1, to: 10.0.0.1 }\nchecks:\n';
  const errorOf = (text: string): TopologyError => {
    try {
      parseTopology(base + text, 'c.yaml');
    } catch (e) {
      return e as TopologyError;
    }
    throw new Error('no error');
  };

  it('reads the three kinds, with units, defaults and ranges', () => {
    const t = parseTopology(
      `${base}  - { at: 1.5s, node: h1, cmd: "ip -j route", json: [{ dev: eth0 }], match: "x" }
  - { app: 0, expect: { received: { min: 4 }, rtts_ms.0: null }, name: mine }
`,
      'c.yaml',
    );
    expect(t.checks).to.deep.equal([
      {
        kind: 'command',
        name: null,
        path: 'checks[0]',
        line: 6,
        at: 1_500_000_000n,
        node: 'h1',
        cmd: 'ip -j route',
        argv: ['ip', '-j', 'route'],
        stdin: null,
        json: [{ dev: 'eth0' }],
        expect: [],
        match: 'x',
        stderr: null,
        exit: 0,
      },
      {
        kind: 'app',
        name: 'mine',
        path: 'checks[1]',
        line: 7,
        app: 0,
        expect: [
          ['received', { kind: 'range', min: 4, max: null }],
          ['rtts_ms.0', { kind: 'equal', value: null }],
        ],
      },
    ]);
  });

  it("reads an alias as what its anchor marks, in values and scalars; errors at the alias's line", () => {
    // Before aliases were resolved, json: [*j] read as [{ source: 'j' }], a wrong expectation no error reported.
    const t = parseTopology(
      `${base}  - { at: 1s, node: h1, cmd: &c "ip -j route", json: &j [{ dev: eth0 }] }
  - { at: 2s, node: h1, cmd: *c, json: [*j, *j] }
`,
      'c.yaml',
    );
    expect(t.checks[1]).to.deep.include({
      cmd: 'ip -j route',
      argv: ['ip', '-j', 'route'],
      json: [[{ dev: 'eth0' }], [{ dev: 'eth0' }]],
      line: 7,
    });
    const e = errorOf('  - &x { at: 1s, node: h1, cmd: ip }\n  - { at: 1s, node: h1, cmd: *x }\n');
    expect(e).to.include({ path: 'checks[1].cmd', line: 7 });
    expect(e.reason).to.contain('expected a value');
  });

  it('reads stdin: of a command check as text', () => {
    const t = parseTopology(
      `${base}  - { at: 1s, node: h1, cmd: "ip -j -batch -", stdin: "route get 10.0.0.1\\nroute get 10.0.0.2\\n" }
`,
      'c.yaml',
    );
    expect(t.checks[0]).to.deep.include({ stdin: 'route get 10.0.0.1\nroute get 10.0.0.2\n' });
    expect(errorOf('  - { at: 1s, node: h1, cmd: "ip -batch -", stdin: { a: 1 } }\n')).to.include({
      path: 'checks[0].stdin',
      line: 6,
    });
  });

  it('reads * in key paths, { same: true }, and expect: of a command check', () => {
    const t = parseTopology(
      `${base}  - { at: 1s, node: h1, cmd: "ip -j -batch -", stdin: "x", expect: { length: 2, "*.0.gateway": { same: true } } }
  - { app: 0, expect: { rtts_ms.*: { max: 20 }, icmpErrors.*.from: 10.0.0.9 } }
`,
      'c.yaml',
    );
    expect(t.checks[0]).to.deep.include({
      expect: [
        ['length', { kind: 'equal', value: 2 }],
        ['*.0.gateway', { kind: 'same' }],
      ],
    });
    expect(t.checks[1]).to.deep.include({
      expect: [
        ['rtts_ms.*', { kind: 'range', min: null, max: 20 }],
        ['icmpErrors.*.from', { kind: 'equal', value: '10.0.0.9' }],
      ],
    });
    // A command check without expect: has none.
    expect(parseTopology(`${base}  - { at: 1s, node: h1, cmd: ip }\n`, 'c.yaml').checks[0]).to.deep.include({
      expect: [],
    });
  });

  it('names path and line of a bad expect:', () => {
    expect(errorOf('  - { app: 0, expect: { rtts_ms.**: 1 } }\n')).to.include({
      path: 'checks[0].expect.rtts_ms.**',
      line: 6,
    });
    expect(errorOf('  - { app: 0, expect: { rtts_ms*: 1 } }\n').reason).to.contain(
      'names, indices and * joined by dots',
    );
    const one = errorOf('  - { app: 0, expect: { received: { same: true } } }\n');
    expect(one).to.include({ path: 'checks[0].expect.received', line: 6 });
    expect(one.reason).to.equal('same: compares the values a path with * names; received names one value');
    expect(errorOf('  - { app: 0, expect: { rtts_ms.*: { same: false } } }\n')).to.include({
      path: 'checks[0].expect.rtts_ms.*.same',
    });
    expect(errorOf('  - { app: 0, expect: { rtts_ms.*: { same: true, max: 3 } } }\n')).to.include({
      path: 'checks[0].expect.rtts_ms.*.max',
    });
    expect(errorOf('  - { at: 1s, node: h1, cmd: ip, expect: {} }\n').reason).to.contain('at least one key');
  });

  it('names path and line of a bad check', () => {
    expect(errorOf('  - { at: 1s, node: h9, cmd: "ip route" }\n')).to.include({ path: 'checks[0].node', line: 6 });
    expect(errorOf('  - { at: 1s, node: h1, cmd: "ip route", jsn: 1 }\n').path).to.equal('checks[0].jsn');
    expect(errorOf('  - { at: 1s, node: h1, cmd: "ip route", match: "(" }\n').path).to.equal('checks[0].match');
    expect(errorOf('  - { app: 1, expect: { received: 1 } }\n').path).to.equal('checks[0].app');
    expect(errorOf('  - { app: 0 }\n').reason).to.contain('missing expect');
    expect(errorOf('  - { app: 0, expect: { received: { min: 5, max: 1 } } }\n').reason).to.contain('more than max');
    expect(errorOf('  - { link: "a:b-c:d", expect: { ab.dropsQueue: 0 } }\n').reason).to.contain('no link');
    expect(errorOf('  - { at: 1s, node: h1 }\n').reason).to.contain('a check is');
  });
});
