import { StateDocumentError } from '../shared/types.js';
import type { JobFate } from './jobs.js';
import { freshState, LIMITS, machineKey, type Cluster, type ComputeNode, type HaMode, type KlState, type MachineType, type Shard } from './state.js';
import { seedDocumentedWorld } from './scenarios.js';

/** A registered machine; what create_machine's paras say, with the simulator's defaults for the rest. */
export interface KlustronMachineDocument {
  hostaddr: string;
  machineType: MachineType;
  firstPort: number;
  lastPort: number;
  rackId?: string;
  totalMemMb?: number;
  totalCpuCores?: number;
  /** false: the machine is dead (offline); default true. */
  running?: boolean;
}

export type KlustronClusterDocument = Omit<Cluster, 'nickName' | 'innodbSizeMb' | 'maxConnections' | 'shards' | 'shardSeq' | 'compSeq'> & {
  nickName?: string;
  innodbSizeMb?: number;
  maxConnections?: number;
  shards: Array<Omit<Shard, 'tables'> & { tables?: string[] }>;
  comps: ComputeNode[];
  /** Numbers the next shard_<n> / comp_<n> names continue from; default the highest in use. */
  shardSeq?: number;
  compSeq?: number;
};

/**
 * The ClusterManager simulator's state as data (schema `specs/state/klustron-cluster-manager.schema.json`):
 * machines, clusters with shards, storage and computing nodes, the metadata cluster's mode, backup
 * storage, the Raft group, and how the next jobs end. Jobs in flight are not part of it.
 */
export interface KlustronStateDocument {
  machines: KlustronMachineDocument[];
  clusters: KlustronClusterDocument[];
  metaMode?: HaMode;
  backupStorage?: KlState['backupStorage'];
  raft?: KlState['raft'];
  /** Scenarios jobs-fail, next-job-fails, jobs-stuck. */
  failures?: { jobsFail?: boolean; nextJobFails?: boolean; jobsStuck?: boolean };
}

export function exportKlustronState(state: KlState, fate: JobFate): Required<KlustronStateDocument> {
  return {
    machines: [...state.machines.values()].map(({ usedPorts: _derived, ...machine }) => ({ ...machine })),
    clusters: [...state.clusters.values()].map((cluster) => structuredClone(cluster)),
    metaMode: state.metaMode,
    backupStorage: structuredClone(state.backupStorage),
    raft: structuredClone(state.raft),
    failures: { jobsFail: fate.failAll, nextJobFails: fate.failNext, jobsStuck: fate.stuck },
  };
}

/**
 * A new state from a document that passed the schema (ports in use and instance counts derived
 * from the clusters). StateDocumentError for a machine, cluster, shard, node or port used twice.
 */
export function importKlustronState(document: KlustronStateDocument): { state: KlState; fate: JobFate } {
  const state = freshState();
  document.machines.forEach((m, i) => {
    const key = machineKey(m.hostaddr, m.machineType);
    if (state.machines.has(key)) throw new StateDocumentError(`/machines/${i}`, `${m.machineType} machine ${m.hostaddr} is listed twice`);
    if (m.firstPort > m.lastPort) throw new StateDocumentError(`/machines/${i}/lastPort`, `lastPort ${m.lastPort} is below firstPort ${m.firstPort}`);
    state.machines.set(key, {
      hostaddr: m.hostaddr,
      machineType: m.machineType,
      firstPort: m.firstPort,
      lastPort: m.lastPort,
      rackId: m.rackId ?? '1',
      totalMemMb: m.totalMemMb ?? 8192,
      totalCpuCores: m.totalCpuCores ?? 8,
      running: m.running ?? true,
      usedPorts: new Set(),
    });
  });
  const used = new Set<string>();
  const ids = { cluster: new Set<number>(), shard: new Set<number>(), node: new Set<number>(), comp: new Set<number>() };
  const claim = (kind: keyof typeof ids, id: number, pointer: string) => {
    if (ids[kind].has(id)) throw new StateDocumentError(pointer, `${kind} id ${id} is used twice`);
    ids[kind].add(id);
  };
  const takePort = (hostaddr: string, machineType: MachineType, port: number, pointer: string) => {
    const key = `${hostaddr}:${port}`;
    if (used.has(key)) throw new StateDocumentError(pointer, `${key} is taken by another instance`);
    used.add(key);
    state.machines.get(machineKey(hostaddr, machineType))?.usedPorts.add(port);
    state.instanceCount++;
  };
  document.clusters.forEach((doc, c) => {
    const at = `/clusters/${c}`;
    claim('cluster', doc.id, `${at}/id`);
    const shards = doc.shards.map((shard, s) => {
      claim('shard', shard.id, `${at}/shards/${s}/id`);
      shard.nodes.forEach((node, n) => {
        claim('node', node.id, `${at}/shards/${s}/nodes/${n}/id`);
        takePort(node.hostaddr, 'storage', node.port, `${at}/shards/${s}/nodes/${n}`);
      });
      return { id: shard.id, name: shard.name, nodes: shard.nodes.map((node) => ({ ...node })), tables: [...(shard.tables ?? [])] };
    });
    doc.comps.forEach((comp, n) => {
      claim('comp', comp.id, `${at}/comps/${n}/id`);
      takePort(comp.hostaddr, 'computer', comp.port, `${at}/comps/${n}`);
    });
    state.clusters.set(doc.id, {
      id: doc.id,
      name: doc.name,
      nickName: doc.nickName ?? '',
      haMode: doc.haMode,
      innodbSizeMb: doc.innodbSizeMb ?? 1024,
      maxConnections: doc.maxConnections ?? 1000,
      shards,
      comps: doc.comps.map((comp) => ({ ...comp })),
      shardSeq: doc.shardSeq ?? highestNumber(shards.map((s) => s.name)),
      compSeq: doc.compSeq ?? highestNumber(doc.comps.map((comp) => comp.name)),
    });
  });
  if (state.instanceCount > LIMITS.instances) throw new StateDocumentError('/clusters', `more than ${LIMITS.instances} instances`);
  const next = (set: Set<number>) => Math.max(0, ...set) + 1;
  state.nextId = { cluster: next(ids.cluster), shard: next(ids.shard), comp: next(ids.comp), node: next(ids.node) };
  if (document.metaMode) state.metaMode = document.metaMode;
  if (document.backupStorage) state.backupStorage = structuredClone(document.backupStorage);
  if (document.raft) state.raft = structuredClone(document.raft);
  const failures = document.failures ?? {};
  return { state, fate: { failAll: failures.jobsFail ?? false, failNext: failures.nextJobFails ?? false, stuck: failures.jobsStuck ?? false } };
}

/** The highest <n> among names like shard_<n> / comp_<n>, 0 when none. */
function highestNumber(names: string[]): number {
  return Math.max(0, ...names.map((name) => Number(/_(\d+)$/.exec(name)?.[1] ?? 0)));
}

/**
 * Everything the document's examples name: its machines and cluster 1 (see scenario `seeded`),
 * plus cluster 3 with shard 2, whose largest tables the get_expand_table_list sample asks for.
 */
export function klustronExamplesState(): Required<KlustronStateDocument> {
  const state = freshState();
  seedDocumentedWorld(state);
  const document = exportKlustronState(state, { failAll: false, failNext: false, stuck: false });
  document.clusters.push({
    id: 3,
    name: 'cluster_1659333382_000003',
    nickName: 'expand_sample',
    haMode: 'mgr',
    innodbSizeMb: 5,
    maxConnections: 6,
    shards: [
      {
        id: 2,
        name: 'shard_1',
        nodes: [57001, 57002, 57003].map((port, i) => ({ id: 10 + i, hostaddr: '192.168.0.125', port, master: i === 0 })),
        tables: ['postgres.public.test1', 'postgres.public.test2'],
      },
    ],
    comps: [],
    shardSeq: 1,
    compSeq: 0,
  });
  return document;
}
