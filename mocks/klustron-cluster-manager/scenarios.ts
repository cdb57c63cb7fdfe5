import type { JobFate } from './jobs.js';
import { machineKey, type Cluster, type KlState, type Machine, type MachineType } from './state.js';

export const SCENARIOS = {
  seeded:
    "The world of the document's samples: machines 192.168.0.135, .125, .1, .2, .3 and 127.0.0.1 registered and running, " +
    'and cluster 1 (cluster_1659333382_000001, "my_nick_name", one mgr shard of three storage nodes on 192.168.0.135:55001-55003, ' +
    'one computing node on 192.168.0.135:45001), so that the documented get_cluster_detail, get_variable, add_* and delete_* ' +
    'samples find what they name. Replaces machines and clusters once; applying it again keeps the state.',
  'jobs-fail':
    'Every asynchronous job accepted from now on fails: get_status answers status "failed" with error_code "70099". ' +
    'Connectors must surface a failed job instead of polling forever.',
  'next-job-fails': 'The next asynchronous job fails (get_status: failed, error_code "70099"); later ones run normally.',
  'jobs-stuck':
    'Asynchronous jobs accepted from now on never finish: get_status answers "ongoing" forever. Connectors must time out.',
  'machines-offline':
    'Every registered machine is set dead (offline): jobs that place instances fail with error_code "70043", ' +
    'get_machine_summary and get_cluster_detail show them offline.',
} as const satisfies Record<string, string>;

export type ScenarioName = keyof typeof SCENARIOS;

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

/** What a scenario may change: the world, and how the next jobs end. */
export interface ScenarioTarget {
  state: KlState;
  fate: JobFate;
  /** Replaces the state with the seeded world unless that was done since the last reset. */
  seedOnce(): void;
}

export function applyScenarioTo(name: ScenarioName, target: ScenarioTarget): void {
  switch (name) {
    case 'seeded':
      target.seedOnce();
      return;
    case 'jobs-fail':
      target.fate.failAll = true;
      return;
    case 'next-job-fails':
      target.fate.failNext = true;
      return;
    case 'jobs-stuck':
      target.fate.stuck = true;
      return;
    case 'machines-offline':
      for (const machine of target.state.machines.values()) machine.running = false;
      return;
  }
}

/** [hostaddr, type, first port, last port] of the seeded machines. */
const SEEDED_MACHINES: [string, MachineType, number, number][] = [
  ['192.168.0.135', 'storage', 55001, 55999],
  ['192.168.0.135', 'computer', 45001, 45999],
  ['192.168.0.125', 'storage', 57001, 57999],
  ['192.168.0.1', 'computer', 45001, 45999],
  ['192.168.0.2', 'storage', 57001, 57999],
  ['192.168.0.2', 'computer', 47001, 47999],
  ['192.168.0.3', 'storage', 57001, 57999],
  ['192.168.0.3', 'computer', 47001, 47999],
  ['127.0.0.1', 'storage', 57001, 57999],
];

/** Fills a fresh state with the document's sample world (see SCENARIOS.seeded). */
export function seedDocumentedWorld(state: KlState): void {
  for (const [hostaddr, machineType, firstPort, lastPort] of SEEDED_MACHINES) {
    const machine: Machine = {
      hostaddr,
      machineType,
      firstPort,
      lastPort,
      rackId: '1',
      totalMemMb: 8192,
      totalCpuCores: 8,
      running: true,
      usedPorts: new Set(),
    };
    state.machines.set(machineKey(hostaddr, machineType), machine);
  }
  const storage = state.machines.get(machineKey('192.168.0.135', 'storage'))!;
  const computer = state.machines.get(machineKey('192.168.0.135', 'computer'))!;
  const cluster: Cluster = {
    id: 1,
    name: 'cluster_1659333382_000001',
    nickName: 'my_nick_name',
    haMode: 'mgr',
    // get_variable's sample reads innodb_buffer_pool_size 5242880, i.e. 5 MB.
    innodbSizeMb: 5,
    maxConnections: 6,
    shards: [
      {
        id: 1,
        name: 'shard_1',
        nodes: [55001, 55002, 55003].map((port, i) => ({ id: i + 1, hostaddr: '192.168.0.135', port, master: i === 0 })),
        tables: ['kunlundb_super_dba.kunlundb_super_dba_$$_public.test1'],
      },
    ],
    comps: [{ id: 1, name: 'comp_1', hostaddr: '192.168.0.135', port: 45001 }],
    shardSeq: 1,
    compSeq: 1,
  };
  for (const node of cluster.shards[0]!.nodes) storage.usedPorts.add(node.port);
  computer.usedPorts.add(45001);
  state.clusters.set(cluster.id, cluster);
  state.instanceCount = 4;
  state.nextId = { cluster: 2, shard: 2, comp: 2, node: 4 };
}
