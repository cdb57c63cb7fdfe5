import { JobError, KlCode } from './outcome.js';

/**
 * What cluster_mgr manages: registered machines, clusters with their shards (of storage nodes)
 * and computing nodes, the metadata cluster's mode, backup storage and the cluster_mgr Raft group.
 * Plain data; the job code in handlers/ reads and changes it.
 */
export type MachineType = 'storage' | 'computer';
export type HaMode = 'mgr' | 'rbr' | 'no_rep';

export interface Machine {
  hostaddr: string;
  machineType: MachineType;
  firstPort: number;
  lastPort: number;
  rackId: string;
  totalMemMb: number;
  totalCpuCores: number;
  /** set_machine: running (online) or dead (offline). Only running machines get new instances. */
  running: boolean;
  /** Ports taken by instances on this machine. */
  usedPorts: Set<number>;
}

export interface StorageNode {
  id: number;
  hostaddr: string;
  port: number;
  master: boolean;
}

export interface Shard {
  id: number;
  name: string;
  nodes: StorageNode[];
  /** Tables known to live on this shard (seeded, or moved here by expand_cluster). */
  tables: string[];
}

export interface ComputeNode {
  id: number;
  name: string;
  hostaddr: string;
  port: number;
}

export interface Cluster {
  id: number;
  name: string;
  nickName: string;
  haMode: HaMode;
  innodbSizeMb: number;
  maxConnections: number;
  shards: Shard[];
  comps: ComputeNode[];
  /** Per-cluster name sequences: shard_1, shard_2, comp_1, ... */
  shardSeq: number;
  compSeq: number;
}

export interface BackupStorage {
  hostaddr: string;
  name: string;
  port: string;
  stype: string;
}

export interface KlState {
  /** Keyed by machineKey(hostaddr, type): one host can be a storage and a computer machine. */
  machines: Map<string, Machine>;
  clusters: Map<number, Cluster>;
  nextId: { cluster: number; shard: number; comp: number; node: number };
  instanceCount: number;
  metaMode: HaMode;
  backupStorage: BackupStorage[];
  raft: { leader: string; peers: string[] };
}

/** Bounds that keep a long-running mock's memory flat whatever clients do. */
export const LIMITS = { machines: 1024, clusters: 1024, instances: 20_000 } as const;

export function freshState(): KlState {
  return {
    machines: new Map(),
    clusters: new Map(),
    nextId: { cluster: 1, shard: 1, comp: 1, node: 1 },
    instanceCount: 0,
    metaMode: 'mgr',
    backupStorage: [{ hostaddr: '127.0.0.1', name: 'hdfs_backup1', port: '9000', stype: 'HDFS' }],
    raft: { leader: '127.0.0.1:25000', peers: ['127.0.0.1:25000', '127.0.0.1:25001', '127.0.0.1:25002'] },
  };
}

export function machineKey(hostaddr: string, machineType: MachineType): string {
  return `${hostaddr}/${machineType}`;
}

export function machinesAt(state: KlState, hostaddr: string): Machine[] {
  return [...state.machines.values()].filter((m) => m.hostaddr === hostaddr);
}

/** The generated cluster name: cluster_<unix seconds>_<6-digit id>, as in the document's samples. */
export function clusterName(nowMs: number, id: number): string {
  return `cluster_${Math.floor(nowMs / 1000)}_${String(id).padStart(6, '0')}`;
}

export function requireCluster(state: KlState, id: number): Cluster {
  const cluster = state.clusters.get(id);
  if (!cluster) throw new JobError(KlCode.CLUSTER_NOT_FOUND, `cluster_id ${id} is not exists`);
  return cluster;
}

export function requireShard(cluster: Cluster, id: number): Shard {
  const shard = cluster.shards.find((s) => s.id === id);
  if (!shard) throw new JobError(KlCode.SHARD_NOT_FOUND, `shard_id ${id} is not exists in cluster ${cluster.id}`);
  return shard;
}

/** The storage node listening on hostaddr:port, and its cluster. */
export function findStorageNode(state: KlState, hostaddr: string, port: number): { cluster: Cluster; node: StorageNode } | undefined {
  for (const cluster of state.clusters.values()) {
    for (const shard of cluster.shards) {
      const node = shard.nodes.find((n) => n.hostaddr === hostaddr && n.port === port);
      if (node) return { cluster, node };
    }
  }
  return undefined;
}

/** Running machines of a type, restricted to `hostaddrs` when given (each must be one). */
export function usableMachines(state: KlState, machineType: MachineType, hostaddrs: string[] | undefined): Machine[] {
  if (hostaddrs === undefined) {
    const all = [...state.machines.values()].filter((m) => m.machineType === machineType && m.running);
    if (all.length === 0) throw new JobError(KlCode.NO_USABLE_MACHINE, `no running ${machineType} machine is registered`);
    return all;
  }
  return hostaddrs.map((hostaddr) => {
    const machine = state.machines.get(machineKey(hostaddr, machineType));
    if (!machine || !machine.running) {
      throw new JobError(KlCode.NO_USABLE_MACHINE, `${hostaddr} is not a registered running ${machineType} machine`);
    }
    return machine;
  });
}

/** A place for a new instance: a machine and a free port in its range. */
export interface Placement {
  machine: Machine;
  port: number;
}

/**
 * Plans where `count` new instances go, round-robin over `machines`, each on the lowest free port
 * of its machine's range. Nothing is taken until `commitPlacements`, so a job that fails half-way
 * through planning leaves the state as it was.
 */
export class PlacementPlanner {
  private readonly reserved = new Map<Machine, Set<number>>();
  private turn = 0;
  private planned = 0;

  constructor(private readonly state: KlState) {}

  place(machines: Machine[], count: number): Placement[] {
    if (this.state.instanceCount + this.planned + count > LIMITS.instances) {
      throw new JobError(KlCode.LIMIT_REACHED, `the simulator holds at most ${LIMITS.instances} instances`);
    }
    const placements: Placement[] = [];
    for (let i = 0; i < count; i++) {
      const machine = machines[this.turn++ % machines.length]!;
      placements.push({ machine, port: this.freePort(machine) });
    }
    this.planned += count;
    return placements;
  }

  private freePort(machine: Machine): number {
    const reserved = this.reserved.get(machine) ?? new Set<number>();
    this.reserved.set(machine, reserved);
    for (let port = machine.firstPort; port <= machine.lastPort; port++) {
      if (!machine.usedPorts.has(port) && !reserved.has(port)) {
        reserved.add(port);
        return port;
      }
    }
    throw new JobError(KlCode.NO_USABLE_MACHINE, `no free port left in ${machine.hostaddr}'s range ${machine.firstPort}-${machine.lastPort}`);
  }
}

export function commitPlacement(state: KlState, placement: Placement): void {
  placement.machine.usedPorts.add(placement.port);
  state.instanceCount++;
}

/** Frees an instance's port (its machine may have been deleted since). */
export function releaseInstance(state: KlState, hostaddr: string, machineType: MachineType, port: number): void {
  state.machines.get(machineKey(hostaddr, machineType))?.usedPorts.delete(port);
  state.instanceCount--;
}

export function newShard(state: KlState, cluster: Cluster, placements: Placement[]): Shard {
  const shard: Shard = { id: state.nextId.shard++, name: `shard_${++cluster.shardSeq}`, nodes: [], tables: [] };
  addNodes(state, shard, placements);
  return shard;
}

/** Adds storage nodes to a shard; the first node of an empty shard is its master. */
export function addNodes(state: KlState, shard: Shard, placements: Placement[]): StorageNode[] {
  const added = placements.map((placement) => {
    commitPlacement(state, placement);
    const node: StorageNode = {
      id: state.nextId.node++,
      hostaddr: placement.machine.hostaddr,
      port: placement.port,
      master: shard.nodes.length === 0,
    };
    shard.nodes.push(node);
    return node;
  });
  return added;
}

export function newComp(state: KlState, cluster: Cluster, placement: Placement): ComputeNode {
  commitPlacement(state, placement);
  const comp: ComputeNode = {
    id: state.nextId.comp++,
    name: `comp_${++cluster.compSeq}`,
    hostaddr: placement.machine.hostaddr,
    port: placement.port,
  };
  cluster.comps.push(comp);
  return comp;
}

export function removeShard(state: KlState, cluster: Cluster, shard: Shard): void {
  for (const node of shard.nodes) releaseInstance(state, node.hostaddr, 'storage', node.port);
  cluster.shards = cluster.shards.filter((s) => s !== shard);
}

export function removeComp(state: KlState, cluster: Cluster, comp: ComputeNode): void {
  releaseInstance(state, comp.hostaddr, 'computer', comp.port);
  cluster.comps = cluster.comps.filter((c) => c !== comp);
}

/** Removes a storage node; when it was the master, the next node takes over. */
export function removeNode(state: KlState, shard: Shard, node: StorageNode): void {
  releaseInstance(state, node.hostaddr, 'storage', node.port);
  shard.nodes = shard.nodes.filter((n) => n !== node);
  if (node.master && shard.nodes[0]) shard.nodes[0].master = true;
}

/** `<ip>_<port>;` per instance, as delete_cluster's step answer lists them. */
export function hostList(instances: { hostaddr: string; port: number }[]): string {
  return instances.map((i) => `${i.hostaddr}_${i.port};`).join('');
}

/** A machine is shown online when it is running; its instances take its status. */
export function instanceStatus(state: KlState, hostaddr: string, machineType: MachineType): 'online' | 'offline' {
  return state.machines.get(machineKey(hostaddr, machineType))?.running === false ? 'offline' : 'online';
}
