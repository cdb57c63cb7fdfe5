import { JobError, KlCode, succeeded, type Attachment } from '../outcome.js';
import {
  optionalNumber,
  requireCount,
  requireEnum,
  requireList,
  requireNumber,
  requireObjects,
  requireText,
  type Paras,
} from '../paras.js';
import {
  addNodes,
  clusterName,
  findStorageNode,
  hostList,
  LIMITS,
  newComp,
  newShard,
  PlacementPlanner,
  removeComp,
  removeNode,
  removeShard,
  requireCluster,
  requireShard,
  usableMachines,
  type Cluster,
  type Shard,
  type StorageNode,
} from '../state.js';
import { readCreateClusterParas } from './cluster-paras.js';
import type { JobHandlers } from './types.js';

/** Cluster purchase, change and deletion (document section 2). */

const FLAGS = ['0', '1'] as const;

function clusterHeader(cluster: Cluster): Attachment {
  return {
    cluster_id: String(cluster.id),
    cluster_name: cluster.name,
    shards: String(cluster.shards.length),
    comps: String(cluster.comps.length),
  };
}

/**
 * What a real server keeps in the job's memo and answers in get_status once create_cluster is
 * done (kl-status-memo): the steps it ran, the cluster, and the computing nodes' login in clear
 * text (Klustron's default `abc`/`abc`).
 */
function createClusterMemo(cluster: Cluster): Attachment {
  const clusterId = String(cluster.id);
  return {
    cluster_id: clusterId,
    cluster_name: cluster.name,
    job_steps: 'shard,computer',
    shard_step: cluster.shards.map((shard) => ({
      cluster_id: clusterId,
      error_code: 0,
      error_info: 'OK',
      shard_ids: `${shard.id},`,
      storage_hosts: hostList(shard.nodes),
      storage_state: 'done',
    })),
    computer_step: [{ cluster_id: clusterId, computer_hosts: hostList(cluster.comps), computer_state: 'done', error_code: 0, error_info: 'OK' }],
    computer_user: 'abc',
    computer_pwd: 'abc',
  };
}

/** A storage node of the cluster, in `shardId` when given. */
function requireNode(cluster: Cluster, shardId: number | undefined, hostaddr: string, port: number): { shard: Shard; node: StorageNode } {
  const shards = shardId === undefined ? cluster.shards : [requireShard(cluster, shardId)];
  for (const shard of shards) {
    const node = shard.nodes.find((n) => n.hostaddr === hostaddr && n.port === port);
    if (node) return { shard, node };
  }
  throw new JobError(KlCode.NODE_NOT_FOUND, `storage node ${hostaddr}:${port} is not in cluster ${cluster.id}`);
}

export const clusterHandlers: JobHandlers = {
  create_cluster: {
    mode: 'async',
    run(paras, { state, now, rules }) {
      const wanted = readCreateClusterParas(paras, rules.coreParasOnly);
      if (state.clusters.size >= LIMITS.clusters) throw new JobError(KlCode.LIMIT_REACHED, `the simulator holds at most ${LIMITS.clusters} clusters`);
      const storage = usableMachines(state, 'storage', wanted.storageIps);
      const computer = usableMachines(state, 'computer', wanted.computerIps);
      const planner = new PlacementPlanner(state);
      const shardPlacements = Array.from({ length: wanted.shards }, () => planner.place(storage, wanted.nodes));
      const compPlacements = planner.place(computer, wanted.comps);

      const id = state.nextId.cluster++;
      const cluster: Cluster = {
        id,
        name: clusterName(now, id),
        nickName: wanted.nickName,
        haMode: wanted.haMode,
        innodbSizeMb: wanted.innodbSizeMb,
        maxConnections: wanted.maxConnections,
        shards: [],
        comps: [],
        shardSeq: 0,
        compSeq: 0,
      };
      state.clusters.set(id, cluster);
      for (const placements of shardPlacements) cluster.shards.push(newShard(state, cluster, placements));
      for (const placement of compPlacements) newComp(state, cluster, placement);
      return succeeded('create cluster successfully', clusterHeader(cluster), createClusterMemo(cluster));
    },
  },

  add_shards: {
    mode: 'async',
    run(paras, { state }) {
      const cluster = requireCluster(state, requireNumber(paras, 'cluster_id'));
      const shardCount = requireCount(paras, 'shards');
      const nodeCount = requireCount(paras, 'nodes');
      const storage = usableMachines(state, 'storage', requireList(paras, 'storage_iplists'));
      const planner = new PlacementPlanner(state);
      const shardPlacements = Array.from({ length: shardCount }, () => planner.place(storage, nodeCount));
      const added = shardPlacements.map((placements) => newShard(state, cluster, placements));
      cluster.shards.push(...added);
      return succeeded('add shards successfully', {
        ...clusterHeader(cluster),
        list_shard: added.map((shard) => ({ shard_id: String(shard.id), shard_name: shard.name })),
      });
    },
  },

  delete_shard: {
    mode: 'async',
    run(paras, { state }) {
      const cluster = requireCluster(state, requireNumber(paras, 'cluster_id'));
      const shard = requireShard(cluster, requireNumber(paras, 'shard_id'));
      removeShard(state, cluster, shard);
      return succeeded('delete shard successfully');
    },
  },

  add_comps: {
    mode: 'async',
    run(paras, { state }) {
      const cluster = requireCluster(state, requireNumber(paras, 'cluster_id'));
      const compCount = requireCount(paras, 'comps');
      const computer = usableMachines(state, 'computer', requireList(paras, 'computer_iplists'));
      const placements = new PlacementPlanner(state).place(computer, compCount);
      const added = placements.map((placement) => newComp(state, cluster, placement));
      return succeeded('add comps successfully', {
        ...clusterHeader(cluster),
        list_comp: added.map((comp) => ({ comp_id: String(comp.id), comp_name: comp.name })),
      });
    },
  },

  delete_comp: {
    mode: 'async',
    run(paras, { state }) {
      const cluster = requireCluster(state, requireNumber(paras, 'cluster_id'));
      const compId = requireNumber(paras, 'comp_id');
      const comp = cluster.comps.find((c) => c.id === compId);
      if (!comp) throw new JobError(KlCode.COMP_NOT_FOUND, `comp_id ${compId} is not exists in cluster ${cluster.id}`);
      removeComp(state, cluster, comp);
      return succeeded('delete comp successfully');
    },
  },

  add_nodes: {
    mode: 'async',
    run(paras, { state }) {
      const cluster = requireCluster(state, requireNumber(paras, 'cluster_id'));
      const shardId = optionalNumber(paras, 'shard_id');
      const shards = shardId === undefined ? cluster.shards : [requireShard(cluster, shardId)];
      const nodeCount = requireCount(paras, 'nodes');
      const storage = usableMachines(state, 'storage', requireList(paras, 'storage_iplists'));
      const planner = new PlacementPlanner(state);
      const plans = shards.map((shard) => ({ shard, placements: planner.place(storage, nodeCount) }));
      const listShard = plans.map(({ shard, placements }) => {
        const added = addNodes(state, shard, placements);
        return {
          shard_id: String(shard.id),
          shard_name: shard.name,
          nodes: String(shard.nodes.length),
          list_node: added.map((node) => ({ hostaddr: node.hostaddr, node_id: String(node.id), port: String(node.port) })),
        };
      });
      return succeeded('add new nodes successfully', { ...clusterHeader(cluster), list_shard: listShard });
    },
  },

  delete_node: {
    mode: 'async',
    run(paras, { state }) {
      const cluster = requireCluster(state, requireNumber(paras, 'cluster_id'));
      const { shard, node } = requireNode(cluster, optionalNumber(paras, 'shard_id'), requireText(paras, 'hostaddr'), requireNumber(paras, 'port'));
      removeNode(state, shard, node);
      return succeeded('delete node successfully');
    },
  },

  rebuild_node: {
    mode: 'async',
    run(paras, { state }) {
      const cluster = requireCluster(state, requireNumber(paras, 'cluster_id'));
      const shardId = optionalNumber(paras, 'shard_id');
      requireEnum(paras, 'allow_pull_from_master', FLAGS);
      requireNumber(paras, 'allow_replica_delay');
      for (const rbNode of requireObjects(paras, 'rb_nodes')) {
        requireEnum(rbNode, 'need_backup', FLAGS);
        requireText(rbNode, 'hdfs_host');
        requireNumber(rbNode, 'pv_limit');
        requireNode(cluster, shardId, requireText(rbNode, 'hostaddr'), requireNumber(rbNode, 'port'));
      }
      // Rebuilding copies data onto the same instances: nothing the API shows changes.
      return succeeded('rebuild node successfully');
    },
  },

  delete_cluster: {
    mode: 'async',
    run(paras, { state }) {
      const cluster = requireCluster(state, requireNumber(paras, 'cluster_id'));
      const storageNodes = cluster.shards.flatMap((shard) => shard.nodes);
      const attachment = {
        cluster_id: String(cluster.id),
        cluster_name: cluster.name,
        job_steps: 'shard,computer',
        shard_step: [
          {
            cluster_id: String(cluster.id),
            error_code: 0,
            error_info: 'OK',
            shard_ids: cluster.shards.map((shard) => `${shard.id},`).join(''),
            storage_hosts: hostList(storageNodes),
            storage_state: 'done',
          },
        ],
        storage_state: 'done',
        computer_step: [
          {
            cluster_id: String(cluster.id),
            error_code: 0,
            error_info: 'OK',
            computer_hosts: hostList(cluster.comps),
            computer_state: 'done',
          },
        ],
        computer_state: 'done',
      };
      for (const shard of [...cluster.shards]) removeShard(state, cluster, shard);
      for (const comp of [...cluster.comps]) removeComp(state, cluster, comp);
      state.clusters.delete(cluster.id);
      return succeeded('OK', attachment);
    },
  },

  update_instance_cgroup: {
    mode: 'async',
    run(paras, { state }) {
      const ip = requireText(paras, 'ip');
      const port = requireNumber(paras, 'port');
      const type = requireEnum(paras, 'type', ['mysql', 'pg'] as const);
      requireNumber(paras, 'cpu_cores');
      requireEnum(paras, 'cgroup_mode', ['quota', 'share'] as const);
      const found =
        type === 'mysql'
          ? findStorageNode(state, ip, port) !== undefined
          : [...state.clusters.values()].some((c) => c.comps.some((comp) => comp.hostaddr === ip && comp.port === port));
      if (!found) throw new JobError(KlCode.INSTANCE_NOT_FOUND, `no ${type} instance listens on ${ip}:${port}`);
      return succeeded('update instance cgroup successfully');
    },
  },
};
