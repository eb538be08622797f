// SPDX-License-Identifier: GPL-2.0-only
/**
 * The reference workloads as topology files, generated so that the node
 * counts can be changed without hand-writing 100-node YAML.  W1-W3 match
 * the ns-3 programs in ../shared/peers/ns3 (same rates, delays, durations,
 * traffic and, for W2, the 4 MiB socket buffers ns-3 is given), so the two
 * simulators do the same work.
 */

/** A workload: its name, what it is, and its topology as YAML text. */
export interface Workload {
  readonly name: string;
  readonly description: string;
  readonly yaml: string;
  /** The ns-3 program of ../shared/peers/ns3 doing the same, if any. */
  readonly ns3: string | null;
}

/*
 * Link queue: ns-3 buffers a point-to-point device's frames in its
 * 100-packet device queue behind an fq_codel root queue disc (installed by
 * default with the addresses); libsim's devices do not push back on the
 * kernel's qdisc, so the link's drop-tail queue is the only buffer.  1000
 * packets keeps TCP's slow start at 1 Gbit/s from collapsing on a
 * 100-packet queue, which ns-3 does not do either.
 */
const QUEUE = 1000;

/*
 * Socket buffers like ns-3's 4 MiB SndBufSize/RcvBufSize.  ns-3 offers its
 * whole receive buffer as window; Linux offers half of tcp_rmem's (the
 * rest is overhead, tcp_adv_win_scale 1), so its maximum is 8 MiB for the
 * same 4 MiB window.  Autotuning grows the buffers up to these limits.
 */
const TCP_BUFFERS = ['      net.ipv4.tcp_rmem: "4096 131072 8388608"', '      net.ipv4.tcp_wmem: "4096 16384 4194304"'];

/** W1: two nodes, 100 Mbit/s, 5 ms, one cubic TCP flow for 10 s. */
export function w1(): Workload {
  const yaml = `# W1: two nodes, 100 Mbit/s, 5 ms each way, one cubic TCP flow for 10 s.
duration: 10s
seed: 1
traces: { pcap: false }
nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.1.1.1/24] }
    sysctls:
${TCP_BUFFERS.join('\n')}
  h2:
    interfaces:
      eth0: { addresses: [10.1.1.2/24] }
    sysctls:
${TCP_BUFFERS.join('\n')}
links:
  - endpoints: [h1:eth0, h2:eth0]
    rate: 100Mbps
    delay: 5ms
    queue: ${QUEUE}
apps:
  - { type: tcp-sink, node: h2, port: 5001 }
  - { type: tcp-bulk, node: h1, to: 10.1.1.2, port: 5001, duration: 10s, congestion: cubic }
`;
  return { name: 'w1', description: '2 nodes, 100 Mbit/s 5 ms, cubic TCP 10 s', yaml, ns3: 'w1' };
}

/** W2: a chain of `n` nodes over 1 Gbit/s, 1 ms links, one TCP flow end to end for 10 s. */
export function w2(n = 10): Workload {
  const name = (i: number): string => `n${String(i).padStart(2, '0')}`;
  const lines = [
    '# W2: a chain of nodes over 1 Gbit/s, 1 ms links, one cubic TCP flow end to end for 10 s.',
    'duration: 10s',
    'seed: 1',
    'traces: { pcap: false }',
    'nodes:',
  ];
  for (let i = 0; i < n; i++) {
    lines.push(`  ${name(i)}:`, '    interfaces:');
    // Link i joins node i (10.0.i.1) and node i+1 (10.0.i.2).
    if (i > 0) lines.push(`      eth0: { addresses: [10.0.${i - 1}.2/24] }`);
    if (i < n - 1) lines.push(`      eth1: { addresses: [10.0.${i}.1/24] }`);
    const routes: string[] = [];
    if (i > 0) routes.push(`      - { to: default, via: 10.0.${i - 1}.1 }`);
    if (i < n - 2) routes.push(`      - { to: 10.0.${n - 2}.0/24, via: 10.0.${i}.2 }`);
    if (routes.length > 0) lines.push('    routes:', ...routes);
    lines.push('    sysctls:', '      net.ipv4.ip_forward: 1', ...TCP_BUFFERS);
  }
  lines.push('links:');
  for (let i = 0; i < n - 1; i++) {
    lines.push(`  - { endpoints: [${name(i)}:eth1, ${name(i + 1)}:eth0], rate: 1Gbps, delay: 1ms, queue: ${QUEUE} }`);
  }
  lines.push(
    'apps:',
    `  - { type: tcp-sink, node: ${name(n - 1)}, port: 5001 }`,
    `  - { type: tcp-bulk, node: ${name(0)}, to: 10.0.${n - 2}.2, port: 5001, duration: 10s, congestion: cubic }`,
  );
  return {
    name: 'w2',
    description: `${n}-node chain, 1 Gbit/s 1 ms, cubic TCP 10 s`,
    yaml: `${lines.join('\n')}\n`,
    ns3: 'w2',
  };
}

/**
 * W3: a star of `n` nodes (a hub and n-1 leaves, 100 Mbit/s, 1 ms); every
 * leaf sends a 64-byte UDP echo to the hub once a second for 60 s, leaf i
 * starting at i ms (as the ns-3 program staggers them).
 */
export function w3(n = 100): Workload {
  const leaves = n - 1;
  const lines = [
    '# W3: a star of nodes, 100 Mbit/s 1 ms links, each leaf echoes 64 bytes off the hub every second for 60 s.',
    'duration: 60s',
    'seed: 1',
    'traces: { pcap: false }',
    'nodes:',
    '  hub:',
    '    interfaces:',
  ];
  for (let i = 0; i < leaves; i++) lines.push(`      eth${i}: { addresses: [10.1.${i}.1/24] }`);
  for (let i = 0; i < leaves; i++) {
    lines.push(`  leaf${i}:`, '    interfaces:', `      eth0: { addresses: [10.1.${i}.2/24] }`);
  }
  lines.push('links:');
  for (let i = 0; i < leaves; i++) {
    lines.push(`  - { endpoints: [hub:eth${i}, leaf${i}:eth0], rate: 100Mbps, delay: 1ms }`);
  }
  lines.push('apps:', '  - { type: udp-echo-server, node: hub, port: 9 }');
  for (let i = 0; i < leaves; i++) {
    lines.push(
      `  - { type: udp-echo, node: leaf${i}, to: 10.1.${i}.1, port: 9, count: 60, interval: 1s, size: 64, start: ${i}ms }`,
    );
  }
  return {
    name: 'w3',
    description: `${n}-node star, 100 Mbit/s 1 ms, UDP echo 1/s for 60 s`,
    yaml: `${lines.join('\n')}\n`,
    ns3: 'w3',
  };
}

/**
 * A tree of `n` nodes for the scale benchmark: a root, `routers`
 * routers below it and the remaining nodes as leaves spread over the
 * routers, with static routes so that every leaf reaches the root through
 * its router; every leaf pings the root once a second for 10 s.
 */
export function tree(n = 1000, routers = 9): Workload {
  const leaves = n - 1 - routers;
  if (leaves < routers) throw new RangeError(`a tree of ${n} nodes cannot have ${routers} routers`);
  const perRouter = Math.ceil(leaves / routers);
  if (perRouter > 250) throw new RangeError(`${perRouter} leaves per router do not fit the address plan`);
  const lines = [
    `# A ${n}-node tree: root, ${routers} routers, ${leaves} leaves; each leaf pings the root every second for 10 s.`,
    'duration: 11s',
    'seed: 1',
    'traces: { pcap: false }',
    'nodes:',
    '  root:',
    '    interfaces:',
  ];
  for (let r = 0; r < routers; r++) lines.push(`      eth${r}: { addresses: [10.0.${r}.1/24] }`);
  lines.push('    routes:');
  for (let r = 0; r < routers; r++) lines.push(`      - { to: 10.${r + 1}.0.0/16, via: 10.0.${r}.2 }`);
  const leafOf: Array<[number, number]> = [];
  for (let k = 0; k < leaves; k++) leafOf.push([k % routers, Math.floor(k / routers)]);
  for (let r = 0; r < routers; r++) {
    lines.push(`  r${r}:`, '    interfaces:', `      up: { addresses: [10.0.${r}.2/24] }`);
    const mine = leafOf.filter(([rr]) => rr === r);
    for (const [, l] of mine) lines.push(`      d${l}: { addresses: [10.${r + 1}.${l}.1/24] }`);
    lines.push(
      '    routes:',
      `      - { to: default, via: 10.0.${r}.1 }`,
      '    sysctls:',
      '      net.ipv4.ip_forward: 1',
    );
  }
  leafOf.forEach(([r, l], k) => {
    lines.push(
      `  l${k}:`,
      '    interfaces:',
      `      eth0: { addresses: [10.${r + 1}.${l}.2/24] }`,
      '    routes:',
      `      - { to: default, via: 10.${r + 1}.${l}.1 }`,
    );
  });
  lines.push('links:');
  for (let r = 0; r < routers; r++) lines.push(`  - { endpoints: [root:eth${r}, r${r}:up], rate: 1Gbps, delay: 1ms }`);
  leafOf.forEach(([r, l], k) => lines.push(`  - { endpoints: [r${r}:d${l}, l${k}:eth0], rate: 100Mbps, delay: 1ms }`));
  lines.push('apps:');
  leafOf.forEach(([r], k) => {
    lines.push(
      `  - { type: ping, node: l${k}, to: 10.0.${r}.1, count: 10, interval: 1s, start: ${1000 + (k % 1000)}ms }`,
    );
  });
  return {
    name: `tree${n}`,
    description: `${n}-node tree, every leaf pings the root 1/s for 10 s`,
    yaml: `${lines.join('\n')}\n`,
    ns3: null,
  };
}

/**
 * Two hosts, 10.0.0.1 and 10.0.0.2, on one 100 Mbit/s link with 5 ms of
 * delay: a topology's `nodes:` and `links:`, to which a caller adds its
 * duration and apps (programs-bench.ts, and the process apps' tests).
 */
export const TWO_HOSTS_NODES = `nodes:
  h1:
    interfaces:
      eth0: { addresses: [10.0.0.1/24] }
  h2:
    interfaces:
      eth0: { addresses: [10.0.0.2/24] }
links:
  - endpoints: [h1:eth0, h2:eth0]
    rate: 100Mbps
    delay: 5ms
`;
